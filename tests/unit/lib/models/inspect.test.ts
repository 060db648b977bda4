import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { DigitSet } from '../../../../src/lib/data';
import { buildCnn, convFilters, featureMaps, weightChange } from '../../../../src/lib/models';

// A CNN whose conv1 we set by hand: filter 0 copies the centre pixel (+1 in the middle of its 3x3
// kernel), filter 1 is its negative, the other 14 are zero. Biases are zero.
const model = buildCnn({ classes: 5, seed: 3 });
const kernel = new Float32Array(3 * 3 * 1 * 16);
kernel[(1 * 3 + 1) * 16 + 0] = 1;
kernel[(1 * 3 + 1) * 16 + 1] = -1;
// setWeights copies the values into the layer's own variables: the new tensors can go at once.
const handMade = [tf.tensor4d(kernel, [3, 3, 1, 16]), tf.zeros([16])];
model.getLayer('conv1').setWeights(handMade);
tf.dispose(handMade);
afterAll(() => model.dispose());

/** One 28x28 image: a bright 4x4 square at rows 10-13, columns 5-8, one pixel of 100 elsewhere. */
function square(): DigitSet {
  const images = new Uint8Array(784);
  for (let y = 10; y < 14; y++) for (let x = 5; x < 9; x++) images[y * 28 + x] = 255;
  images[20 * 28 + 20] = 100;
  return new DigitSet(images, Uint8Array.of(3));
}

describe('looking inside a CNN', () => {
  it("draws a conv layer's filters on one grey scale: 0 mid-grey, the largest weight white, its negative black", async () => {
    const pictures = await convFilters(model, 'conv1', { scale: 2 });
    expect(pictures.size).toBe(16);
    const at = (filter: number, x: number, y: number) => pictures.digitImage(filter).data[(y * 6 + x) * 4]!;
    expect(pictures.digitImage(0).width).toBe(6);
    // Centre weight (pixels 2-3 after doubling) of filter 0 is +1 = the largest: white; filter 1: black.
    expect(at(0, 2, 2)).toBe(255);
    expect(at(0, 3, 3)).toBe(255);
    expect(at(1, 2, 3)).toBe(0);
    // Zero weights are grey 127.5, stored as 128 (Uint8ClampedArray rounds half to even).
    expect(at(0, 0, 0)).toBe(128);
    expect(at(7, 4, 1)).toBe(128);
    expect(pictures.digitImage(5).label).toBe(5);
  });

  it("shows a layer's output for one image: the centre-pixel filter reproduces the image, its negative stays silent", async () => {
    const { pictures, responses, shape } = await featureMaps(model, 'conv1', square(), 0);
    expect(shape).toEqual([26, 26, 16]);
    // A valid 3x3 convolution shifts coordinates by one: input pixel (x, y) lands at (x - 1, y - 1).
    const map = pictures.digitImage(0);
    expect(map.width).toBe(26);
    expect(map.data[(9 * 26 + 4) * 4]).toBe(255);
    expect(map.data[(19 * 26 + 19) * 4]).toBe(100);
    expect(map.data[(0 * 26 + 0) * 4]).toBe(0);
    expect(responses[0]).toMatchObject({ filter: 0, max: 1 });
    // 16 pixels of 1 and one of 100/255, over 26 x 26 positions.
    expect(responses[0]!.mean).toBeCloseTo((16 + 100 / 255) / 676, 6);
    // After ReLU the negative filter outputs nothing anywhere.
    expect(responses[1]).toMatchObject({ max: 0, mean: 0 });
    await expect(featureMaps(model, 'features', square(), 0)).rejects.toThrow(/not feature maps/);
  });

  it('measures how far each layer moved: nothing against itself, twice the weights is a change of 1 in the same direction', async () => {
    const same = await weightChange(model, model);
    expect(same.map((c) => c.layer)).toEqual(['conv1', 'conv2', 'features', 'logits']);
    expect(same.map((c) => c.weights)).toEqual([160, 4640, 102528, 645]);
    for (const change of same) {
      expect(change.relativeChange).toBe(0);
      expect(change.cosine).toBeCloseTo(1, 5);
    }
    const doubled = buildCnn({ classes: 5, seed: 3 });
    const original = buildCnn({ classes: 5, seed: 3 });
    const head = doubled.getLayer('logits');
    const twice = head.getWeights().map((w) => w.mul(2));
    head.setWeights(twice);
    tf.dispose(twice);
    const changes = await weightChange(original, doubled);
    expect(changes.find((c) => c.layer === 'logits')!.relativeChange).toBeCloseTo(1, 5);
    expect(changes.find((c) => c.layer === 'logits')!.cosine).toBeCloseTo(1, 5);
    expect(changes.find((c) => c.layer === 'conv2')!.relativeChange).toBe(0);
    doubled.dispose();
    original.dispose();
  });
});
