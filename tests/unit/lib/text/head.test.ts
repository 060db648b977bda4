import { describe, expect, it } from 'vitest';
import { trainFeatureHead } from '../../../../src/lib/text/head';

describe('the feature head', () => {
  it('learns a separable problem, its loss falls, and a constant column does not blow up', async () => {
    // Class 1 when the first feature is large; the third column is the same in every training row.
    const features = [
      [0, 1, 5],
      [1, 0, 5],
      [4, 1, 5],
      [5, 0, 5],
    ];
    const labels = [0, 0, 1, 1];
    const head = await trainFeatureHead(features, labels, 2, { epochs: 50, seed: 3 });
    expect(head.parameters).toBe(3 * 2 + 2);
    expect(head.history).toHaveLength(50);
    expect(head.history.at(-1)!.loss).toBeLessThan(head.history[0]!.loss / 4);
    expect(head.accuracy(features, labels)).toBe(1);
    // Unseen rows, one with a different value in the constant column: still labelled by feature 0.
    const unseen = head.predict([
      [0.5, 0.5, 9],
      [4.5, 0.5, 0],
    ]);
    expect(unseen.map((p) => p.label)).toEqual([0, 1]);
    for (const p of unseen) expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('gives the same head for the same seed, and stops when asked', async () => {
    const features = [
      [1, 2],
      [2, 1],
      [3, 3],
    ];
    const a = await trainFeatureHead(features, [0, 1, 0], 2, { seed: 7, epochs: 5 });
    const b = await trainFeatureHead(features, [0, 1, 0], 2, { seed: 7, epochs: 5 });
    expect(a.history).toEqual(b.history);
    const controller = new AbortController();
    const stopped = await trainFeatureHead(features, [0, 1, 0], 2, {
      epochs: 100,
      signal: controller.signal,
      onEpoch: ({ epoch }) => epoch === 3 && controller.abort(),
    });
    expect(stopped.stopped).toBe(true);
    expect(stopped.history).toHaveLength(3);
    await expect(trainFeatureHead([[1], [1, 2]], [0, 1], 2)).rejects.toThrow(/same length/);
  });
});
