/**
 * Lesson 8's experiment, "teach the mini T5 a phrasing it gets wrong": the accuracy on fresh
 * examples of one task's held-out phrasing (or on pairs the reader typed) before and after
 * fine-tuning, and every other task's accuracy before and after (forgetting). The widget only
 * draws what this returns; everything that trains or predicts is in `src/lib/t5`.
 */
import {
  generateWithT5,
  miniT5Examples,
  MINI_T5_TASKS,
  phrasingTestSet,
  tuneAndMeasure,
  type FineTuneResult,
  type FineTuneStep,
  type MiniT5Task,
  type TextPair,
  type TrainableT5,
  type TaskChange,
} from '../t5';
import type { TeachConfig } from './teach-phrasing-config';
import { textModelEntry } from '../text/registry';
import { runtimeLocations } from '../text/runtime';

/**
 * Where the trainable T5 reads a model's files: the site's folder for the mini T5, the Hub (or the
 * loopback mirror `?hub=` sets) for FLAN-T5. The same ONNX files transformers.js runs.
 *
 * @param modelId - a text model's id, e.g. `mini-t5` or `flan-t5-small`.
 * @returns the folder URL, ending in `/`, to give `loadTrainableT5`.
 * @example
 * const model = await loadTrainableT5(trainableModelBase('mini-t5'));
 */
export function trainableModelBase(modelId: string): string {
  const entry = textModelEntry(modelId);
  const where = runtimeLocations();
  return entry.source === 'site'
    ? `${where.siteModels}${entry.repo}/`
    : `${where.hubHost}${entry.repo}/resolve/main/`;
}

export interface TeachData {
  train: TextPair[];
  /** Pairs the live accuracy and the early stop look at (never the test pairs). */
  validation: TextPair[];
  test: TextPair[];
  /** True when there were too few typed pairs to hold any back: the test pairs are the training pairs. */
  testIsTrain: boolean;
}

/**
 * Fresh examples of a task's held-out phrasing: the training set from the seed; test and validation
 * sets from another seed, with no input in two sets.
 */
export function heldOutPhrasingData(task: MiniT5Task, config: TeachConfig): TeachData {
  const train = miniT5Examples(task, 'held_out', config.trainCount, config.seed);
  const seen = new Set(train.map((pair) => pair.input));
  const fresh = miniT5Examples(task, 'held_out', config.testCount * 6, config.seed + 10_000).filter(
    (pair) => {
      if (seen.has(pair.input)) return false;
      seen.add(pair.input);
      return true;
    },
  );
  return {
    train,
    validation: fresh.slice(config.testCount, config.testCount * 2),
    test: fresh.slice(0, config.testCount),
    testIsTrain: false,
  };
}

/** The other tasks the forgetting table covers: every task except the one taught. */
export function otherTasks(task: MiniT5Task | 'custom'): MiniT5Task[] {
  return MINI_T5_TASKS.filter((other) => other !== task);
}

/** Examples of the other tasks' trained phrasings, mixed into training when rehearsal is on. */
export function rehearsalPairs(task: MiniT5Task | 'custom', count: number, seed: number): TextPair[] {
  const tasks = otherTasks(task);
  const each = Math.max(1, Math.ceil(count / tasks.length));
  return tasks.flatMap((other) => miniT5Examples(other, 'seen', each, seed + 20_000));
}

/** One other task's accuracy before and after (forgetting). */
export type TaskScore = TaskChange;

/**
 * Fixed test examples of the other tasks (trained phrasings), the same before and after: the
 * library's own forgetting sets (`phrasingTestSet`), so the widget and the t5-finetune benchmark
 * measure forgetting on the same pairs.
 */
export function forgettingSets(
  task: MiniT5Task | 'custom',
  count: number,
): { task: MiniT5Task; pairs: TextPair[] }[] {
  return otherTasks(task).map((other) => ({ task: other, pairs: phrasingTestSet(other, 'seen', count) }));
}

export type TeachPhase = 'before' | 'training' | 'after' | 'forgetting';

export interface TeachHooks {
  signal?: AbortSignal;
  onPhase?: (phase: TeachPhase, message: string) => void;
  onStep?: (step: FineTuneStep) => void;
  /**
   * Aborted (together with `signal`) when the run is given up rather than stopped: training ends and
   * nothing is measured after it (the widget uses it when a step proves too slow to go on).
   */
  abandon?: AbortSignal;
}

export interface TeachOutcome {
  backend: string;
  before: number;
  after: number;
  /** Greedy answers to the first test pairs after training, for the reader to read. */
  samples: { input: string; target: string; output: string }[];
  training: FineTuneResult;
  forgetting: TaskScore[];
  data: TeachData;
}

/**
 * Measures, fine-tunes and measures again. `model` is changed in place (LoRA adapters added, or
 * every weight trained): the caller keeps it to ask questions or export the adapter, and loads a
 * fresh copy for the next run. With `task: 'custom'`, pass the typed data.
 */
export async function teachPhrasing(
  model: TrainableT5,
  config: TeachConfig,
  data: TeachData,
  hooks: TeachHooks = {},
): Promise<TeachOutcome> {
  if (data.train.length === 0)
    throw new Error('There is nothing to train on: give at least one input -> output pair.');
  // Typed pairs too: a genuinely new task is where forgetting is largest (the t5-finetune bench).
  const sets = config.forgettingCount === 0 ? [] : forgettingSets(config.task, config.forgettingCount);
  const {
    before,
    after,
    forgetting,
    run: training,
  } = await tuneAndMeasure(model, {
    train: data.train,
    validation: data.validation,
    test: data.test,
    others: sets,
    tuning: {
      method: config.method,
      rank: config.rank,
      targets: config.targets,
      learningRate: config.learningRate,
      batchSize: config.batchSize,
      maxSteps: config.maxSteps,
      // 0 tells fineTuneT5 never to stop early.
      stopAtAccuracy: config.stopAtAccuracy ?? 0,
      evalEvery: 1,
      seed: config.seed,
      rehearsal: config.rehearsal ? rehearsalPairs(config.task, data.train.length, config.seed) : undefined,
      signal: hooks.signal,
      onStep: hooks.onStep,
    },
    onPhase: hooks.onPhase,
    abandon: hooks.abandon,
  });
  hooks.onPhase?.('after', "Writing the tuned model's answers to a few test examples…");
  const samples = [];
  for (const pair of data.test.slice(0, 5)) {
    samples.push({ ...pair, output: await generateWithT5(model, pair.input) });
  }
  return { backend: training.backend || model.backend, before, after, samples, training, forgetting, data };
}
