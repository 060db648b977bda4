/**
 * Lesson 9's comparison on one held-out text task: the same labelled pairs used five ways. Zero-shot
 * (no pair), k-shot prompting (k pairs in front of each question), a head on the frozen encoder,
 * LoRA and full fine-tuning; each scored by greedy exact match on the same fresh test pairs, with
 * the weights it trained, the seconds it took and (for the two that change the model) every other
 * task's accuracy before and after.
 */
import {
  fineTuneT5,
  greedyAccuracy,
  loadTrainableT5,
  miniT5Examples,
  MINI_T5_TASKS,
  type FineTuneOptions,
  type MiniT5Task,
  type TextPair,
  type TrainableT5,
} from '../t5';
import type { TextModel } from '../text/load';
import { trainSlotHead } from '../text/slot-head';

export interface TextMethodData {
  task: MiniT5Task;
  /** The labelled pairs every method may use (k-shot takes the first k). */
  labelled: TextPair[];
  /** Fresh pairs, none with an input among the labelled ones. */
  test: TextPair[];
}

/**
 * Labelled and test pairs of a task's held-out phrasing, drawn from the seed; no test input is
 * among the labelled ones.
 *
 * @param task - which of the mini T5's tasks, e.g. `translate`.
 * @param seed - the same seed gives the same pairs.
 * @param labelled - how many labelled pairs (default 64).
 * @param test - how many test pairs (default 100).
 * @returns the task, its labelled pairs and its test pairs.
 * @example
 * const data = textMethodData('translate', 1, 64, 20);
 * console.log(data.labelled.length, data.test.length); // 64 20
 */
export function textMethodData(task: MiniT5Task, seed: number, labelled = 64, test = 100): TextMethodData {
  const train = miniT5Examples(task, 'held_out', labelled, seed);
  const seen = new Set(train.map((pair) => pair.input));
  const fresh = miniT5Examples(task, 'held_out', test * 3, seed + 10_000)
    .filter((pair) => !seen.has(pair.input))
    .slice(0, test);
  return { task, labelled: train, test: fresh };
}

/**
 * The test questions with `k` solved examples in front, in the model's own format: each example's
 * input followed by its answer, then the question. The mini T5 never saw such a prompt in training.
 *
 * @param examples - the solved pairs to show; the first `k` are used.
 * @param test - the questions to ask.
 * @param k - how many solved examples go in front of each question (0 gives the questions unchanged).
 * @returns one pair per test question: the k-shot prompt as input, the question's answer as target.
 * @example
 * const data = textMethodData('translate', 1, 64, 20);
 * console.log(kShotPairs(data.labelled, data.test, 2)[0].input);
 */
export function kShotPairs(examples: readonly TextPair[], test: readonly TextPair[], k: number): TextPair[] {
  const shown = examples.slice(0, k).map((e) => `${e.input} ${e.target}`);
  return test.map((pair) => ({ input: [...shown, pair.input].join(' '), target: pair.target }));
}

export interface TaskAccuracy {
  task: MiniT5Task;
  before: number;
  after: number;
}

/**
 * Fixed examples of every other task in its trained phrasings, to measure forgetting.
 *
 * @param task - the task being taught, left out.
 * @param count - pairs per other task.
 * @param seed - the same seed gives the same pairs.
 * @returns one entry per other task: its name and its pairs.
 * @example
 * const others = otherTaskSets('translate', 10, 1);
 * console.log(others.map((set) => set.task)); // the six other tasks
 */
export function otherTaskSets(
  task: MiniT5Task,
  count: number,
  seed: number,
): { task: MiniT5Task; pairs: TextPair[] }[] {
  return MINI_T5_TASKS.filter((other) => other !== task).map((other) => ({
    task: other,
    pairs: miniT5Examples(other, 'seen', count, seed + 30_000),
  }));
}

/**
 * How many positions of encoder output the head reads (the mini T5's prompts are a dozen tokens).
 * @example
 * console.log(`the head reads the first ${HEAD_POSITIONS} encoder positions`);
 */
export const HEAD_POSITIONS = 16;

export interface HeadScore {
  accuracy: number;
  parameters: number;
  seconds: number;
  answers: string[];
}

