/**
 * The experiment lessons, the benchmark and the claim test share: teach the mini T5 one task's
 * held-out phrasing and measure, on fixed fresh examples, the accuracy before and after (greedy
 * decoding) and every other task's accuracy in its seen phrasings (forgetting).
 */
import { fineTuneT5 } from './finetune';
import { greedyAccuracy } from './decode';
import { MINI_T5_TASKS, miniT5Examples, type MiniT5Task } from './tasks';
import type { FineTuneOptions, FineTuneResult, TextPair, TrainableT5 } from './types';

/** Fixed evaluation sets: the same for every seed, so before and after are paired. */
const TEST_SEED = 10_001;
const STOP_SEED = 20_001;
const SEEN_SEED = 30_001;

/**
 * Fresh held-out examples to score a task on (the same for every call).
 *
 * @param task - the task.
 * @param phrasing - seen or held-out templates.
 * @param count - how many (default 100).
 * @returns the pairs.
 * @example
 * const test = phrasingTestSet('translate', 'held_out');
 */
export function phrasingTestSet(task: MiniT5Task, phrasing: 'seen' | 'held_out', count = 100): TextPair[] {
  return miniT5Examples(task, phrasing, count, phrasing === 'seen' ? SEEN_SEED : TEST_SEED);
}

/**
 * Greedy accuracy of every task in the given phrasing, on the fixed test sets.
 *
 * @param model - the model.
 * @param phrasing - `seen` (for forgetting) or `held_out`.
 * @param count - examples per task (default 100).
 * @param signal - aborting it stops between examples (the promise rejects).
 * @returns accuracy by task.
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * const seen = await taskAccuracies(model, 'seen');
 */
export async function taskAccuracies(
  model: TrainableT5,
  phrasing: 'seen' | 'held_out',
  count = 100,
  signal?: AbortSignal,
): Promise<Record<MiniT5Task, number>> {
  const out = {} as Record<MiniT5Task, number>;
  for (const task of MINI_T5_TASKS)
    out[task] = await greedyAccuracy(model, phrasingTestSet(task, phrasing, count), { signal });
  return out;
}

/** Options for `teachHeldOutPhrasing`: fine-tuning settings plus the task and the sizes. */
export interface PhrasingRunOptions extends Omit<FineTuneOptions, 'seed'> {
  task: MiniT5Task;
  seed: number;
  /** Training pairs drawn (default 512; a run at batch 16 that stops at step 10 sees 160). */
  trainCount?: number;
  /** Pairs the stop rule watches (teacher-forced, default 100; not the test set). */
  stopCount?: number;
  /** Test pairs, and pairs per other task for forgetting (default 100). */
  testCount?: number;
  /** Accuracies before training, when already measured (saves the first evaluation). */
  before?: { heldOut: number; seen: Record<MiniT5Task, number> };
}

/** What one run did to the model. */
export interface PhrasingRun {
  task: MiniT5Task;
  seed: number;
  /** Greedy accuracy on the task's held-out phrasing, before and after. */
  before: number;
  after: number;
  /** Seen-phrasing accuracy of every other task, before and after. */
  forgetting: TaskChange[];
  /** The largest drop among the other tasks (0 when none fell). */
  worstDrop: number;
  run: FineTuneResult;
}

/** One task's scores before and after a run (forgetting, when the task was not the one taught). */
export interface TaskChange {
  task: MiniT5Task;
  before: number;
  after: number;
}

/** What `tuneAndMeasure` needs: the data, the other tasks to watch, the fine-tuning settings. */
export interface TuneAndMeasure {
  train: TextPair[];
  /** Pairs the live accuracy and the early stop look at (never the test pairs). */
  validation: TextPair[];
  test: TextPair[];
  /** Fixed test pairs of the other tasks, scored before and after (forgetting). */
  others: { task: MiniT5Task; pairs: TextPair[] }[];
  tuning: FineTuneOptions;
  /** Scores before training, when already measured: the test pairs', and each of `others`'. */
  before?: { test: number; others: number[] };
  /** Called as the run moves from measuring to training and back. */
  onPhase?: (phase: 'before' | 'training' | 'after' | 'forgetting', message: string) => void;
  /** Aborted when the run is given up: nothing is measured after training. */
  abandon?: AbortSignal;
}

