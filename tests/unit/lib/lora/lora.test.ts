import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { loadMnist, type Mnist } from '../../../../src/lib/data';
import { buildMlp, cloneModel, summarize } from '../../../../src/lib/models';
import { train } from '../../../../src/lib/training';
import {
  LoraDense,
  addLora,
  clearAdapter,
  getAdapter,
  hasLora,
  mergeLora,
  setAdapter,
} from '../../../../src/lib/lora';

let mnist: Mnist;
beforeAll(async () => {
  await tf.setBackend('cpu');
  mnist = await loadMnist();
});

const outputs = (model: tf.LayersModel, xs: tf.Tensor) =>
  Array.from((model.predict(xs) as tf.Tensor).dataSync());

describe('LoRA', () => {
  it('trains only r * (in + out) numbers per adapted layer', async () => {
    const base = buildMlp({ hidden: 64, seed: 1 });
    const lora = await addLora(base, { layers: ['hidden1'], rank: 4, alpha: 8 });
    const summary = summarize(lora);
    const trainable = 4 * (784 + 64);
    expect(summary.trainableParams).toBe(trainable);
    expect(summary.params).toBe(784 * 64 + 64 + 64 * 10 + 10 + trainable);
    expect(summary.trainableFraction).toBeCloseTo(trainable / summary.params, 10);
    expect(summary.layers.find((l) => l.name === 'hidden1')!.type).toBe('LoraDense');
    expect(hasLora(lora)).toBe(true);
    expect(hasLora(base)).toBe(false);
  });

  it('starts equal to the base model, keeps the base frozen while training, and merges to the same outputs', async () => {
    const base = buildMlp({ hidden: 32, seed: 2 });
    const lora = await addLora(base, { layers: ['hidden1', 'logits'], rank: 2, alpha: 4, seed: 1 });
    const xs = mnist.test.slice(0, 8).toTensors().xs;
    expect(outputs(lora, xs)).toEqual(outputs(base, xs));
    const kernelOf = () => Array.from((lora.getLayer('hidden1') as LoraDense).kernel.read().dataSync());
    const kernelBefore = kernelOf();
    await train(lora, mnist.train.take(5, 1), { epochs: 2, batchSize: 10, learningRate: 1e-2 });
    expect(kernelOf()).toEqual(kernelBefore);
    const adapted = outputs(lora, xs);
    expect(adapted).not.toEqual(outputs(base, xs));
    const merged = await mergeLora(lora);
    expect(hasLora(merged)).toBe(false);
    expect(summarize(merged).params).toBe(summarize(base).params);
    outputs(merged, xs).forEach((v, i) => expect(v).toBeCloseTo(adapted[i]!, 4));
    // A LoRA model survives a save/load round trip (the layer is registered for serialisation).
    const copy = await cloneModel(lora);
    outputs(copy, xs).forEach((v, i) => expect(v).toBeCloseTo(adapted[i]!, 5));
    xs.dispose();
  });

  it('leaves no tensors behind once the adapted and merged models are disposed', async () => {
    const base = buildMlp({ hidden: 8 });
    const before = tf.memory().numTensors;
    const lora = await addLora(base, { layers: ['hidden1'], rank: 2 });
    const merged = await mergeLora(lora);
    lora.dispose();
    merged.dispose();
    expect(tf.memory().numTensors).toBe(before);
    base.dispose();
  });

  it('refuses layers that are not dense, unknown names and bad ranks', async () => {
    const base = buildMlp({ hidden: 8 });
    await expect(addLora(base, { layers: ['flatten'], rank: 2 })).rejects.toThrow(/adapts dense layers/);
    await expect(addLora(base, { layers: ['hidden9'], rank: 2 })).rejects.toThrow(/no layer named/);
    await expect(addLora(base, { layers: ['hidden1'], rank: 0 })).rejects.toThrow(/rank/);
  });
});

describe('LoRA with a new head trained in full', () => {
  it('trains the adapter and the named layer in full, and nothing else', async () => {
    const base = buildMlp({ hidden: 16, seed: 3 });
    const lora = await addLora(base, { layers: ['hidden1'], rank: 2, trainInFull: ['logits'] });
    // A and B of hidden1 (2 x (784 + 16)) plus the whole head (16 x 10 + 10), worked out by hand.
    expect(summarize(lora).trainableParams).toBe(2 * (784 + 16) + 16 * 10 + 10);
    expect(lora.getLayer('logits').getClassName()).toBe('Dense');
    expect(lora.getLayer('logits').trainable).toBe(true);
    await expect(
      addLora(base, { layers: ['hidden1', 'logits'], rank: 2, trainInFull: ['logits'] }),
    ).rejects.toThrow(/both adapted and trained in full/);
    await expect(addLora(base, { layers: ['hidden1'], rank: 2, trainInFull: ['head'] })).rejects.toThrow(
      /no layer named "head"/,
    );
    lora.dispose();
    base.dispose();
  });
});

describe('LoRA adapters as detachable numbers', () => {
  it('switch one model between tasks, and off back to the exact base', async () => {
    const base = buildMlp({ hidden: 16, seed: 4 });
    const xs = mnist.test.slice(0, 6).toImages();
    const baseOut = outputs(base, xs);
    const model = await addLora(base, {
      layers: ['hidden1'],
      rank: 2,
      alpha: 4,
      seed: 1,
      trainInFull: ['logits'],
    });
    const headBefore = await getAdapter(model);
    await train(model, mnist.train.take(3, 1), { epochs: 2, batchSize: 10, learningRate: 1e-2, seed: 1 });
    const taskA = await getAdapter(model);
    const outA = outputs(model, xs);
    expect(taskA.params).toBe(2 * (784 + 16) + 16 * 10 + 10);
    expect(taskA.rank).toBe(2);

    // A different adapter changes the answers; putting A back restores them exactly.
    setAdapter(model, headBefore);
    expect(outputs(model, xs)).not.toEqual(outA);
    setAdapter(model, taskA);
    expect(outputs(model, xs)).toEqual(outA);

    // Off: B = 0. With the untrained head put back too, the model is the base again, exactly.
    clearAdapter(model);
    setAdapter(model, { ...headBefore, low: (await getAdapter(model)).low });
    expect(outputs(model, xs)).toEqual(baseOut);

    expect(() => setAdapter(model, { ...taskA, rank: 3 })).toThrow(/does not fit/);
    const plain = buildMlp({ hidden: 4 });
    await expect(getAdapter(plain)).rejects.toThrow(/no LoRA adapter/);
    tf.dispose([xs]);
    [model, base, plain].forEach((m) => m.dispose());
  });
});
