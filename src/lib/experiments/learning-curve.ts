/**
 * The learning curve of transfer learning: test accuracy on the digits 5-9 against the number of
 * labelled examples per digit, for a CNN trained from scratch, by feature extraction and by
 * fine-tuning from the source CNN (trained on 0-4). One implementation for the lesson's widget,
 * code cells and `npm run bench -- learning-curve`; the widget only draws what this returns.
 */
import type { LayersModel } from '../tf';
import { useBackend } from '../backend/select';
import type { BackendChoice, BackendPreference } from '../backend/names';
import { loadMnist, type DigitSet } from '../data';
import { loadPretrained } from '../models';
import { train } from '../training';
import { evaluate } from '../evaluation';
import { prepareTransfer, type TransferStrategy } from '../transfer';
import {
  type LearningCurveGain,
  type LearningCurvePoint,
  type LearningCurveRun,
  type LearningCurveConfig,
  LEARNING_CURVE_RECIPE,
  STRATEGY_NAMES,
  curveGains,
  plannedRuns,
  summarizeCurve,
  trainingBudget,
  validateLearningCurveConfig,
} from './learning-curve-config';

export * from './learning-curve-config';
export { liveTensorCount } from './live-tensors';

export interface LearningCurveProgress {
  /** Whole experiment, 0..1 (weighted by the images each run trains on and tests on). */
  fraction: number;
  /** Runs finished and planned. */
  done: number;
  total: number;
  message: string;
}

export interface LearningCurveHooks {
  signal?: AbortSignal;
  /** Which backend to ask for; the default is 'auto'. */
  backend?: BackendPreference;
  onBackend?(choice: BackendChoice): void;
  onProgress?(progress: LearningCurveProgress): void;
  /** After every run, with the points of the curve so far (the widget redraws on each). */
  onRun?(run: LearningCurveRun, points: LearningCurvePoint[]): void;
}

interface LearningCurveBasics {
  config: LearningCurveConfig;
  /** The tfjs backend that ran it, e.g. 'webgl', and its long name. */
  backend: string;
  backendLabel: string;
  testImages: number;
  runs: LearningCurveRun[];
  points: LearningCurvePoint[];
  /** Fine-tuning minus scratch at each size, seed by seed. */
  gains: LearningCurveGain[];
  seconds: number;
}

export interface FinishedLearningCurve extends LearningCurveBasics {
  status: 'done';
}

/** Stopped by the reader: `runs` holds the runs that finished. */
export interface StoppedLearningCurve extends LearningCurveBasics {
  status: 'stopped';
}

export type LearningCurveOutcome = FinishedLearningCurve | StoppedLearningCurve;

/**
 * The target task's labelled images for one size and seed: the same for every strategy (paired).
 * @param trainSet the training digits
 * @param perClass labelled images per digit
 * @param seed which images
 * @returns the labelled target digits
 * @example
 * labelledSet((await loadMnist()).train, 10, 1).size // 50
 */
export function labelledSet(trainSet: DigitSet, perClass: number, seed: number): DigitSet {
  return trainSet.select(LEARNING_CURVE_RECIPE.targetDigits).take(perClass, seed);
}

/**
 * The test images every run is measured on (a fixed choice, so runs compare on the same images).
 * @param testSet the test digits
 * @param testPerClass test images per digit, or 'all'
 * @returns the test digits of the target task
 * @example
 * curveTestSet((await loadMnist()).test, 50).size
 */
export function curveTestSet(testSet: DigitSet, testPerClass: LearningCurveConfig['testPerClass']): DigitSet {
  const target = testSet.select(LEARNING_CURVE_RECIPE.targetDigits);
  return testPerClass === 'all' ? target : target.take(testPerClass, 0);
}

/**
 * One point of one curve: a new model from `source` by `strategy`, trained on `labelled` with the
 * recipe's budget, measured on `test`. Resolves to null if `signal` aborts; frees its model.
 * @param source the pretrained model
 * @param labelled the labelled target digits
 * @param test the test digits
 * @param options the strategy, the seed and a signal to stop
 * @returns the run's test accuracy and budget, or null when stopped
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * const { train, test } = await loadMnist();
 * await curveRun(model, labelledSet(train, 5, 1), curveTestSet(test, 50), { strategy: 'fine-tune', seed: 1 })
 */
