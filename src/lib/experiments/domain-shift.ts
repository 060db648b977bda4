/**
 * Domain shift and domain adaptation: a model trained on one domain (MNIST) meets the same classes
 * drawn another way (the UCI optical digits, or a synthetic shift), loses accuracy, and recovers
 * it from a few labelled target images. Each function returns plain numbers a cell or chart shows.
 */
import type { LayersModel } from '../tf';
import type { DigitSet } from '../data/digit-set';
import type { ShiftKind } from '../data/shifts';
import { evaluate } from '../evaluation/evaluate';
import { train } from '../training/train';
import { prepareTransfer, type TransferStrategy } from '../transfer/prepare';
import { spread, type Spread } from './spread';

/** How many weight updates every run gets, whatever the number of labels (see transferBudget). */
export const MIN_UPDATES = 60;
export const BATCH_SIZE = 10;

/**
 * The training budget of one adaptation run: batches of 10 and at least `minUpdates` weight
 * updates (and 3 passes), so a run on 10 images is not starved of steps next to one on 100.
 * @param size labelled images in all
 * @param minUpdates the fewest training steps (default 60)
 * @returns the epochs and batch size that give at least that many updates
 * @example
 * transferBudget(50)
 */
export function transferBudget(
  size: number,
  minUpdates = MIN_UPDATES,
): { epochs: number; batchSize: number } {
  const batches = Math.ceil(size / BATCH_SIZE);
  return { epochs: Math.max(3, Math.ceil(minUpdates / batches)), batchSize: BATCH_SIZE };
}

/**
 * The course's learning rates: 1e-3 for a network that trains all (or most) of its weights, ten
 * times more for a lone linear head, which has few weights and few updates to learn in.
 * @example
 * LEARNING_RATES['fine-tune']
 */
export const LEARNING_RATES: Readonly<Record<TransferStrategy, number>> = {
  scratch: 1e-3,
  'feature-extraction': 1e-2,
  'fine-tune': 1e-3,
};

export interface AdaptationRun {
  strategy: TransferStrategy;
  perClass: number;
  seed: number;
  /** Share of the target test images classified correctly, 0..1. */
  accuracy: number;
  /** Accuracy on each digit 0..9. */
  perDigit: number[];
  seconds: number;
}

export interface AdaptOptions {
  strategy: TransferStrategy;
  seed: number;
  /** Weight updates at least (default 60). */
  minUpdates?: number;
  signal?: AbortSignal;
}

/**
 * One run: the pretrained model (which stays untouched) adapted to `labelled` target images with
 * one strategy, scored on `test`. The model keeps its head (same ten classes, new domain):
 * feature-extraction trains the head only, fine-tune trains every layer, scratch starts the same
 * architecture from random weights.
 * @param pretrained the model trained on the source domain
 * @param labelled the labelled target digits
 * @param test the target test digits
 * @param options the strategy, the seed and the fewest training updates
 * @returns the test accuracy after adapting, and the budget it used
 * @example
 * const { model } = await loadPretrained('teacher-cnn');
 * const { train, test } = await loadOptDigits();
 * await adaptToDomain(model, train.take(5, 1), test, { strategy: 'fine-tune', seed: 1 })
 */
export async function adaptToDomain(
  pretrained: LayersModel,
  labelled: DigitSet,
  test: DigitSet,
  options: AdaptOptions,
): Promise<AdaptationRun> {
  const { strategy, seed } = options;
  const model = await prepareTransfer(pretrained, { classes: 10, head: 'keep', strategy, seed });
  try {
    const result = await train(model, labelled, {
      ...transferBudget(labelled.size, options.minUpdates),
      seed,
      learningRate: LEARNING_RATES[strategy],
      signal: options.signal,
    });
    if (result.stopped) throw new DOMException('The run was stopped.', 'AbortError');
    const { accuracy, perClass } = await evaluate(model, test);
    const counts = labelled.counts();
    return {
      strategy,
      perClass: Math.min(...counts.filter((c) => c > 0)),
      seed,
      accuracy,
      perDigit: perClass,
      seconds: result.seconds,
    };
  } finally {
    model.dispose();
  }
}

