/**
 * The learning curve of the "What transfer learning is" lesson: test accuracy on digits 5-9 for a
 * model trained from scratch, by feature extraction and by fine-tuning from the source CNN (digits
 * 0-4), at 1, 5, 10, 50 and 200 labelled examples per class, over seeds 1, 2 and 3. The experiment
 * itself is the library's `runLearningCurve` (the lesson's widget runs the same code); the lesson
 * reads this file at build time through src/data/bench.ts.
 */
import type { Json, SuiteContext } from '../harness';

export const description =
  'Accuracy on 5-9: scratch vs feature extraction vs fine-tuning, 1..200 labels per class, 3 seeds';
export const backends = ['webgl'];

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib, log } = ctx;
  const full = lib.BENCH_LEARNING_CURVE;
  const config = { ...full, labelsPerClass: ctx.sizes(full.labelsPerClass), seeds: ctx.seeds(full.seeds) };
  const outcome = await lib.runLearningCurve(config, {
    backend: lib.parseBackendPreference(ctx.backend),
    onRun: (run) =>
      log(
        `${run.perClass}/class ${run.strategy} seed ${run.seed}: ${(run.accuracy * 100).toFixed(1)}% (${run.seconds.toFixed(1)} s)`,
      ),
  });
  if (outcome.status !== 'done') throw new Error('The learning curve was stopped.');
  const { config: used, backend, testImages, runs, points, gains, seconds } = outcome;
  return JSON.parse(
    JSON.stringify({
      config: used,
      recipe: lib.LEARNING_CURVE_RECIPE,
      backend,
      testImages,
      runs,
      points,
      gains,
      seconds,
    }),
  ) as Json;
}
