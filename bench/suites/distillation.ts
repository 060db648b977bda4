/**
 * Hinton et al.'s MNIST experiment at the demo's default configuration, over 5 seeds: test errors of
 * the distilled student and of the student alone (mean and spread), the share of the teacher-student
 * gap that distillation recovers, and how much smaller and faster the student is than the teacher.
 * Goals (issue 5): distilled better than alone on average, <= 1/10 of the teacher's parameters,
 * >= 3x faster per image.
 */
import type { Json, SuiteContext } from '../harness';

export const description =
  'Distillation (Hinton et al. 2015, MNIST): distilled vs lone student over 5 seeds, gap recovered, size and speed ratios';
export const backends = ['webgl'];

export async function suite(ctx: SuiteContext): Promise<Json> {
  const seeds = ctx.quick ? [1] : [1, 2, 3, 4, 5];
  const config = ctx.quick ? { epochs: 2, testPerClass: 50 as const } : {};
  const result = await ctx.lib.benchDistillation({
    seeds,
    config: { ...config },
    hooks: { backend: ctx.backend as 'webgl' | 'webgpu' | 'cpu' },
    onSeed: (seed) =>
      ctx.log(
        `seed ${seed.seed}: teacher ${seed.teacherErrors}, distilled ${seed.distilledErrors}, alone ${seed.aloneErrors} errors (${seed.seconds.toFixed(0)} s)`,
      ),
  });
  const round = (value: number, digits = 2) => Number(value.toFixed(digits));
  const spreadRow = (s: { mean: number; sd: number; min: number; max: number }) => ({
    mean: round(s.mean),
    sd: round(s.sd),
    min: s.min,
    max: s.max,
  });
  return {
    backend: result.backend,
    testImages: result.testImages,
    config: JSON.parse(JSON.stringify(result.config)) as Json,
    seeds: result.seeds.map((s) => ({
      ...s,
      gapRecovered: s.gapRecovered === null ? null : round(s.gapRecovered, 3),
    })),
    teacherErrors: result.teacherErrors,
    distilledErrors: spreadRow(result.distilledErrors),
    aloneErrors: spreadRow(result.aloneErrors),
    gapRecovered: result.gapRecovered === null ? null : round(result.gapRecovered, 3),
    paramRatio: round(result.paramRatio, 1),
    latencyRatio: result.latencyRatio.map((entry) => ({
      batchSize: entry.batchSize,
      ...spreadRow(entry.ratio),
    })),
    goals: result.goals,
  };
}
