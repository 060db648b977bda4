import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { loadMnist, type Mnist } from '../../../../src/lib/data';
import { buildMlp, buildTinyCnn } from '../../../../src/lib/models';
import { train } from '../../../../src/lib/training';

let mnist: Mnist;
beforeAll(async () => {
  await tf.setBackend('cpu');
  mnist = await loadMnist();
});

describe('train', () => {
  it('lowers the loss, reports batches and epochs, and leaves no tensors behind', async () => {
    const model = buildMlp({ hidden: 32, seed: 1 });
    const data = mnist.train.take(20, 1);
    const before = tf.memory().numTensors;
    const batches: number[] = [];
    const epochs: number[] = [];
    const result = await train(model, data, {
      epochs: 4,
      batchSize: 50,
      seed: 1,
      validation: mnist.test.slice(0, 100),
      onBatch: (e) => batches.push(e.batch),
      onEpoch: (e) => epochs.push(e.epoch),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.epochs).toHaveLength(4);
    expect(epochs).toEqual([1, 2, 3, 4]);
    expect(batches.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(result.epochs[3]!.loss).toBeLessThan(result.epochs[0]!.loss);
    expect(result.epochs[3]!.valAccuracy).toBeGreaterThan(0.3);
    expect(result.stopped).toBe(false);
    expect(result.backend).toBe('cpu');
    model.dispose();
  });

  it('is deterministic for a given seed', async () => {
    const data = mnist.train.take(5, 2);
    const run = async () => {
      const model = buildTinyCnn({ seed: 5 });
      await train(model, data, { epochs: 2, batchSize: 10, seed: 9 });
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return weights;
    };
    expect(await run()).toEqual(await run());
  });

  it('stops on an AbortSignal and resolves with stopped = true', async () => {
    const model = buildMlp({ hidden: 8 });
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const result = await train(model, mnist.train.take(10, 1), {
      epochs: 50,
      batchSize: 10,
      onBatch: (e) => {
        if (e.batch === 2) controller.abort();
      },
      signal: controller.signal,
    });
    expect(result.stopped).toBe(true);
    expect(result.stoppedBecause).toBe('aborted');
    expect(result.epochs.length).toBeLessThanOrEqual(1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('maps digits to outputs with classes, and explains a mismatch', async () => {
    const model = buildMlp({ hidden: 8, classes: 5 });
    const target = mnist.train.select([5, 6, 7, 8, 9]).take(4, 1);
    const result = await train(model, target, { epochs: 1, classes: [5, 6, 7, 8, 9] });
    expect(result.epochs).toHaveLength(1);
    // Without classes, a 5-output model on digits 5-9 uses the digits present.
    await expect(train(model, target, { epochs: 1 })).resolves.toBeTruthy();
    await expect(train(model, mnist.train.take(2, 1), { epochs: 1 })).rejects.toThrow(/classes option/);
    await expect(train(model, target, { classes: [0, 1, 2] })).rejects.toThrow(/5 outputs/);
    await expect(train(model, target, { layerLearningRates: { nope: 1 } })).rejects.toThrow(/no such layer/);
    model.dispose();
  });

  it('stops early when the score stops improving', async () => {
    const model = buildMlp({ hidden: 8 });
    const result = await train(model, mnist.train.take(3, 1), {
      epochs: 30,
      learningRate: 0,
      optimizer: 'sgd',
      validation: mnist.test.slice(0, 30),
      earlyStopping: { patience: 2 },
    });
    expect(result.stoppedBecause).toBe('early stopping');
    expect(result.epochs).toHaveLength(3);
    model.dispose();
  });
});
