/**
 * What each freeze boundary of the source CNN costs per training step (the transfer-workflow
 * lesson quotes it): milliseconds per batch of 10 with only the head learning, with `features` and
 * the head, with `conv2` too, and with the whole network, over 15 rounds in rotating order. The
 * measurement is the library's `measureFreezeCost`, which the lesson's cell also runs.
 */
import type { Json, SuiteContext } from '../harness';

export const description = 'Milliseconds per training batch for each freeze boundary of the source CNN';
export const backends = ['webgl'];

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib, log } = ctx;
  const target = [5, 6, 7, 8, 9];
  const { train } = await lib.loadMnist();
  const data = train.select(target).take(10, 9);
  const { model: source } = await lib.loadPretrained('source-cnn');
  const rounds = ctx.quick ? 3 : 15;
  try {
    const costs = await lib.measureFreezeCost(source, data, { classes: target, rounds, batchSize: 10 });
    for (const cost of costs) {
      log(
        `from ${cost.fromLayer}: ${cost.msPerBatch.toFixed(1)} ms per batch (${cost.fastest.toFixed(1)}-${cost.slowest.toFixed(1)})`,
      );
    }
    return JSON.parse(JSON.stringify({ batchSize: 10, images: data.size, rounds, costs })) as Json;
  } finally {
    source.dispose();
  }
}