/**
 * A head on the frozen encoder (transformers.js runs the encoder from the same ONNX file): one
 * classifier per answer word, trained on the labelled pairs, scored on the test pairs.
 *
 * @param encoder - a loaded text model whose encoder gives the features, e.g. the mini T5.
 * @param data - the labelled pairs to train on and the test pairs to score.
 * @param options - the head's seed, and a signal that stops the work.
 * @returns test accuracy, the head's parameter count, training seconds and every test answer.
 * @example
 * const encoder = await loadTextModel({ model: 'mini-t5', device: 'wasm' });
 * const score = await headOnEncoder(encoder, textMethodData('translate', 1, 64, 20), { seed: 1 });
 * console.log(score.accuracy, score.parameters);
 */
export async function headOnEncoder(
  encoder: TextModel,
  data: TextMethodData,
  options: { seed?: number; signal?: AbortSignal } = {},
): Promise<HeadScore> {
  const start = performance.now();
  const layout = { pooling: 'positions', count: HEAD_POSITIONS } as const;
  const trainX = await encoder.encoderFeatures(
    data.labelled.map((p) => p.input),
    { layout, signal: options.signal },
  );
  const head = await trainSlotHead(
    trainX,
    data.labelled.map((p) => p.target),
    { seed: options.seed, signal: options.signal },
  );
  const seconds = (performance.now() - start) / 1000;
  const testX = await encoder.encoderFeatures(
    data.test.map((p) => p.input),
    { layout, signal: options.signal },
  );
  const answers = head.predict(testX);
  head.dispose();
  const right = answers.filter((answer, i) => answer === data.test[i]!.target).length;
  return { accuracy: right / data.test.length, parameters: head.parameters, seconds, answers };
}

export interface TuneScore {
  method: 'lora' | 'full';
  accuracy: number;
  trainable: number;
  total: number;
  steps: number;
  seconds: number;
  stopped: string;
  backend: string;
  forgetting: TaskAccuracy[];
}

/**
 * The settings lesson 9 compares: each method's learning rate and a fixed number of steps (ten
 * passes over 64 labelled pairs at 16 a step; the learning rate decays to a tenth over them).
 * @example
 * const fewerSteps = { ...TUNE_SETTINGS.lora, maxSteps: 10 };
 */
export const TUNE_SETTINGS: Readonly<Record<'lora' | 'full', FineTuneOptions>> = Object.freeze({
  lora: { method: 'lora', rank: 8, targets: ['q', 'v'], learningRate: 3e-3, batchSize: 16, maxSteps: 40 },
  full: { method: 'full', learningRate: 3e-4, batchSize: 16, maxSteps: 40 },
});

/**
 * Loads a fresh model, fine-tunes it on the labelled pairs for a fixed number of steps, and scores
 * it on the test pairs and the other tasks. The model is freed before it returns.
 *
 * @param modelBase - where the model's files are (see `trainableModelBase`).
 * @param data - the labelled pairs to train on and the test pairs to score.
 * @param options - the fine-tuning settings, e.g. `TUNE_SETTINGS.lora`.
 * @param others - other tasks' pairs, scored before and after to measure forgetting (may be empty).
 * @returns test accuracy, trainable and total parameters, steps, seconds, backend and forgetting.
 * @example
 * const base = trainableModelBase('mini-t5');
 * const data = textMethodData('translate', 1, 64, 20);
 * const score = await tuneAndScore(base, data, { ...TUNE_SETTINGS.lora, seed: 1 }, otherTaskSets('translate', 10, 1));
 * console.log(score.accuracy, score.forgetting);
 */
export async function tuneAndScore(
  modelBase: string,
  data: TextMethodData,
  options: FineTuneOptions,
  others: { task: MiniT5Task; pairs: TextPair[] }[],
): Promise<TuneScore> {
  const model: TrainableT5 = await loadTrainableT5(modelBase);
  try {
    const before: number[] = [];
    for (const set of others) before.push(await greedyAccuracy(model, set.pairs));
    // No evaluation pairs: a fixed number of steps, so nothing about the test pairs steers training.
    const run = await fineTuneT5(model, data.labelled, [], { stopAtAccuracy: 0, ...options });
    const accuracy = await greedyAccuracy(model, data.test);
    const forgetting: TaskAccuracy[] = [];
    for (const [index, set] of others.entries())
      forgetting.push({
        task: set.task,
        before: before[index]!,
        after: await greedyAccuracy(model, set.pairs),
      });
    return {
      method: options.method,
      accuracy,
      trainable: run.trainableParameters,
      total: run.totalParameters,
      steps: run.steps,
      seconds: run.seconds,
      stopped: run.stopped,
      backend: run.backend,
      forgetting,
    };
  } finally {
    model.dispose();
  }
}
