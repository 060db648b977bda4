/**
 * The figures' data files (src/data/figures/, written by `npm run figures` with tfjs on WebGL)
 * against a second code path: the shipped models' weights read straight from weights.bin and run
 * through a forward pass written here in plain loops.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const json = <T>(path: string): T => JSON.parse(readFileSync(join(root, path), 'utf8')) as T;

interface Manifest {
  weightsManifest: Array<{ weights: Array<{ name: string; shape: number[] }> }>;
}

/** Every weight of a shipped model by name, as flat float32 arrays in tfjs's (row-major) order. */
function weightsOf(model: string): Map<string, Float32Array> {
  const manifest = json<Manifest>(`public/models/${model}/model.json`);
  const bin = readFileSync(join(root, `public/models/${model}/weights.bin`));
  const all = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
  const out = new Map<string, Float32Array>();
  let at = 0;
  for (const w of manifest.weightsManifest.flatMap((g) => g.weights)) {
    const size = w.shape.reduce((a, b) => a * b, 1);
    out.set(w.name, all.slice(at, at + size));
    at += size;
  }
  return out;
}

/** conv 3x3 'valid' + ReLU on [h, w, cin] channels-last input; kernel [3, 3, cin, cout]. */
function conv(
  input: Float32Array,
  side: number,
  cin: number,
  kernel: Float32Array,
  bias: Float32Array,
): Float32Array {
  const cout = bias.length;
  const o = side - 2;
  const out = new Float32Array(o * o * cout);
  for (let y = 0; y < o; y++)
    for (let x = 0; x < o; x++)
      for (let f = 0; f < cout; f++) {
        let s = bias[f]!;
        for (let ky = 0; ky < 3; ky++)
          for (let kx = 0; kx < 3; kx++)
            for (let c = 0; c < cin; c++)
              s +=
                input[((y + ky) * side + x + kx) * cin + c]! * kernel[((ky * 3 + kx) * cin + c) * cout + f]!;
        out[(y * o + x) * cout + f] = Math.max(0, s);
      }
  return out;
}

function pool(input: Float32Array, side: number, channels: number): Float32Array {
  const o = Math.floor(side / 2);
  const out = new Float32Array(o * o * channels);
  for (let y = 0; y < o; y++)
    for (let x = 0; x < o; x++)
      for (let c = 0; c < channels; c++) {
        let m = -Infinity;
        for (let dy = 0; dy < 2; dy++)
          for (let dx = 0; dx < 2; dx++)
            m = Math.max(m, input[((2 * y + dy) * side + 2 * x + dx) * channels + c]!);
        out[(y * o + x) * channels + c] = m;
      }
  return out;
}

function dense(input: Float32Array, kernel: Float32Array, bias: Float32Array, relu: boolean): Float32Array {
  const out = new Float32Array(bias.length);
  for (let j = 0; j < bias.length; j++) {
    let s = bias[j]!;
    for (let i = 0; i < input.length; i++) s += input[i]! * kernel[i * bias.length + j]!;
    out[j] = relu ? Math.max(0, s) : s;
  }
  return out;
}

function teacherLogits(w: Map<string, Float32Array>, image: Uint8Array): number[] {
  const x = Float32Array.from(image, (v) => v / 255);
  const c1 = pool(conv(x, 28, 1, w.get('conv1/kernel')!, w.get('conv1/bias')!), 26, 16);
  const c2 = pool(conv(c1, 13, 16, w.get('conv2/kernel')!, w.get('conv2/bias')!), 11, 32);
  const f = dense(c2, w.get('features/kernel')!, w.get('features/bias')!, true);
  return Array.from(dense(f, w.get('logits/kernel')!, w.get('logits/bias')!, false));
}

describe("the figures' data files", () => {
  it("hold the teacher's real logits: a plain forward pass over weights.bin gives the same", () => {
    const data = json<{ digits: Array<{ label: number; image: string; logits: number[] }> }>(
      'src/data/figures/teacher-logits.json',
    );
    const w = weightsOf('teacher-cnn');
    expect(data.digits).toHaveLength(10);
    data.digits.forEach((digit, i) => {
      expect(digit.label).toBe(i);
      const mine = teacherLogits(w, new Uint8Array(Buffer.from(digit.image, 'base64')));
      mine.forEach((z, j) => expect(digit.logits[j]).toBeCloseTo(z, 2));
      // Each was chosen as a digit the teacher answers correctly.
      expect(mine.indexOf(Math.max(...mine))).toBe(digit.label);
    });
  });

  it("hold the source CNN's first-layer filters as weights.bin has them", () => {
    const data = json<{ kernels: number[][]; biases: number[] }>('src/data/figures/source-filters.json');
    const w = weightsOf('source-cnn');
    const kernel = w.get('conv1/kernel')!;
    for (let f = 0; f < 16; f++) {
      for (let i = 0; i < 9; i++) expect(data.kernels[f]![i]).toBeCloseTo(kernel[i * 16 + f]!, 4);
      expect(data.biases[f]).toBeCloseTo(w.get('conv1/bias')![f]!, 4);
    }
  });

  it("score the unshifted test split as the teacher's model card does", () => {
    const card = json<{ testAccuracy: number }>('public/models/teacher-cnn/card.json');
    const data = json<{
      rotate: { steps: number[]; accuracy: number[] };
      invert: { steps: number[]; accuracy: number[] };
    }>('src/data/figures/teacher-shifts.json');
    expect(data.rotate.accuracy[data.rotate.steps.indexOf(0)]).toBeCloseTo(card.testAccuracy, 3);
    expect(data.invert.accuracy[data.invert.steps.indexOf(0)]).toBeCloseTo(card.testAccuracy, 3);
  });
});
