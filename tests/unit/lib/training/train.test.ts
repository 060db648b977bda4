import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { loadWasmBackend } from '../../../../src/lib/backend/wasm';
import { loadMnist, type Mnist } from '../../../../src/lib/data';
import { buildMlp, buildTinyCnn } from '../../../../src/lib/models';
import { train, type TrainOptions } from '../../../../src/lib/training';
import { evaluate } from '../../../../src/lib/evaluation';
import { logitsOf, pickLogits } from '../../../../src/lib/distill';
import { concatDigitSets } from '../../../../src/lib/data';

let mnist: Mnist;
beforeAll(async () => {
  await loadWasmBackend();
  await tf.setBackend('wasm');
  mnist = await loadMnist();
});

describe('train', () => {
  it('lowers the loss, reports batches and epochs, and leaves no tensors behind', async () => {
    const model = buildMlp({ hidden: 32, seed: 1 });
    const data = mnist.train.take(20, 1);
    const before = tf.memory().numTensors;
    const batches: number[] = [];
    const epochs: number[] = [];
    const losses: number[] = [];
    const result = await train(model, data, {
      epochs: 4,
      batchSize: 50,
      seed: 1,
      validation: mnist.test.slice(0, 100),
      progressEveryMs: 0,
      onBatch: (e) => {
        batches.push(e.batch);
        losses.push(e.loss);
      },
      onEpoch: (e) => epochs.push(e.epoch),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.epochs).toHaveLength(4);
    expect(epochs).toEqual([1, 2, 3, 4]);
    // Reported after every batch here (progressEveryMs: 0): 4 batches of 50 in each of 4 epochs.
    expect(batches.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(batches).toHaveLength(16);
    // The last report of an epoch is the epoch's mean loss, read back separately.
    expect(losses[3]).toBeCloseTo(result.epochs[0]!.loss, 5);
    expect(result.epochs[3]!.loss).toBeLessThan(result.epochs[0]!.loss);
    expect(result.epochs[3]!.valAccuracy).toBeGreaterThan(0.3);
    expect(result.stopped).toBe(false);
    expect(result.backend).toBe('wasm');
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
      progressEveryMs: 0,
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

  it('validates only every validateEvery epochs, and after the last', async () => {
    const model = buildMlp({ hidden: 8, seed: 3 });
    const result = await train(model, mnist.train.take(3, 1), {
      epochs: 5,
      validateEvery: 2,
      validation: mnist.test.slice(0, 30),
    });
    expect(result.epochs.map((e) => e.valAccuracy !== undefined)).toEqual([false, true, false, true, true]);
    model.dispose();
  });

  it('puts back the weights of the best validation score when early stopping restores them', async () => {
    const model = buildMlp({ hidden: 16, seed: 4 });
    const validation = mnist.test.slice(0, 200);
    const before = tf.memory().numTensors;
    // A learning rate this high makes validation accuracy jump around, so the best epoch is rarely the last.
    const result = await train(model, mnist.train.take(10, 2), {
      epochs: 12,
      batchSize: 10,
      learningRate: 0.05,
      seed: 2,
      validation,
      earlyStopping: { patience: 3, restoreBest: true },
    });
    expect(tf.memory().numTensors).toBe(before);
    const scores = result.epochs.map((e) => e.valAccuracy!);
    const best = Math.max(...scores);
    expect(result.bestEpoch).toBe(scores.indexOf(best) + 1);
    // The case this test is for: training went on past the best epoch, and was wound back.
    expect(result.bestEpoch).toBeLessThan(result.epochs.length);
    // Measured again by evaluate(), a second code path: the model now holds the best epoch's weights.
    expect((await evaluate(model, validation)).accuracy).toBeCloseTo(best, 10);
    model.dispose();
  });
});

describe('train with a teacher', () => {
  it('computes the teacher logits once and learns exactly as from the same logits passed in', async () => {
    const teacher = buildMlp({ hidden: 16, seed: 1 });
    await train(teacher, mnist.train.take(20, 3), { epochs: 2, seed: 3 });
    const { picked, rest } = mnist.train.split(2, 4);
    const unlabelled = rest.slice(0, 60);
    const settings = { temperature: 4, alpha: 0.8 };
    const run = async (distillFrom: TrainOptions['distillFrom'], extra = unlabelled) => {
      const student = buildMlp({ hidden: 4, seed: 5 });
      const result = await train(student, picked, {
        epochs: 2,
        batchSize: 16,
        seed: 6,
        distillFrom,
        unlabelled: extra,
      });
      const weights = student.getWeights().map((w) => Array.from(w.dataSync()));
      student.dispose();
      return { weights, result };
    };
    const before = tf.memory().numTensors;
    const fromModel = await run({ teacher, ...settings });
    const logits = await logitsOf(teacher, concatDigitSets([picked, unlabelled]));
    const fromLogits = await run({ logits, ...settings });
    expect(fromLogits.weights).toEqual(fromModel.weights);
    // The unlabelled images' labels are never read: scrambling them changes nothing.
    const scrambled = unlabelled.withLabels(unlabelled.labels.map((label) => (label + 3) % 10));
    expect((await run({ logits, ...settings }, scrambled)).weights).toEqual(fromModel.weights);
    // Training accuracy counts the 20 labelled images only.
    const correct = fromModel.result.epochs[0]!.accuracy * picked.size;
    expect(Math.abs(correct - Math.round(correct))).toBeLessThan(1e-6);
    expect(tf.memory().numTensors).toBe(before);
    teacher.dispose();
  });

  it('picks the rows of precomputed logits by position', async () => {
    const teacher = buildMlp({ hidden: 8, seed: 2 });
    const set = mnist.test.slice(0, 12);
    const all = await logitsOf(teacher, set);
    const some = await logitsOf(teacher, set.pick([7, 2]));
    expect(Array.from(pickLogits(all, [7, 2]).values)).toEqual(Array.from(some.values));
    teacher.dispose();
  });

  it('refuses unlabelled images without a teacher, and logits of the wrong length', async () => {
    const model = buildMlp({ hidden: 4 });
    const data = mnist.train.take(1, 1);
    await expect(train(model, data, { unlabelled: data })).rejects.toThrow(/need a teacher/);
    const logits = { values: new Float32Array(10 * 3), columns: 10 };
    await expect(train(model, data, { distillFrom: { logits, temperature: 2, alpha: 0.5 } })).rejects.toThrow(
      /3 rows for 10 training images/,
    );
    model.dispose();
  });
});
