/**
 * The learning-curve experiment's settings and the arithmetic on its results: which runs it makes,
 * how long each trains, and the mean, spread and paired gain of each strategy. No tfjs here, so the
 * widget's controls, the build-time bench chart and the lesson prose can import it for free; the
 * runs themselves are in learning-curve.ts.
 */
import type { TransferStrategy } from '../transfer/prepare';
import { comparePaired } from '../util/paired';
import { spread, type Spread } from './spread';

/**
 * The three ways of using the pretrained source CNN that the curve compares.
 * @example
 * CURVE_STRATEGIES
 */
export const CURVE_STRATEGIES: readonly TransferStrategy[] = ['scratch', 'feature-extraction', 'fine-tune'];

/**
 * How the lessons name each strategy.
 * @example
 * STRATEGY_NAMES['feature-extraction']
 */
export const STRATEGY_NAMES: Readonly<Record<TransferStrategy, string>> = {
  scratch: 'from scratch',
  'feature-extraction': 'feature extraction',
  'fine-tune': 'fine-tuning',
};

/**
 * The recipe every run follows, in the widget, in code cells and in `npm run bench` alike: the
 * source CNN (digits 0-4) is reused for digits 5-9 with a new five-output head.
 * @example
 * LEARNING_CURVE_RECIPE.fromLayer // 'features'
 */
export const LEARNING_CURVE_RECIPE = {
  source: 'source-cnn',
  targetDigits: [5, 6, 7, 8, 9],
  /** For fine-tuning: the lowest layer that learns. The convolutions below it stay frozen. */
  fromLayer: 'features',
  batchSize: 10,
  // Every model gets at least this many weight updates and passes over its data: with fewer, a
  // new head on pretrained features has not learned yet, and the comparison would measure that.
  minUpdates: 60,
  minEpochs: 3,
  // A lone linear head has few weights and few updates to learn in, so it gets a larger step.
  learningRates: { scratch: 1e-3, 'feature-extraction': 1e-2, 'fine-tune': 1e-3 },
} as const satisfies {
  source: string;
  targetDigits: readonly number[];
  fromLayer: string;
  batchSize: number;
  minUpdates: number;
  minEpochs: number;
  learningRates: Readonly<Record<TransferStrategy, number>>;
};

export interface LearningCurveConfig {
  /** Labelled training images per target digit, one point of the curve each (e.g. 1, 5, 10, 50). */
  labelsPerClass: number[];
  strategies: TransferStrategy[];
  /** Each seed picks other labelled images and other initial head weights; 3 seeds give a spread. */
  seeds: number[];
  /** Test images per target digit, or 'all' (every 5-9 of the test split). The same for every run. */
  testPerClass: number | 'all';
}

/**
 * What a reader gets on pressing Start: one seed, four sizes, about a minute on a laptop GPU.
 * @example
 * const outcome = await runLearningCurve(QUICK_LEARNING_CURVE);
 */
export const QUICK_LEARNING_CURVE: LearningCurveConfig = {
  labelsPerClass: [1, 5, 10, 50],
  strategies: [...CURVE_STRATEGIES],
  seeds: [1],
  testPerClass: 'all',
};

/**
 * What `npm run bench -- learning-curve` measures: the quick curve, plus 200 labels, over 3 seeds.
 * @example
 * BENCH_LEARNING_CURVE.seeds
 */
export const BENCH_LEARNING_CURVE: LearningCurveConfig = {
  labelsPerClass: [1, 5, 10, 50, 200],
  strategies: [...CURVE_STRATEGIES],
  seeds: [1, 2, 3],
  testPerClass: 'all',
};

/**
 * The sizes the widget offers (the training split holds at least 700 of each target digit).
 * @example
 * LABEL_CHOICES
 */
export const LABEL_CHOICES: readonly number[] = [1, 5, 10, 50, 100, 200];

/**
 * Throws one message listing everything wrong with a configuration.
 * @param config the configuration to check (throws a plain message on a bad value)
 * @example
 * validateLearningCurveConfig(QUICK_LEARNING_CURVE);
 */
export function validateLearningCurveConfig(config: LearningCurveConfig): void {
  const problems: string[] = [];
  const wholeList = (values: unknown, what: string, min: number) => {
    if (!Array.isArray(values) || values.length === 0) problems.push(`choose at least one ${what}`);
    else if (values.some((v) => !Number.isInteger(v) || (v as number) < min)) {
      problems.push(`every ${what} must be a whole number of at least ${min} (got ${values.join(', ')})`);
    } else if (new Set(values).size !== values.length) problems.push(`the ${what}s repeat a value`);
  };
  wholeList(config.labelsPerClass, 'number of labels per class', 1);
  wholeList(config.seeds, 'seed', 0);
  if (!Array.isArray(config.strategies) || config.strategies.length === 0) {
    problems.push('choose at least one strategy');
  } else {
    const unknown = config.strategies.filter((s) => !CURVE_STRATEGIES.includes(s));
    if (unknown.length)
      problems.push(`unknown strategy ${unknown.join(', ')} (choose from ${CURVE_STRATEGIES.join(', ')})`);
  }
  const test = config.testPerClass;
  if (test !== 'all' && !(Number.isInteger(test) && test >= 1)) {
    problems.push(
      `test images per digit must be 'all' or a whole number of at least 1 (got ${String(test)})`,
    );
  }
  if (problems.length) throw new Error(`The learning curve cannot run: ${problems.join('; ')}.`);
}

