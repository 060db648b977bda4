import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import {
  buildCnn,
  buildMlp,
  buildTinyCnn,
  cloneModel,
  multiplyAdds,
  quantizeWeights,
  summarize,
} from '../../../../src/lib/models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

describe('model builders', () => {
  it('builds the CNN with the expected layers and parameter counts', () => {
    const model = buildCnn({ classes: 10 });
    const summary = summarize(model);
    // conv1 3*3*1*16+16, conv2 3*3*16*32+32, features 5*5*32*128+128, logits 128*10+10
    expect(summary.params).toBe(160 + 4_640 + 102_528 + 1_290);
    expect(summary.trainableParams).toBe(summary.params);
    expect(summary.bytes).toBe(summary.params * 4);
    expect(summary.layers.map((l) => l.name)).toEqual([
      'conv1',
      'pool1',
      'conv2',
      'pool2',
      'flatten',
      'features',
      'logits',
    ]);
    expect(summary.layers[0]!.outputShape).toEqual([null, 26, 26, 16]);
    expect(summary.layers.at(-1)).toMatchObject({ type: 'Dense', outputShape: [null, 10], params: 1_290 });
    expect(summarize(buildCnn({ classes: 5 })).params).toBe(160 + 4_640 + 102_528 + 645);
    model.dispose();
  });

  it('builds small students: an MLP of chosen width and a tiny CNN', () => {
    expect(summarize(buildMlp({ hidden: 32 })).params).toBe(784 * 32 + 32 + 32 * 10 + 10);
    expect(summarize(buildMlp({ hidden: [16, 8], classes: 5 })).params).toBe(
      784 * 16 + 16 + 16 * 8 + 8 + 8 * 5 + 5,
    );
    // 5x5 conv with stride 2 -> 12x12x8, pooled to 6x6x8 = 288 features
    expect(summarize(buildTinyCnn({ filters: 8 })).params).toBe(5 * 5 * 8 + 8 + 288 * 10 + 10);
    expect(() => buildMlp({ hidden: 0 })).toThrow(/whole number of units/);
    expect(() => buildCnn({ classes: 1 })).toThrow(/at least 2/);
  });

  it('gives the same weights for the same seed and different ones for another seed', () => {
    const a = buildTinyCnn({ seed: 3 });
    const b = buildTinyCnn({ seed: 3 });
    const c = buildTinyCnn({ seed: 4 });
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)).not.toEqual(weightsOf(c));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('clones architecture and weights into an independent model', async () => {
    const model = buildMlp({ hidden: 8, seed: 2 });
    model.getLayer('hidden1').trainable = false;
    const copy = await cloneModel(model);
    expect(weightsOf(copy)).toEqual(weightsOf(model));
    expect(copy.getLayer('hidden1').trainable).toBe(false);
    copy.getLayer('logits').setWeights(
      copy
        .getLayer('logits')
        .getWeights()
        .map((w) => tf.zerosLike(w)),
    );
    expect(weightsOf(copy)).not.toEqual(weightsOf(model));
    model.dispose();
    copy.dispose();
  });

  it('counts multiply-adds per image by hand-worked formulas', () => {
    // Teacher CNN: conv1 26*26 positions * 3*3*1*16, conv2 11*11 * 3*3*16*32, features 800*128, logits 128*10.
    const teacher = buildCnn({ classes: 10 });
    expect(multiplyAdds(teacher)).toBe(26 * 26 * 144 + 11 * 11 * 4608 + 800 * 128 + 128 * 10);
    expect(multiplyAdds(teacher)).toBe(758_592);
    // Tiny CNN, 28 filters: 5x5 stride 2 gives 12*12 positions * 5*5*1*28, pooling to 6*6*28 = 1,008 -> 10.
    const tiny = buildTinyCnn({ filters: 28 });
    expect(multiplyAdds(tiny)).toBe(144 * 700 + 1008 * 10);
    // MLP: 784*12 + 12*10.
    const mlp = buildMlp({ hidden: 12 });
    expect(multiplyAdds(mlp)).toBe(784 * 12 + 120);
    [teacher, tiny, mlp].forEach((m) => m.dispose());
  });

  it('quantises weights to the levels worked out by hand, in a copy', async () => {
    // One dense layer, kernel [0, 0.1, 0.25, 1] (4 inputs, 1 output), bias [0.5]. At 2 bits the
    // kernel's levels are 0, 1/3, 2/3, 1: 0.1 rounds to 0 and 0.25 to 1/3. A lone bias is its own
    // minimum and stays 0.5. Bytes: 4 weights * 2 bits = 1 byte + 8, and 1 bias -> 1 byte + 8.
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4] })] });
    model.layers[0]!.setWeights([tf.tensor2d([[0], [0.1], [0.25], [1]]), tf.tensor1d([0.5])]);
    const quantized = await quantizeWeights(model, 2);
    const [kernel, bias] = quantized.model.layers[0]!.getWeights();
    const values = Array.from(kernel!.dataSync());
    [0, 0, 1 / 3, 1].forEach((expected, i) => expect(values[i]).toBeCloseTo(expected, 6));
    expect(bias!.dataSync()[0]).toBeCloseTo(0.5, 6);
    expect(quantized.bytes).toBe(1 + 8 + 1 + 8);
    expect(quantized.float32Bytes).toBe(5 * 4);
    expect(Array.from(model.layers[0]!.getWeights()[0]!.dataSync())[1]).toBeCloseTo(0.1, 6);
    await expect(quantizeWeights(model, 0)).rejects.toThrow(/1 to 16/);
    quantized.model.dispose();
    model.dispose();
  });
});
