/**
 * Benchmark results, read at build time from bench/results/<suite>.json (written by
 * `npm run bench`). Lessons quote these numbers through components, so prose and measurement come
 * from one file. A suite that has not been run fails the build with the command that makes it.
 */
import { checkBenchResult } from '../../bench/schemas';
import type { FreezeCost } from '../lib/experiments/freeze-cost';
import type {
  LEARNING_CURVE_RECIPE,
  LearningCurveConfig,
  LearningCurveGain,
  LearningCurvePoint,
  LearningCurveRun,
} from '../lib/experiments/learning-curve-config';

/** What scripts/bench.mjs writes for one suite: one run per backend it measured. */
export interface BenchFile<Result = unknown> {
  suite: string;
  /** ISO date of the run. */
  date: string;
  /** True for `npm run bench -- --quick`: smaller, not for quoting. */
  quick: boolean;
  runs: Array<{ suite: string; backend: string; backendLabel: string; seconds: number; result: Result }>;
}

const files = import.meta.glob<BenchFile>('../../bench/results/*.json', { eager: true, import: 'default' });

/** The whole results file of one suite (for example 'learning-curve'). */
export function benchFile<Result>(suite: string): BenchFile<Result> {
  const file = Object.entries(files).find(([path]) => path.endsWith(`/${suite}.json`))?.[1];
  if (!file) throw new Error(`bench/results/${suite}.json is missing: run \`npm run bench -- ${suite}\``);
  // One policy for every suite: a --quick run is a smoke test, never quoted (bench/harness.ts).
  if (file.quick) {
    throw new Error(
      `bench/results/${suite}.json is a --quick run, not for the lessons: run \`npm run bench -- ${suite}\``,
    );
  }
  // Each run checked against the schema its suite wrote it with (bench/schemas.ts).
  for (const run of file.runs) {
    if (!('error' in run))
      checkBenchResult(suite, run.result, `bench/results/${suite}.json (${run.backend})`);
  }
  return file as BenchFile<Result>;
}

/** One suite's result on one backend (the first run when no backend is named). */
export function benchResult<Result>(suite: string, backend?: string): Result {
  const file = benchFile<Result>(suite);
  const run = backend ? file.runs.find((candidate) => candidate.backend === backend) : file.runs[0];
  if (!run) throw new Error(`bench/results/${suite}.json has no run on ${backend ?? 'any backend'}`);
  return run.result;
}