export interface AdaptationCurveOptions {
  pretrained: LayersModel;
  /** Target-domain images to draw the labelled examples from. */
  pool: DigitSet;
  /** Target-domain images to score on. */
  test: DigitSet;
  perClass: readonly number[];
  seeds: readonly number[];
  strategies?: readonly TransferStrategy[];
  minUpdates?: number;
  signal?: AbortSignal;
  /** Called after every run (for a chart that grows). */
  onRun?(run: AdaptationRun): void;
}

export interface AdaptationPoint {
  perClass: number;
  strategy: TransferStrategy;
  accuracy: Spread;
  /** One accuracy per seed, in the order of `seeds`. */
  seeds: number[];
}

export interface AdaptationCurve {
  /** The pretrained model on the target test set with no adaptation at all. */
  zeroShot: number;
  testImages: number;
  seeds: number[];
  points: AdaptationPoint[];
  runs: AdaptationRun[];
}

/**
 * Accuracy on the target domain after adapting with 1, 5, 10... labels per class, for each
 * strategy and seed. Seed s picks the labelled images and drives initialisation and batch order,
 * the same for every strategy (a paired comparison).
 * @param options the pretrained model, the pool of target digits, the test set, sizes, seeds and strategies
 * @returns test accuracy on the target domain at each number of labels, per strategy and seed
 * @example
 * const { model } = await loadPretrained('teacher-cnn');
 * const { train, test } = await loadOptDigits();
 * await adaptationCurve({ pretrained: model, pool: train, test, perClass: [1, 5], seeds: [1] })
 */
export async function adaptationCurve(options: AdaptationCurveOptions): Promise<AdaptationCurve> {
  const strategies = options.strategies ?? ['scratch', 'feature-extraction', 'fine-tune'];
  const zeroShot = (await evaluate(options.pretrained, options.test)).accuracy;
  const runs: AdaptationRun[] = [];
  const points: AdaptationPoint[] = [];
  for (const perClass of options.perClass) {
    for (const strategy of strategies) {
      const accuracies: number[] = [];
      for (const seed of options.seeds) {
        const labelled = options.pool.take(perClass, seed);
        const run = await adaptToDomain(options.pretrained, labelled, options.test, {
          strategy,
          seed,
          minUpdates: options.minUpdates,
          signal: options.signal,
        });
        runs.push(run);
        accuracies.push(run.accuracy);
        options.onRun?.(run);
      }
      points.push({ perClass, strategy, accuracy: spread(accuracies), seeds: accuracies });
    }
  }
  return { zeroShot, testImages: options.test.size, seeds: [...options.seeds], points, runs };
}

export interface ShiftPoint {
  kind: ShiftKind;
  amount: number;
  accuracy: number;
}

/**
 * Accuracy of a model as one synthetic shift grows (rotation in degrees, inversion 0..1, noise as
 * a share of the grey range...): how far the same digits can drift before the model is lost.
 * @param model the model
 * @param test the test digits
 * @param sweeps the shifts and their strengths, e.g. { rotate: [0, 15, 30] }
 * @param seed the seed of the random shifts (default 1)
 * @returns the accuracy at each shift and strength
 * @example
 * const { model } = await loadPretrained('teacher-cnn');
 * await shiftSweep(model, (await loadMnist()).test.slice(0, 200), { noise: [0, 0.3] })
 */
export async function shiftSweep(
  model: LayersModel,
  test: DigitSet,
  sweeps: Partial<Record<ShiftKind, readonly number[]>>,
  seed = 1,
): Promise<ShiftPoint[]> {
  const points: ShiftPoint[] = [];
  for (const [kind, amounts] of Object.entries(sweeps) as [ShiftKind, readonly number[]][]) {
    for (const amount of amounts) {
      const { accuracy } = await evaluate(model, test.shift(kind, amount, seed));
      points.push({ kind, amount, accuracy });
    }
  }
  return points;
}
