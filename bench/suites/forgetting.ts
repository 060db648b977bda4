/**
 * The forgetting table of the lesson "When transfer helps, and when it fails": the shipped teacher
 * CNN (MNIST 0-9) trained on the 896 optical digits of the training split, and its MNIST test
 * accuracy afterwards, per digit; then the three ways to limit the loss (freezing all but the head,
 * an unmerged LoRA adapter, rehearsal with MNIST images), 3 seeds, mean and spread. The work is
 * the library's forgettingExperiment(), the one the lesson's cell runs on fewer images.
 */
import { roundSpread, roundTo, type Json, type SuiteContext } from '../harness';
import type { ForgettingBenchResult } from '../../src/data/bench';
import type { ForgettingResult } from '../../src/lib';

export const description =
  'Teacher CNN fine-tuned on the optical digits: MNIST accuracy lost, and three remedies';
export const backends = ['webgl'];

const EPOCHS = 5;
const REHEARSAL_PER_CLASS = 10;

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib, log } = ctx;
  const optdigits = await lib.loadOptDigits();
  const mnist = await lib.loadMnist();
  const { model: teacher } = await lib.loadPretrained('teacher-cnn');
  const seeds = ctx.seeds([1, 2, 3]);
  const epochs = ctx.quick ? 1 : EPOCHS;
  const bySeed: ForgettingResult[][] = [];
  try {
    for (const seed of seeds) {
      bySeed.push(
        await lib.forgettingExperiment({
          pretrained: teacher,
          sourceTest: mnist.test,
          sourcePool: mnist.train,
          targetTrain: optdigits.train,
          targetTest: optdigits.test,
          epochs,
          seed,
          rehearsalPerClass: REHEARSAL_PER_CLASS,
          onResult: (r) =>
            log(
              `seed ${seed} ${r.method}: MNIST ${(r.source * 100).toFixed(1)}%, optical ${(r.target * 100).toFixed(1)}%`,
            ),
        }),
      );
    }
  } finally {
    teacher.dispose();
  }
  const rows = bySeed[0]!.map((first, i) => {
    const across = bySeed.map((results) => results[i]!);
    const row: ForgettingBenchResult['rows'][number] = {
      method: first.method,
      source: roundSpread(lib.spread(across.map((r) => r.source))),
      target: roundSpread(lib.spread(across.map((r) => r.target))),
      sourcePerDigit: first.sourcePerDigit.map((_, digit) =>
        roundTo(across.reduce((sum, r) => sum + r.sourcePerDigit[digit]!, 0) / across.length),
      ),
      trainableParams: first.trainableParams,
    };
    if (first.sourceAdapterOff !== undefined) {
      row.sourceAdapterOff = roundSpread(lib.spread(across.map((r) => r.sourceAdapterOff!)));
    }
    return row;
  });
  const result: ForgettingBenchResult = {
    seeds,
    epochs,
    targetImages: optdigits.train.size,
    rehearsalPerClass: REHEARSAL_PER_CLASS,
    rows,
  };
  return result as unknown as Json;
}
