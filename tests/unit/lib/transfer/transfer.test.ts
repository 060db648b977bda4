import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { loadMnist, type Mnist } from '../../../../src/lib/data';
import { buildMlp, buildTinyCnn, summarize } from '../../../../src/lib/models';
import { train } from '../../../../src/lib/training';
import {
  freeze,
  freezeBelow,
  prepareTransfer,
  reinitialize,
  replaceHead,
  trainableLayerNames,
  unfreeze,
} from '../../../../src/lib/transfer';

let mnist: Mnist;
beforeAll(async () => {
  await tf.setBackend('cpu');
  mnist = await loadMnist();
});

const weightsOf = (model: tf.LayersModel, layer: string) =>
  model
    .getLayer(layer)
    .getWeights()
    .map((w) => Array.from(w.dataSync()));

describe('freezing by layer name', () => {
  it('keeps frozen weights exactly unchanged while the rest learns', async () => {
    const model = buildMlp({ hidden: [16, 8], seed: 1 });
    freeze(model, ['hidden1']);
    const frozenBefore = weightsOf(model, 'hidden1');
    const headBefore = weightsOf(model, 'logits');
    const result = await train(model, mnist.train.take(5, 1), { epochs: 2, batchSize: 10 });
    expect(result.epochs).toHaveLength(2);
    expect(weightsOf(model, 'hidden1')).toEqual(frozenBefore);
    expect(weightsOf(model, 'logits')).not.toEqual(headBefore);
    expect(summarize(model).trainableParams).toBe(16 * 8 + 8 + 8 * 10 + 10);
    unfreeze(model, ['hidden1']);
    expect(trainableLayerNames(model)).toEqual(['hidden1', 'hidden2', 'logits']);
    model.dispose();
  });

  it('freezes everything below a named layer', () => {
    const model = buildTinyCnn();
    freezeBelow(model, 'logits');
    expect(trainableLayerNames(model)).toEqual(['logits']);
    freezeBelow(model, 'conv1');
    expect(trainableLayerNames(model)).toEqual(['conv1', 'logits']);
    model.dispose();
  });

  it('names the real layers when given an unknown one', () => {
    const model = buildTinyCnn();
    expect(() => freeze(model, ['dense_7'])).toThrow(
      /no layer named "dense_7". Its layers: conv1, pool1, flatten, logits/,
    );
    expect(() => freezeBelow(model, 'nope')).toThrow(/no layer named/);
    model.dispose();
  });

  it('gives the frozen layers no gradient even with a per-layer learning rate', async () => {
    const model = buildMlp({ hidden: [8, 8], seed: 2 });
    freezeBelow(model, 'hidden2');
    const before = weightsOf(model, 'hidden1');
    const hidden2 = weightsOf(model, 'hidden2');
    await train(model, mnist.train.take(3, 1), { epochs: 1, layerLearningRates: { hidden2: 1e-2 } });
    expect(weightsOf(model, 'hidden1')).toEqual(before);
    expect(weightsOf(model, 'hidden2')).not.toEqual(hidden2);
    model.dispose();
  });
});

describe('new heads and fresh weights', () => {
  it('replaces the head for new classes and keeps the body', () => {
    const model = buildMlp({ hidden: 8, seed: 3 });
    const body = weightsOf(model, 'hidden1');
    const five = replaceHead(model, 5, { seed: 1 });
    expect(five.outputs[0]!.shape).toEqual([null, 5]);
    expect(weightsOf(five, 'hidden1')).toEqual(body);
    expect(five.layers.at(-1)!.name).toBe('logits');
    const out = five.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor;
    expect(out.shape).toEqual([2, 5]);
    out.dispose();
    expect(() => replaceHead(model, 1)).toThrow(/at least 2/);
  });

  it('reinitialises weights reproducibly with a seed', () => {
    const a = buildMlp({ hidden: 8, seed: 1 });
    const b = buildMlp({ hidden: 8, seed: 2 });
    reinitialize(a, 5);
    reinitialize(b, 5);
    expect(weightsOf(a, 'hidden1')).toEqual(weightsOf(b, 'hidden1'));
    expect(weightsOf(a, 'hidden1')[1]!.every((v) => v === 0)).toBe(true);
  });

  it('prepares the three strategies without touching the pretrained model', async () => {
    const pretrained = buildMlp({ hidden: [16, 8], classes: 5, seed: 4 });
    const original = weightsOf(pretrained, 'hidden1');
    const fx = await prepareTransfer(pretrained, { classes: 5, strategy: 'feature-extraction', seed: 1 });
    const ft = await prepareTransfer(pretrained, {
      classes: 5,
      strategy: 'fine-tune',
      fromLayer: 'hidden2',
      seed: 1,
    });
    const scratch = await prepareTransfer(pretrained, { classes: 5, strategy: 'scratch', seed: 1 });
    expect(trainableLayerNames(fx)).toEqual(['logits']);
    expect(trainableLayerNames(ft)).toEqual(['hidden2', 'logits']);
    expect(trainableLayerNames(scratch)).toEqual(['hidden1', 'hidden2', 'logits']);
    expect(weightsOf(fx, 'hidden1')).toEqual(original);
    expect(weightsOf(scratch, 'hidden1')).not.toEqual(original);
    await train(fx, mnist.train.select([5, 6, 7, 8, 9]).take(2, 1), { epochs: 1 });
    expect(weightsOf(pretrained, 'hidden1')).toEqual(original);
    expect(trainableLayerNames(pretrained)).toEqual(['hidden1', 'hidden2', 'logits']);
    const before = tf.memory().numTensors;
    (await prepareTransfer(pretrained, { classes: 3, strategy: 'scratch' })).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
