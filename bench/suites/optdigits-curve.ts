/**
 * The optical-digits curve of the lesson "When transfer helps, and when it fails": the shipped
 * teacher CNN (MNIST 0-9) on the UCI optical digits with no adaptation, then adapted with 1, 5 and
 * 10 labelled optical digits per class by training from scratch, the head only (feature
 * extraction) or every layer (fine-tuning), 3 seeds each. Seed s picks the same labelled images
 * for every strategy. The work is the library's adaptationCurve(), the one the lesson's cell runs.
 */
import { roundPoints, roundTo, type Json, type SuiteContext } from '../harness';
import type { OptDigitsCurveResult } from '../../src/data/bench';

export const description =
  'Teacher CNN on the optical digits: zero-shot, then scratch / head only / fine-tuning at 1, 5, 10 labels per class';
export const backends = ['webgl'];

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib, log } = ctx;
  const optdigits = await lib.loadOptDigits();
  const mnist = await lib.loadMnist();
  const { model: teacher } = await lib.loadPretrained('teacher-cnn');
  const seeds = ctx.seeds([1, 2, 3]);
  try {
    const curve = await lib.adaptationCurve({
      pretrained: teacher,
      pool: optdigits.train,
      test: optdigits.test,
      perClass: ctx.sizes([1, 5, 10]),
      seeds,
      onRun: (run) =>
        log(`${run.perClass}/class ${run.strategy} seed ${run.seed}: ${(run.accuracy * 100).toFixed(1)}%`),
    });
    const result: OptDigitsCurveResult = {
      zeroShot: roundTo(curve.zeroShot),
      mnistAccuracy: roundTo((await lib.evaluate(teacher, mnist.test)).accuracy),
      testImages: curve.testImages,
      seeds,
      points: roundPoints(curve.points).map(({ perClass, strategy, accuracy, seeds }) => ({
        perClass,
        strategy,
        accuracy,
        seeds,
      })),
    };
    return result as unknown as Json;
  } finally {
    teacher.dispose();
  }
}