export async function curveRun(
  source: LayersModel,
  labelled: DigitSet,
  test: DigitSet,
  options: { strategy: TransferStrategy; seed: number; signal?: AbortSignal | undefined },
): Promise<LearningCurveRun | null> {
  const { strategy, seed, signal } = options;
  const { targetDigits, fromLayer, batchSize, learningRates } = LEARNING_CURVE_RECIPE;
  const perClass = labelled.size / targetDigits.length;
  const budget = trainingBudget(perClass);
  const started = performance.now();
  const model = await prepareTransfer(source, {
    classes: targetDigits.length,
    strategy,
    fromLayer,
    seed,
  });
  try {
    const history = await train(model, labelled, {
      epochs: budget.epochs,
      batchSize,
      seed,
      classes: targetDigits,
      learningRate: learningRates[strategy],
      signal,
    });
    if (history.stopped) return null;
    const { accuracy } = await evaluate(model, test, { classes: targetDigits });
    return {
      perClass,
      strategy,
      seed,
      accuracy,
      epochs: budget.epochs,
      updates: budget.updates,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}

/**
 * Runs every (seed, size, strategy) of the configuration. Resolves with `status: 'stopped'` and the
 * finished runs if `signal` aborts; throws only for genuine failures, with a readable message.
 * @param config sizes, seeds, strategies and test size
 * @param hooks a signal to stop and progress callbacks
 * @returns every run and the summary at each size, or status 'stopped'
 * @example
 * const outcome = await runLearningCurve(QUICK_LEARNING_CURVE);
 */
export async function runLearningCurve(
  config: LearningCurveConfig,
  hooks: LearningCurveHooks = {},
): Promise<LearningCurveOutcome> {
  validateLearningCurveConfig(config);
  const { signal } = hooks;
  const started = performance.now();
  const planned = plannedRuns(config);
  const runs: LearningCurveRun[] = [];
  const backend = await useBackend(hooks.backend ?? 'auto');
  hooks.onBackend?.(backend);
  let testImages = 0;
  const outcome = (status: 'done' | 'stopped'): LearningCurveOutcome => ({
    status,
    config,
    backend: backend.name,
    backendLabel: backend.label,
    testImages,
    runs: [...runs],
    points: summarizeCurve(runs),
    gains: curveGains(runs),
    seconds: (performance.now() - started) / 1000,
  });

  hooks.onProgress?.({
    fraction: 0,
    done: 0,
    total: planned.length,
    message: 'Loading MNIST and the source CNN…',
  });
  const { train: trainSet, test: testSet } = await loadMnist({ signal });
  if (signal?.aborted) return outcome('stopped');
  const test = curveTestSet(testSet, config.testPerClass);
  testImages = test.size;
  const largest = Math.max(...config.labelsPerClass);
  const available = Math.min(
    ...trainSet
      .select(LEARNING_CURVE_RECIPE.targetDigits)
      .counts()
      .filter((c) => c > 0),
  );
  if (largest > available) {
    throw new Error(
      `The training split has ${available} images of some target digit; ${largest} labels per class is too many.`,
    );
  }
  const { model: source } = await loadPretrained(LEARNING_CURVE_RECIPE.source);
  try {
    // Progress counts images: training images times passes, plus one pass over the test set.
    const cost = (perClass: number) => {
      const budget = trainingBudget(perClass);
      return budget.updates * Math.min(budget.images, LEARNING_CURVE_RECIPE.batchSize) + test.size / 3;
    };
    const total = planned.reduce((sum, run) => sum + cost(run.perClass), 0);
    let spent = 0;
    for (const [index, plan] of planned.entries()) {
      if (signal?.aborted) return outcome('stopped');
      hooks.onProgress?.({
        fraction: spent / total,
        done: index,
        total: planned.length,
        message: `Training ${STRATEGY_NAMES[plan.strategy]} on ${plan.perClass} label${plan.perClass === 1 ? '' : 's'} per digit, seed ${plan.seed} (run ${index + 1} of ${planned.length})…`,
      });
      const labelled = labelledSet(trainSet, plan.perClass, plan.seed);
      const run = await curveRun(source, labelled, test, { ...plan, signal });
      if (!run) return outcome('stopped');
      runs.push(run);
      spent += cost(plan.perClass);
      hooks.onRun?.(run, summarizeCurve(runs));
    }
    hooks.onProgress?.({ fraction: 1, done: planned.length, total: planned.length, message: 'Done.' });
    return outcome('done');
  } finally {
    source.dispose();
  }
}
