/**
 * Multitask against sequential transfer (the lesson "When transfer helps, and when it fails"): the
 * course CNN's body with one head per domain, from random weights, trained on 30 MNIST and 30
 * optical digits per class either at once or one domain after the other, 5 passes over every
 * image, 5 seeds; scored on both test splits, each by its own domain's head. The library's
 * multitaskVsSequential(), the one the lesson's cell runs on fewer images.
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
  // --param seeds=3,4 runs some of the seeds (to split the suite over several runs, then join them).
  const seeds = ctx.params.seeds
    ? ctx.params.seeds.split(',').map((s) => {
        const seed = Number(s);
        if (!Number.isInteger(seed) || seed < 1)
          throw new Error(`seeds must be whole numbers >= 1, got ${s}.`);
        return seed;
      })
    : ctx.seeds([1, 2, 3, 4, 5]);
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
    // Every score at full precision, so that runs of different seeds can be joined exactly.
    log(
      `per-seed ${JSON.stringify({ seed, multitask: run.multitask, firstOnly: run.firstOnly, sequential: run.sequential })}`,
    );
    runs.push(run);
  }
  const summary = (pick: (run: (typeof runs)[number]) => { source: number; target: number }) => ({
    mnist: roundSpread(lib.spread(runs.map((run) => pick(run).source))),
    optical: roundSpread(lib.spread(runs.map((run) => pick(run).target))),
  });
  const pair = (scores: { source: number; target: number }) => ({
    mnist: Math.round(scores.source * 1e4) / 1e4,
    optical: Math.round(scores.target * 1e4) / 1e4,
  });
  const result: MultitaskBenchResult = {
    seeds,
    heads: runs[0]!.heads,
    perClass: PER_CLASS,
    epochs,
    mnistTestImages: mnist.test.size,
    opticalTestImages: optical.test.size,
    multitask: summary((run) => run.multitask),
    firstOnly: summary((run) => run.firstOnly),
    sequential: summary((run) => run.sequential),
    perSeed: runs.map((run, i) => ({
      seed: seeds[i]!,
      multitask: pair(run.multitask),
      firstOnly: pair(run.firstOnly),
      sequential: pair(run.sequential),
    })),
  };
  return result as unknown as Json;
}
