/**
 * Benchmark results, read at build time from bench/results/<suite>.json (written by
 * `npm run bench`). Lessons quote these numbers through components, so prose and measurement come
 * from one file. A suite that has not been run fails the build with the command that makes it.
 */
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
  return file as BenchFile<Result>;
}

/** One suite's result on one backend (the first run when no backend is named). */
export function benchResult<Result>(suite: string, backend?: string): Result {
  const file = benchFile<Result>(suite);
  const run = backend ? file.runs.find((candidate) => candidate.backend === backend) : file.runs[0];
  if (!run) throw new Error(`bench/results/${suite}.json has no run on ${backend ?? 'any backend'}`);
  return run.result;
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
  if (file.quick) throw new Error('bench/results/learning-curve.json is a --quick run: not for the lessons');
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
  if (file.quick) throw new Error('bench/results/freeze-cost.json is a --quick run: not for the lessons');
  return { ...run.result, date: file.date, backendLabel: run.backendLabel };
}
