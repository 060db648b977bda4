/**
 * Multitask against sequential transfer (the lesson "When transfer helps, and when it fails"): the
 * course CNN from random weights, trained on 30 MNIST and 30 optical digits per class either mixed
 * together or one domain after the other, 5 passes over every image, 3 seeds; scored on both test
 * splits. The library's multitaskVsSequential(), the one the lesson's cell runs on fewer images.
 */
import { roundSpread, type Json, type SuiteContext } from '../harness';
import type { MultitaskBenchResult } from '../../src/data/bench';
import type { MultitaskResult } from '../../src/lib';

export const description = 'Multitask (MNIST + optical digits at once) vs sequential (one, then the other)';
export const backends = ['webgl'];

const PER_CLASS = 30;
const EPOCHS = 5;

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib, log } = ctx;
  const mnist = await lib.loadMnist();
  const optical = await lib.loadOptDigits();
  const seeds = ctx.seeds([1, 2, 3]);
  const epochs = ctx.quick ? 1 : EPOCHS;
  const runs: MultitaskResult[] = [];
  for (const seed of seeds) {
    const run = await lib.multitaskVsSequential({
      firstTrain: mnist.train.take(PER_CLASS, seed),
      firstTest: mnist.test,
      secondTrain: optical.train.take(PER_CLASS, seed),
      secondTest: optical.test,
      epochs,
      seed,
    });
    log(
      `seed ${seed}: multitask MNIST ${(run.multitask.source * 100).toFixed(1)}% optical ${(run.multitask.target * 100).toFixed(1)}%; sequential MNIST ${(run.sequential.source * 100).toFixed(1)}% optical ${(run.sequential.target * 100).toFixed(1)}%`,
    );
    runs.push(run);
  }
  const summary = (pick: (run: (typeof runs)[number]) => { source: number; target: number }) => ({
    mnist: roundSpread(lib.spread(runs.map((run) => pick(run).source))),
    optical: roundSpread(lib.spread(runs.map((run) => pick(run).target))),
  });
  const result: MultitaskBenchResult = {
    seeds,
    perClass: PER_CLASS,
    epochs,
    mnistTestImages: mnist.test.size,
    opticalTestImages: optical.test.size,
    multitask: summary((run) => run.multitask),
    firstOnly: summary((run) => run.firstOnly),
    sequential: summary((run) => run.sequential),
  };
  return result as unknown as Json;
}