/**
 * How long one run trains: at least `minUpdates` batches and at least `minEpochs` passes.
 * @param perClass labelled images per digit
 * @param classes digits in the task (default 5)
 * @returns images, batches per epoch, epochs and updates
 * @example
 * trainingBudget(10).epochs
 */
export function trainingBudget(
  perClass: number,
  classes: number = LEARNING_CURVE_RECIPE.targetDigits.length,
): { images: number; batchesPerEpoch: number; epochs: number; updates: number } {
  const { batchSize, minUpdates, minEpochs } = LEARNING_CURVE_RECIPE;
  const images = perClass * classes;
  const batchesPerEpoch = Math.ceil(images / batchSize);
  const epochs = Math.max(minEpochs, Math.ceil(minUpdates / batchesPerEpoch));
  return { images, batchesPerEpoch, epochs, updates: epochs * batchesPerEpoch };
}

/**
 * Every run of a configuration, in the order they happen: seed by seed, each a whole curve.
 * @param config the learning curve's configuration
 * @returns every run it will make: seed, size and strategy
 * @example
 * plannedRuns(QUICK_LEARNING_CURVE).length
 */
export function plannedRuns(
  config: LearningCurveConfig,
): { seed: number; perClass: number; strategy: TransferStrategy }[] {
  return config.seeds.flatMap((seed) =>
    [...config.labelsPerClass]
      .sort((a, b) => a - b)
      .flatMap((perClass) => config.strategies.map((strategy) => ({ seed, perClass, strategy }))),
  );
}

/** One trained and measured model: one strategy at one size with one seed. */
export interface LearningCurveRun {
  perClass: number;
  strategy: TransferStrategy;
  seed: number;
  /** Share of the test images classified correctly, 0..1. */
  accuracy: number;
  epochs: number;
  updates: number;
  /** Training and evaluation time of this run. */
  seconds: number;
}

/** One point of a curve: a strategy at one size, over the seeds run so far. */
export interface LearningCurvePoint extends Spread {
  perClass: number;
  strategy: TransferStrategy;
  seeds: number[];
  /** One accuracy per seed, in the order of `seeds`. */
  accuracies: number[];
}

/**
 * Points in order of size, then strategy.
 * @param runs the learning curve's runs
 * @returns the mean and spread of accuracy at each size and strategy
 * @example
 * const outcome = await runLearningCurve(QUICK_LEARNING_CURVE);
 * if (outcome.status === 'done') summarizeCurve(outcome.runs)
 */
export function summarizeCurve(runs: readonly LearningCurveRun[]): LearningCurvePoint[] {
  const groups = new Map<string, LearningCurveRun[]>();
  for (const run of runs) {
    const key = `${run.perClass}/${run.strategy}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()]
    .map((group) => ({
      perClass: group[0]!.perClass,
      strategy: group[0]!.strategy,
      seeds: group.map((run) => run.seed),
      accuracies: group.map((run) => run.accuracy),
      ...spread(group.map((run) => run.accuracy)),
    }))
    .sort(
      (a, b) =>
        a.perClass - b.perClass ||
        CURVE_STRATEGIES.indexOf(a.strategy) - CURVE_STRATEGIES.indexOf(b.strategy),
    );
}

/** How much one strategy beats another at one size, seed by seed (same labels, same test images). */
export interface LearningCurveGain {
  perClass: number;
  /** Accuracy differences, one per seed both strategies ran with (0.02 = 2 points). */
  paired: number[];
  seeds: number[];
  mean: number;
  /** Seeds on which `strategy` scored higher than `versus`. */
  wins: number;
}

/**
 * Fine-tuning minus training from scratch (by default) at each size both ran.
 * @param runs the learning curve's runs
 * @param strategy the side compared (default 'fine-tune')
 * @param versus the baseline (default 'scratch')
 * @returns at each size, the paired gains per seed, their mean and the wins
 * @example
 * const outcome = await runLearningCurve(QUICK_LEARNING_CURVE);
 * if (outcome.status === 'done') curveGains(outcome.runs)
 */
export function curveGains(
  runs: readonly LearningCurveRun[],
  strategy: TransferStrategy = 'fine-tune',
  versus: TransferStrategy = 'scratch',
): LearningCurveGain[] {
  const sizes = [...new Set(runs.map((run) => run.perClass))].sort((a, b) => a - b);
  return sizes.flatMap((perClass) => {
    const at = (which: TransferStrategy) =>
      new Map(
        runs.filter((r) => r.perClass === perClass && r.strategy === which).map((r) => [r.seed, r.accuracy]),
      );
    const ours = at(strategy);
    const theirs = at(versus);
    const seeds = [...ours.keys()].filter((seed) => theirs.has(seed));
    if (seeds.length === 0) return [];
    const summary = comparePaired(
      seeds.map((seed) => ({ seed, claimed: ours.get(seed)!, baseline: theirs.get(seed)! })),
    );
    return [{ perClass, paired: summary.gains, seeds, mean: summary.meanGain, wins: summary.wins }];
  });
}
