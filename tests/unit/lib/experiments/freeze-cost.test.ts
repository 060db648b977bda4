import { describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { useBackend } from '../../../../src/lib/backend/select';
import { loadMnist } from '../../../../src/lib/data';
import { loadPretrained } from '../../../../src/lib/models';
import { measureFreezeCost } from '../../../../src/lib/experiments/freeze-cost';

describe('the cost of a freeze boundary', () => {
  it('counts what each boundary trains (worked out by hand) and times it without leaking', async () => {
    await useBackend('wasm');
    const { train } = await loadMnist();
    const data = train.select([5, 6, 7, 8, 9]).take(1, 1);
    const { model: source } = await loadPretrained('source-cnn');
    const before = tf.memory().numTensors;
    const costs = await measureFreezeCost(source, data, { classes: [5, 6, 7, 8, 9], rounds: 1 });
    expect(tf.memory().numTensors).toBe(before);
    source.dispose();
    // logits 128x5 + 5; features 800x128 + 128; conv2 3x3x16x32 + 32; conv1 3x3x1x16 + 16.
    expect(costs.map((c) => [c.fromLayer, c.trainableWeights])).toEqual([
      ['logits', 645],
      ['features', 645 + 102_528],
      ['conv2', 645 + 102_528 + 4_640],
      ['conv1', 645 + 102_528 + 4_640 + 160],
    ]);
    expect(costs[3]!.learns).toEqual(['conv1', 'conv2', 'features', 'logits']);
    for (const cost of costs) {
      expect(cost.weights).toBe(107_973);
      // One timed round: its time is the median, the fastest and the slowest at once.
      expect(cost.msPerBatch).toBeGreaterThan(0);
      expect(cost.fastest).toBe(cost.msPerBatch);
      expect(cost.slowest).toBe(cost.msPerBatch);
    }
  }, 120_000);
});
