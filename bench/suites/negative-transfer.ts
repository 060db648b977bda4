/**
 * Looking for negative transfer (the lesson "When transfer helps, and when it fails"): the shipped
 * teacher CNN (white MNIST digits on black) adapted to inverted MNIST digits (black on white) with
 * 10 and 50 labels per class, by training from scratch, the head only or every layer, 3 seeds. The
 * same library adaptationCurve() as the optical-digits curve, on a target where the pretrained
 * features fit badly.
 */
import { roundPoints, roundTo, type Json, type SuiteContext } from '../harness';
import type { NegativeTransferResult } from '../../src/data/bench';

export const description =
  'Teacher CNN on inverted MNIST: scratch / head only / fine-tuning at 10 and 50 labels per class';
export const backends = ['webgl'];

/** Inverted test digits scored: half of MNIST's test split keeps each run short. */
const TEST_IMAGES = 1000;

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib, log } = ctx;
  const mnist = await lib.loadMnist();
  const { model: teacher } = await lib.loadPretrained('teacher-cnn');
  const seeds = ctx.seeds([1, 2, 3]);
  try {
    const curve = await lib.adaptationCurve({
      pretrained: teacher,
      pool: mnist.train.shift('invert', 1),
      test: mnist.test.slice(0, TEST_IMAGES).shift('invert', 1),
      perClass: ctx.sizes([10, 50]),
      seeds,
      onRun: (run) =>
        log(`${run.perClass}/class ${run.strategy} seed ${run.seed}: ${(run.accuracy * 100).toFixed(1)}%`),
    });
    const result: NegativeTransferResult = {
      shift: 'invert',
      zeroShot: roundTo(curve.zeroShot),
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
