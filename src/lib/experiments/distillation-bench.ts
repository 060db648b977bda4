/**
 * The distillation benchmark: the default experiment over several seeds, summarised the way the
 * issue asks (errors of both students with their spread, share of the gap recovered, parameter and
 * latency ratios), with the goals checked. `npm run bench` calls it in Chromium.
 */
import { DEFAULT_DISTILLATION_CONFIG, type DistillationConfig } from './distillation-config';
import { type DistillationHooks, type FinishedDistillation, runDistillationExperiment } from './distillation';
import { gapRecovered } from './model-report';
import { spread, type Spread } from './spread';

export { spread, type Spread } from './spread';

export interface SeedResult {
  seed: number;
  teacherErrors: number;
  distilledErrors: number;
  aloneErrors: number;
  gapRecovered: number | null;
  seconds: number;
}

export interface DistillationBenchResult {
  config: DistillationConfig;
  backend: string;
  testImages: number;
  seeds: SeedResult[];
  teacherErrors: number;
  distilledErrors: Spread;
  aloneErrors: Spread;
  /** From the mean errors: (alone - distilled) / (alone - teacher). */
  gapRecovered: number | null;
  /** Teacher parameters / student parameters. */
  paramRatio: number;
  /** Teacher ms per image / student ms per image, per batch size, averaged over seeds. */
  latencyRatio: { batchSize: number; ratio: Spread }[];
  goals: { distilledBetter: boolean; tenthOfParams: boolean; threeTimesFaster: boolean };
}

export async function benchDistillation(
  options: {
    seeds?: number[];
    config?: Partial<DistillationConfig>;
    hooks?: Omit<DistillationHooks, 'onEpoch'>;
    onSeed?(result: SeedResult): void;
  } = {},
): Promise<DistillationBenchResult> {
  const seeds = options.seeds ?? [1, 2, 3, 4, 5];
  const config: DistillationConfig = { ...DEFAULT_DISTILLATION_CONFIG, ...options.config };
  const runs: FinishedDistillation[] = [];
  const results: SeedResult[] = [];
  for (const seed of seeds) {
    const outcome = await runDistillationExperiment({ ...config, seed }, options.hooks);
    if (outcome.status !== 'done') throw new Error(`The benchmark was stopped at seed ${seed}.`);
    // Only numbers are kept: free the students at once so five runs do not pile up on the GPU.
    outcome.models.dispose();
    runs.push(outcome);
    const result: SeedResult = {
      seed,
      teacherErrors: outcome.teacher.errors,
      distilledErrors: outcome.distilled.errors,
      aloneErrors: outcome.alone.errors,
      gapRecovered: outcome.gapRecovered,
      seconds: outcome.seconds,
    };
    results.push(result);
    options.onSeed?.(result);
  }
  const first = runs[0]!;
  const distilledErrors = spread(results.map((r) => r.distilledErrors));
  const aloneErrors = spread(results.map((r) => r.aloneErrors));
  const teacherErrors = first.teacher.errors;
  const paramRatio = first.teacher.params / first.distilled.params;
  const latencyRatio = first.teacher.latency.map((point, i) => ({
    batchSize: point.batchSize,
    ratio: spread(runs.map((run) => run.distilled.speedUp[i]!)),
  }));
  return {
    config,
    backend: first.backend.name,
    testImages: first.teacher.count,
    seeds: results,
    teacherErrors,
    distilledErrors,
    aloneErrors,
    gapRecovered: gapRecovered({
      teacher: teacherErrors,
      distilled: distilledErrors.mean,
      alone: aloneErrors.mean,
    }),
    paramRatio,
    latencyRatio,
    goals: {
      distilledBetter: distilledErrors.mean < aloneErrors.mean,
      tenthOfParams: paramRatio >= 10,
      threeTimesFaster: latencyRatio.every((entry) => entry.ratio.mean >= 3),
    },
  };
}
