import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { loadWasmBackend } from '../../../../src/lib/backend/wasm';
import { buildTinyCnn } from '../../../../src/lib/models';

/** The gradient of sum(conv2d(x, filter) * weights) with respect to the filter, on one backend. */
async function filterGradient(
  backend: string,
  input: {
    x: number[];
    xShape: number[];
    w: number[];
    wShape: number[];
    weights: number[];
    dyShape: number[];
  },
  strides: number,
  pad: 'same' | 'valid',
): Promise<Float32Array> {
  await tf.setBackend(backend);
  const gradient = tf.tidy(() => {
    const x = tf.tensor4d(input.x, input.xShape as [number, number, number, number]);
    const weights = tf.tensor4d(input.weights, input.dyShape as [number, number, number, number]);
    const filter = tf.tensor4d(input.w, input.wShape as [number, number, number, number]);
    return tf.grad((f) =>
      tf
        .conv2d(x, f as tf.Tensor4D, strides, pad)
        .mul(weights)
        .sum(),
    )(filter);
  });
  const values = (await gradient.data()) as Float32Array;
  gradient.dispose();
  return values;
}

const random = (n: number, seed: number) => {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
};

describe("the wasm backend's convolution filter gradient (added by the course)", () => {
  beforeAll(async () => {
    await loadWasmBackend();
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('matches a case worked out by hand', async () => {
    // A 1x1 filter on a 2x2 image, every output weighted 1: dW is the sum of the pixels, 1+2+3+4.
    const input = {
      x: [1, 2, 3, 4],
      xShape: [1, 2, 2, 1],
      w: [0.5],
      wShape: [1, 1, 1, 1],
      weights: [1, 1, 1, 1],
      dyShape: [1, 2, 2, 1],
    };
    expect(Array.from(await filterGradient('wasm', input, 1, 'valid'))).toEqual([10]);
  });

  for (const [strides, pad] of [
    [1, 'valid'],
    [1, 'same'],
    [2, 'valid'],
    [2, 'same'],
  ] as const) {
    it(`agrees with the CPU backend: 3x3 filter, stride ${strides}, ${pad} padding, 3 channels in, 4 out`, async () => {
      const xShape = [2, 7, 7, 3];
      const out = pad === 'same' ? Math.ceil(7 / strides) : Math.ceil((7 - 3 + 1) / strides);
      const dyShape = [2, out, out, 4];
      const input = {
        x: random(2 * 7 * 7 * 3, 7),
        xShape,
        w: random(3 * 3 * 3 * 4, 11),
        wShape: [3, 3, 3, 4],
        weights: random(2 * out * out * 4, 13),
        dyShape,
      };
      const onCpu = await filterGradient('cpu', input, strides, pad);
      const onWasm = await filterGradient('wasm', input, strides, pad);
      expect(onWasm.length).toBe(3 * 3 * 3 * 4);
      for (let i = 0; i < onCpu.length; i++) expect(onWasm[i]).toBeCloseTo(onCpu[i]!, 4);
    });
  }

  it('trains the tiny CNN on wasm to the same weights as on the CPU backend, step for step', async () => {
    const images = tf.tidy(() =>
      tf.tensor4d(
        random(8 * 28 * 28, 3).map((v) => Math.max(0, v)),
        [8, 28, 28, 1],
      ),
    );
    const labels = tf.tidy(() =>
      tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10).cast('float32'),
    );
    const xs = (await images.array()) as number[][][][];
    const ys = (await labels.array()) as number[][];
    tf.dispose([images, labels]);
    const trained: number[][] = [];
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const model = buildTinyCnn({ filters: 4, seed: 5 });
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
      const x = tf.tensor4d(xs);
      const y = tf.tensor2d(ys);
      await model.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
      trained.push(Array.from(await model.getWeights()[0]!.data()));
      tf.dispose([x, y]);
      model.dispose();
    }
    const [cpu, wasm] = trained as [number[], number[]];
    // The conv filter moved (training did something) and moved the same way on both backends.
    const first = buildTinyCnn({ filters: 4, seed: 5 });
    const start = Array.from(await first.getWeights()[0]!.data());
    first.dispose();
    expect(Math.max(...cpu.map((v, i) => Math.abs(v - start[i]!)))).toBeGreaterThan(1e-3);
    for (let i = 0; i < cpu.length; i++) expect(wasm[i]).toBeCloseTo(cpu[i]!, 4);
  });
});
