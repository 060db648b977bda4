import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { loadMnist, type Mnist } from '../../../../src/lib/data';
import { buildMlp } from '../../../../src/lib/models';
import { train } from '../../../../src/lib/training';
import { agreement, evaluate, measureLatency, predict } from '../../../../src/lib/evaluation';

let mnist: Mnist;
let model: tf.LayersModel;
beforeAll(async () => {
  await tf.setBackend('cpu');
  mnist = await loadMnist();
  model = buildMlp({ hidden: 32, seed: 1 });
  await train(model, mnist.train.take(30, 1), { epochs: 3, seed: 1 });
});

describe('evaluation', () => {
  it('gives accuracy, per-class accuracy and a consistent confusion matrix without leaking', async () => {
    const before = tf.memory().numTensors;
    const data = mnist.test.slice(0, 300);
    const result = await evaluate(model, data);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.count).toBe(300);
    expect(result.accuracy).toBeGreaterThan(0.5);
    expect(result.errors).toBe(Math.round(300 * (1 - result.accuracy)));
    expect(result.confusion.flat().reduce((a, b) => a + b)).toBe(300);
    const diagonal = result.confusion.reduce((sum, row, i) => sum + row[i]!, 0);
    expect(diagonal / 300).toBeCloseTo(result.accuracy, 10);
    result.confusion.forEach((row, digit) => {
      expect(row.reduce((a, b) => a + b)).toBe(data.counts()[digit]);
    });
    expect(result.perClass).toHaveLength(10);
  });

  it('predicts digits with probabilities that sum to 1, sharper at low temperature', async () => {
    const data = mnist.test.slice(0, 5);
    const hot = await predict(model, data, { temperature: 5 });
    const cold = await predict(model, data);
    cold.forEach((p, i) => {
      expect(p.probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
      expect(Math.max(...p.probabilities)).toBeGreaterThanOrEqual(Math.max(...hot[i]!.probabilities));
      expect(p.label).toBe(hot[i]!.label);
    });
  });

  it('measures warm latency per image and top-1 agreement', async () => {
    const before = tf.memory().numTensors;
    const latency = await measureLatency(model, { batchSizes: [1, 64], runs: 2 });
    expect(latency.map((l) => l.batchSize)).toEqual([1, 64]);
    latency.forEach((l) => expect(l.msPerImage).toBeGreaterThan(0));
    const other = buildMlp({ hidden: 32, seed: 7 });
    expect(await agreement(model, model, mnist.test.slice(0, 100))).toBe(1);
    expect(await agreement(model, other, mnist.test.slice(0, 100))).toBeLessThan(1);
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses data with digits the model has no output for', async () => {
    const five = buildMlp({ hidden: 4, classes: 5 });
    await expect(evaluate(five, mnist.test.slice(0, 50), { classes: [0, 1, 2, 3, 4] })).rejects.toThrow(
      /no output for/,
    );
    five.dispose();
  });
});