/** A mean over seeds with its spread (bench/stats.ts). */
export interface Spread {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** What the distillation suite (bench/suites/distillation.ts) writes for one experiment. */
export interface DistillationSummary {
  config: {
    temperature: number;
    alpha: number;
    labelledPerClass: number;
    transferImages: number | 'all';
    validationPerClass: number;
    /** The most epochs for a student that trains on the most images (see epochCap). */
    maxEpochs: number;
  };
  testImages: number;
  seeds: Array<{
    seed: number;
    teacherErrors: number;
    students: Record<string, { errors: number; epochs: number; bestEpoch: number; seconds: number }>;
    gapRecovered: Record<string, number | null>;
    missingDigit: {
      count: number;
      bias: number;
      teacher: number;
      alone: number;
      before: number;
      after: number;
    } | null;
    seconds: number;
  }>;
  /** Test errors per role (the teacher's is one number: it does not change with the seed). */
  errors: Record<string, Spread | number>;
  epochs: Record<string, Spread>;
  gapPerSeed: Record<string, Spread>;
  gapFromMeans: number | null;
  softWinsEverySeed: boolean;
  pseudoWinsEverySeed: boolean | null;
}

export interface DistillationCost {
  backend: string;
  teacher: { params: number; multiplyAdds: number; latency: { batchSize: number; msPerImage: number }[] };
  student: {
    description: string;
    params: number;
    multiplyAdds: number;
    latency: { batchSize: number; msPerImage: number }[];
  };
  paramRatio: number;
  multiplyAddRatio: number;
  speedUp: { batchSize: number; ratio: number }[];
}

export interface DistillationBench {
  cost: DistillationCost;
  sameData: { bestTemperature: string; byTemperature: Record<string, DistillationSummary> };
  transferSet: DistillationSummary;
  missingDigit: DistillationSummary & { shareRightAfter: Spread };
  goals: Record<string, boolean>;
}

/** The distillation experiments (run on WebGL) and the cost of teacher and student on each backend. */
export function distillationBench(): {
  quick: boolean;
  date: string;
  backendLabel: string;
  result: DistillationBench;
  costs: { backend: string; backendLabel: string; cost: DistillationCost }[];
} {
  const file = benchFile<Partial<DistillationBench> & { cost: DistillationCost }>('distillation');
  const main = file.runs.find((run) => run.backend === 'webgl' && run.result.transferSet);
  if (!main) throw new Error('bench/results/distillation.json has no WebGL run of the experiments');
  return {
    quick: file.quick,
    date: file.date,
    backendLabel: main.backendLabel,
    result: main.result as DistillationBench,
    costs: file.runs
      .filter((run) => run.result?.cost)
      .map((run) => ({ backend: run.backend, backendLabel: run.backendLabel, cost: run.result.cost })),
  };
}

/** bench/suites/distillation-cache.ts: distillation with the teacher run in every batch, or its logits kept. */
export interface DistillationCacheResult {
  images: number;
  epochs: number;
  testImages: number;
  runs: { teacher: { seconds: number; errors: number }; logits: { seconds: number; errors: number } };
}

export const distillationCache = (): DistillationCacheResult =>
  benchResult<DistillationCacheResult>('distillation-cache');

/** Mean, sample standard deviation and range over seeds, as the lesson-6 suites write it. */
export type SeedSpread = Spread;

/** bench/suites/optdigits-curve.ts: the shipped teacher adapted to the UCI optical digits. */
export interface OptDigitsCurveResult {
  /** The teacher on the optical-digits test split with no adaptation. */
  zeroShot: number;
  /** The teacher on MNIST's test split, for comparison. */
  mnistAccuracy: number;
  testImages: number;
  seeds: number[];
  points: Array<{
    perClass: number;
    strategy: 'scratch' | 'feature-extraction' | 'fine-tune';
    accuracy: SeedSpread;
    /** One accuracy per seed, in the order of `seeds`. */
    seeds: number[];
  }>;
}

/** bench/suites/forgetting.ts: what fine-tuning on the optical digits costs on MNIST. */
export interface ForgettingBenchResult {
  seeds: number[];
  epochs: number;
  targetImages: number;
  rehearsalPerClass: number;
  rows: Array<{
    method: 'before' | 'fine-tune' | 'freeze' | 'lora' | 'rehearsal';
    /** MNIST test accuracy. */
    source: SeedSpread;
    /** Optical-digits test accuracy. */
    target: SeedSpread;
    /** MNIST accuracy per digit, mean over seeds. */
    sourcePerDigit: number[];
    trainableParams: number;
    /** LoRA: MNIST accuracy with the adapter switched off. */
    sourceAdapterOff?: SeedSpread;
  }>;
}

/** bench/suites/negative-transfer.ts: the teacher adapted to inverted MNIST digits. */
export interface NegativeTransferResult extends Omit<OptDigitsCurveResult, 'mnistAccuracy'> {
  shift: 'invert';
}

/** Accuracy on each domain's test images, 0..1. */
export interface DomainPair {
  mnist: number;
  optical: number;
}

/**
 * bench/suites/multitask.ts: one shared body with a head per domain, trained on both domains at
 * once or on one after the other.
 */
export interface MultitaskBenchResult {
  seeds: number[];
  /** The head layers, one per domain. */
  heads: string[];
  /** Training images per class from each domain. */
  perClass: number;
  epochs: number;
  /** Test images scored in each domain. */
  mnistTestImages: number;
  opticalTestImages: number;
  multitask: { mnist: SeedSpread; optical: SeedSpread };
  /** After the first half of the sequential run (MNIST only). */
  firstOnly: { mnist: SeedSpread; optical: SeedSpread };
  sequential: { mnist: SeedSpread; optical: SeedSpread };
  /** Each seed's scores, in `seeds` order, for paired comparisons. */
  perSeed: { seed: number; multitask: DomainPair; firstOnly: DomainPair; sequential: DomainPair }[];
}

export const optDigitsCurve = (): OptDigitsCurveResult =>
  benchResult<OptDigitsCurveResult>('optdigits-curve');
export const forgettingTable = (): ForgettingBenchResult => benchResult<ForgettingBenchResult>('forgetting');
export const negativeTransfer = (): NegativeTransferResult =>
  benchResult<NegativeTransferResult>('negative-transfer');
export const multitaskTable = (): MultitaskBenchResult => benchResult<MultitaskBenchResult>('multitask');

/** A share 0..1 as a percentage for prose, e.g. 0.7381 -> "73.8 %". */
export function percent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)} %`;
}

/** A spread of shares as "mean ± sd %", e.g. "92.1 ± 0.8 %". */
export function percentSpread(value: SeedSpread, digits = 1): string {
  return `${(value.mean * 100).toFixed(digits)} ± ${(value.sd * 100).toFixed(digits)} %`;
}

/** What bench/suites/learning-curve.ts writes (the library's learning-curve outcome, as JSON). */
export interface LearningCurveBench {
  config: LearningCurveConfig;
  recipe: typeof LEARNING_CURVE_RECIPE;
  backend: string;
  testImages: number;
  runs: LearningCurveRun[];
  points: LearningCurvePoint[];
  gains: LearningCurveGain[];
  seconds: number;
}

/** The learning curve as measured by `npm run bench -- learning-curve`, with when and where it ran. */
export function learningCurveBench(): LearningCurveBench & { date: string; backendLabel: string } {
  const file = benchFile<LearningCurveBench>('learning-curve');
  const run = file.runs.find((candidate) => candidate.backend === 'webgl') ?? file.runs[0];
  if (!run || !Array.isArray(run.result?.points)) {
    throw new Error(
      'bench/results/learning-curve.json is from an older bench suite: run `npm run bench -- learning-curve`',
    );
  }
  return { ...run.result, date: file.date, backendLabel: run.backendLabel };
}

/** What bench/suites/freeze-cost.ts writes: time per training batch for each freeze boundary. */
export interface FreezeCostBench {
  batchSize: number;
  images: number;
  rounds: number;
  costs: FreezeCost[];
}

/** The freeze-boundary costs as measured by `npm run bench -- freeze-cost`, with where it ran. */
export function freezeCostBench(): FreezeCostBench & { date: string; backendLabel: string } {
  const file = benchFile<FreezeCostBench>('freeze-cost');
  const run = file.runs.find((candidate) => candidate.backend === 'webgl') ?? file.runs[0];
  if (!run) throw new Error('bench/results/freeze-cost.json has no run: run `npm run bench -- freeze-cost`');
  return { ...run.result, date: file.date, backendLabel: run.backendLabel };
}