/**
 * Measures, fine-tunes and measures again: greedy accuracy on the test pairs and on every other
 * task's pairs, before and after. A Stop (`tuning.signal`) ends training early; the model is then
 * still whole, so what the steps so far achieved is measured. The one place the widget, the
 * benchmark and the claim test share.
 *
 * @param model - the model; changed in place (LoRA stays attached).
 * @param plan - the data, the other tasks, the settings.
 * @returns the accuracy before and after, each other task's change, and the run's record.
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * const test = phrasingTestSet('plural', 'held_out', 20);
 * const train = miniT5Examples('plural', 'held_out', 64, 1);
 * await tuneAndMeasure(model, { train, validation: test, test, others: [], tuning: { method: 'lora', maxSteps: 2 } });
 */
export async function tuneAndMeasure(
  model: TrainableT5,
  plan: TuneAndMeasure,
): Promise<{ before: number; after: number; forgetting: TaskChange[]; run: FineTuneResult }> {
  const { signal } = plan.tuning;
  const score = async (pairs: TextPair[], stoppable: boolean) =>
    greedyAccuracy(model, pairs, stoppable ? { signal } : {});
  const scoreOthers = async (stoppable: boolean) => {
    const scores: number[] = [];
    for (const { pairs } of plan.others) scores.push(await score(pairs, stoppable));
    return scores;
  };
  plan.onPhase?.('before', 'Measuring the accuracy before training…');
  const before = plan.before?.test ?? (await score(plan.test, true));
  const othersBefore = plan.before?.others ?? (await scoreOthers(true));
  plan.onPhase?.('training', 'Training…');
  const run = await fineTuneT5(model, plan.train, plan.validation, plan.tuning);
  if (plan.abandon?.aborted) throw new DOMException('Given up.', 'AbortError');
  plan.onPhase?.('after', 'Measuring the accuracy after training, with greedy decoding…');
  const after = await score(plan.test, false);
  plan.onPhase?.('forgetting', 'Measuring the other tasks again…');
  const othersAfter = await scoreOthers(false);
  const forgetting = plan.others.map(({ task }, index) => ({
    task,
    before: othersBefore[index]!,
    after: othersAfter[index]!,
  }));
  return { before, after, forgetting, run };
}

/**
 * Fine-tunes the model on a task's held-out phrasing and measures the effect and the forgetting.
 * The model is changed (LoRA stays attached; call `removeT5Lora` or reload to start again).
 *
 * @param model - the mini T5.
 * @param opts - task, seed, method and fine-tuning settings.
 * @returns accuracies before and after, forgetting, and the run's record.
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * const r = await teachHeldOutPhrasing(model, { task: 'translate', seed: 1, method: 'lora', rank: 4 });
 * console.log(r.before, '->', r.after, 'worst drop', r.worstDrop);
 */
export async function teachHeldOutPhrasing(
  model: TrainableT5,
  opts: PhrasingRunOptions,
): Promise<PhrasingRun> {
  const { task, seed, trainCount = 512, stopCount = 100, testCount = 100, before, ...tuning } = opts;
  const others = MINI_T5_TASKS.filter((t) => t !== task).map((t) => ({
    task: t,
    pairs: phrasingTestSet(t, 'seen', testCount),
  }));
  const result = await tuneAndMeasure(model, {
    train: miniT5Examples(task, 'held_out', trainCount, seed),
    validation: miniT5Examples(task, 'held_out', stopCount, STOP_SEED + seed),
    test: phrasingTestSet(task, 'held_out', testCount),
    others,
    tuning: { ...tuning, seed },
    before: before && { test: before.heldOut, others: others.map(({ task: t }) => before.seen[t]) },
  });
  const worstDrop = Math.max(0, ...result.forgetting.map((f) => f.before - f.after));
  return { task, seed, ...result, worstDrop };
}
