import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { DigitSet, loadMnist, type Mnist, type MnistIndex } from '../../../../src/lib/data';

let mnist: Mnist;
beforeAll(async () => {
  await tf.setBackend('cpu');
  mnist = await loadMnist();
});

describe('the MNIST asset', () => {
  it('matches the SHA-256 sums in its index', () => {
    const index = JSON.parse(readFileSync('public/data/mnist/index.json', 'utf8')) as MnistIndex;
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const gz = readFileSync('public/data/mnist/images.u8.gz');
    expect(sha(gz)).toBe(index.files.images.sha256);
    expect(sha(gunzipSync(gz))).toBe(index.files.images.rawSha256);
    expect(sha(readFileSync('public/data/mnist/labels.u8'))).toBe(index.files.labels.sha256);
  });

  it('loads 8,000 train and 2,000 test digits, stratified, and caches the load', async () => {
    expect(mnist.train.size).toBe(8000);
    expect(mnist.test.size).toBe(2000);
    const train = mnist.train.counts();
    const test = mnist.test.counts();
    for (let d = 0; d < 10; d++) expect(test[d]! / (train[d]! + test[d]!)).toBeCloseTo(0.2, 2);
    expect(await loadMnist()).toBe(mnist);
  });
});

describe('DigitSet', () => {
  it('selects and removes digits', () => {
    const target = mnist.train.select([5, 6, 7, 8, 9]);
    expect(target.digits()).toEqual([5, 6, 7, 8, 9]);
    expect(target.size).toBe(
      mnist.train
        .counts()
        .slice(5)
        .reduce((a, b) => a + b),
    );
    expect(mnist.test.without([3]).counts()[3]).toBe(0);
  });

  it('throws a clear error for an empty or invalid selection', () => {
    expect(() => mnist.train.select([])).toThrow(/at least one digit/);
    expect(() => mnist.train.select([12])).toThrow(/not a digit/);
    expect(() => mnist.train.without([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toThrow(/leaves no images/);
  });

  it('takes N per class with a seed, reproducibly, and refuses N larger than available', () => {
    const a = mnist.train.select([0, 1]).take(10, 7);
    const b = mnist.train.select([0, 1]).take(10, 7);
    const c = mnist.train.select([0, 1]).take(10, 8);
    expect(a.counts().slice(0, 2)).toEqual([10, 10]);
    expect(a.size).toBe(20);
    expect(Array.from(a.images)).toEqual(Array.from(b.images));
    expect(Array.from(a.images)).not.toEqual(Array.from(c.images));
    expect(() => mnist.test.take(500)).toThrow(/only \d+/);
  });

  it('makes tensors of the right shape, scale and one-hot mapping', () => {
    const before = tf.memory().numTensors;
    const set = mnist.test.select([5, 9]).slice(0, 6);
    const { xs, ys } = set.toTensors([5, 9]);
    expect(xs.shape).toEqual([6, 28, 28, 1]);
    expect(ys.shape).toEqual([6, 2]);
    expect(Math.max(...xs.dataSync())).toBeLessThanOrEqual(1);
    const rows = ys.arraySync();
    rows.forEach((row, i) => expect(row).toEqual(set.labels[i] === 5 ? [1, 0] : [0, 1]));
    tf.dispose([xs, ys]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => set.toTensors([0, 1])).toThrow(/not among the model's classes/);
  });

  it('turns images alone into model input: grey level g becomes g / 255', () => {
    const one = mnist.test.slice(3, 4);
    const images = one.toImages();
    expect(images.shape).toEqual([1, 28, 28, 1]);
    const values = images.dataSync();
    one.images.forEach((g, i) => expect(values[i]).toBeCloseTo(g / 255, 6));
    images.dispose();
  });

  it('applies domain shifts that keep labels and change pixels', () => {
    const few = mnist.test.slice(0, 5);
    for (const kind of ['rotate', 'invert', 'noise', 'translate', 'thicken'] as const) {
      const shifted = few.shift(
        kind,
        kind === 'rotate' ? 30 : kind === 'invert' ? 1 : kind === 'noise' ? 0.3 : 3,
        1,
      );
      expect(Array.from(shifted.labels)).toEqual(Array.from(few.labels));
      expect(Array.from(shifted.images), kind).not.toEqual(Array.from(few.images));
    }
    const inverted = few.shift('invert', 1);
    expect(inverted.images[0]).toBe(255 - few.images[0]!);
    expect(Array.from(few.shift('rotate', 0).images)).toEqual(Array.from(few.images));
    expect(Array.from(few.shift('noise', 0.2, 3).images)).toEqual(
      Array.from(few.shift('noise', 0.2, 3).images),
    );
    // @ts-expect-error: a wrong kind is a reader's typo, caught with a clear message
    expect(() => few.shift('blur', 1)).toThrow(/Choose one of/);
  });

  it('shows a digit as an RGBA image', () => {
    const image = mnist.test.digitImage(0);
    expect(image.width).toBe(28);
    expect(image.data.length).toBe(28 * 28 * 4);
    expect(image.label).toBe(mnist.test.labels[0]);
    expect(() => mnist.test.digitImage(5000)).toThrow(/No image at position/);
    expect(() => new DigitSet(new Uint8Array(3), new Uint8Array(1))).toThrow(/784 pixels/);
  });
});
