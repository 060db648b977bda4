import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { DigitSet, PIXELS } from '../../../../src/lib/data/digit-set';
import {
  agreement,
  evaluate,
  measureLatency,
  predict,
  predictedDigits,
} from '../../../../src/lib/evaluation';

// Models with hand-set weights, so every prediction is known before the library runs: an image
// with only pixel p lit (p < outputs) scores 1 on output `route[p]` and 0 elsewhere. The expected
// numbers below are worked out by hand from the labels and lit pixels, not by the code under test.

/** Images that each light exactly one pixel (value 255, i.e. 1.0 as a model input). */
function onePixelImages(litPixels: readonly number[], labels: readonly number[]): DigitSet {
  const images = new Uint8Array(litPixels.length * PIXELS);
  litPixels.forEach((pixel, i) => (images[i * PIXELS + pixel] = 255));
  return new DigitSet(images, Uint8Array.from(labels));
}

/** A flatten + dense model whose output for "pixel p lit" is route[p]. */
function routingModel(outputs: number, route: (pixel: number) => number): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: outputs, name: 'logits' }),
    ],
  });
  const kernel = new Float32Array(PIXELS * outputs);
  for (let pixel = 0; pixel < outputs; pixel++) kernel[pixel * outputs + route(pixel)] = 1;
  model.setWeights([tf.tensor2d(kernel, [PIXELS, outputs]), tf.zeros([outputs])]);
  return model;
}

// Eight images: true digits and the pixel each lights (= the digit the identity model answers).
const LABELS = [0, 0, 1, 1, 1, 2, 2, 3];
const LIT = [0, 1, 1, 1, 2, 2, 0, 3];

let identity: tf.Sequential;
let zeroAsOne: tf.Sequential;
beforeAll(async () => {
  await tf.setBackend('cpu');
  identity = routingModel(10, (pixel) => pixel);
  // Agrees with `identity` everywhere except that it answers 1 where identity answers 0.
  zeroAsOne = routingModel(10, (pixel) => (pixel === 0 ? 1 : pixel));
});
afterAll(() => {
  identity.dispose();
  zeroAsOne.dispose();
});

describe('evaluate', () => {
  it('matches a confusion matrix, accuracy and per-class scores worked out by hand', async () => {
    const before = tf.memory().numTensors;
    const result = await evaluate(identity, onePixelImages(LIT, LABELS));
    expect(tf.memory().numTensors).toBe(before);
    const expected = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    // Row = true digit, column = answer. 0: one right, one called 1. 1: two right, one called 2.
    // 2: one right, one called 0. 3: one right.
    expected[0]![0] = 1;
    expected[0]![1] = 1;
    expected[1]![1] = 2;
    expected[1]![2] = 1;
    expected[2]![2] = 1;
    expected[2]![0] = 1;
    expected[3]![3] = 1;
    expect(result.confusion).toEqual(expected);
    expect(result.count).toBe(8);
    expect(result.errors).toBe(3);
    expect(result.accuracy).toBe(5 / 8);
    expect(result.perClass.slice(0, 4)).toEqual([1 / 2, 2 / 3, 1 / 2, 1]);
    expect(result.perClass.slice(4).every(Number.isNaN)).toBe(true);
    expect(result.classes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('maps a 5-output model to the digits it stands for', async () => {
    // Output i means digit 5 + i; the image lighting pixel i is answered as digit 5 + i.
    const five = routingModel(5, (pixel) => pixel);
    const data = onePixelImages([0, 1, 4, 4, 2], [5, 6, 9, 8, 7]);
    const result = await evaluate(five, data, { classes: [5, 6, 7, 8, 9] });
    // Answers 5, 6, 9, 9, 7 for digits 5, 6, 9, 8, 7: only the 8 is wrong.
    expect(result.accuracy).toBe(4 / 5);
    expect(result.errors).toBe(1);
    // Digit 8 (row 3) was answered as 9 (column 4); digit 7 (row 2) as 7 (column 2).
    expect(result.confusion[3]).toEqual([0, 0, 0, 0, 1]);
    expect(result.confusion[2]).toEqual([0, 0, 1, 0, 0]);
    expect(result.perClass).toEqual([1, 1, 1, 0, 1]);
    expect(Array.from(await predictedDigits(five, data, { classes: [5, 6, 7, 8, 9] }))).toEqual([
      5, 6, 9, 9, 7,
    ]);
    five.dispose();
  });

  it('refuses data with digits the model has no output for', async () => {
    const five = routingModel(5, (pixel) => pixel);
    await expect(
      evaluate(five, onePixelImages([0, 1], [0, 7]), { classes: [0, 1, 2, 3, 4] }),
    ).rejects.toThrow(/no output for/);
    five.dispose();
  });
});

describe('agreement', () => {
  it('is the share of images where two models give the same digit', async () => {
    const data = onePixelImages(LIT, LABELS);
    // identity answers LIT = [0,1,1,1,2,2,0,3]; zeroAsOne answers [1,1,1,1,2,2,1,3]: 6 of 8 agree.
    expect(await agreement(identity, zeroAsOne, data)).toBe(6 / 8);
    expect(await agreement(zeroAsOne, identity, data)).toBe(6 / 8);
    // Against answers already read (as the distillation report passes the teacher's).
    expect(await agreement(identity, [1, 1, 1, 1, 2, 2, 1, 3], data)).toBe(6 / 8);
    // Against the true labels, agreement is accuracy.
    expect(await agreement(identity, LABELS, data)).toBe(5 / 8);
    await expect(agreement(identity, [1, 2], data)).rejects.toThrow(/2 reference answers for 8 images/);
  });
});

describe('predict', () => {
  it('gives the softmax of the logits over the temperature', async () => {
    // Logits are 1 on the lit pixel's output and 0 on the nine others.
    const [cold] = await predict(identity, onePixelImages([3], [3]));
    const [hot] = await predict(identity, onePixelImages([3], [3]), { temperature: 5 });
    const top = (t: number) => Math.exp(1 / t) / (Math.exp(1 / t) + 9);
    const rest = (t: number) => 1 / (Math.exp(1 / t) + 9);
    expect(cold!.label).toBe(3);
    expect(hot!.label).toBe(3);
    expect(cold!.probabilities[3]).toBeCloseTo(top(1), 6); // 0.2320
    expect(cold!.probabilities[0]).toBeCloseTo(rest(1), 6);
    expect(hot!.probabilities[3]).toBeCloseTo(top(5), 6); // 0.1195
    await expect(predict(identity, onePixelImages([3], [3]), { temperature: 0 })).rejects.toThrow(/above 0/);
  });
});

describe('measureLatency', () => {
  it('times each batch size after a warm-up and frees its inputs', async () => {
    const before = tf.memory().numTensors;
    const latency = await measureLatency(identity, { batchSizes: [1, 64], runs: 2 });
    expect(latency.map((l) => l.batchSize)).toEqual([1, 64]);
    latency.forEach((l) => expect(l.msPerImage).toBeGreaterThan(0));
    expect(tf.memory().numTensors).toBe(before);
  });
});
