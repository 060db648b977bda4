/**
 * Training throughput of the source CNN (images per second), and the overhead of the library's
 * train() against a plain tfjs model.fit doing the same work (same model, data, batch size, epochs).
 */
import type { Json, SuiteContext } from '../harness';

export const description = 'Source-CNN training images/s, and train() time / model.fit time';
export const backends = ['webgl', 'cpu', 'webgpu'];

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib, backend, log } = ctx;
  const { tf } = lib;
  const { train: trainSet } = await lib.loadMnist();
  // WebGPU and CPU are slow on machines without a GPU: measure them on less work.
  const perClass = ctx.quick || backend !== 'webgl' ? 40 : 160;
  const data = trainSet.select([0, 1, 2, 3, 4]).take(perClass, 1);
  const batchSize = 64;
  const epochs = 1;
  const classes = [0, 1, 2, 3, 4];

  const warm = lib.buildCnn({ classes: 5, seed: 1 });
  await lib.train(warm, data.slice(0, batchSize * 2), { epochs: 1, batchSize, classes }); // compiles shaders
  warm.dispose();

  const ours = lib.buildCnn({ classes: 5, seed: 1 });
  const run = await lib.train(ours, data, { epochs, batchSize, classes, seed: 1 });
  ours.dispose();
  const oursSeconds = run.seconds;
  log(`train(): ${data.size * epochs} images in ${oursSeconds.toFixed(1)} s`);

  const plain = lib.buildCnn({ classes: 5, seed: 1 });
  plain.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (y: import('../../src/lib/tf').Tensor, p: import('../../src/lib/tf').Tensor) =>
      tf.losses.softmaxCrossEntropy(y, p),
    metrics: ['accuracy'],
  });
  const { xs, ys } = data.toTensors(classes);
  const started = performance.now();
  await plain.fit(xs, ys, { epochs, batchSize, shuffle: true, verbose: 0 });
  const fitSeconds = (performance.now() - started) / 1000;
  tf.dispose([xs, ys]);
  plain.dispose();
  log(`model.fit: ${data.size * epochs} images in ${fitSeconds.toFixed(1)} s`);

  return {
    images: data.size * epochs,
    batchSize,
    imagesPerSecond: Number(((data.size * epochs) / oursSeconds).toFixed(1)),
    fitImagesPerSecond: Number(((data.size * epochs) / fitSeconds).toFixed(1)),
    trainSeconds: Number(oursSeconds.toFixed(2)),
    fitSeconds: Number(fitSeconds.toFixed(2)),
    overheadRatio: Number((oursSeconds / fitSeconds).toFixed(3)),
    tensorsAfter: tf.memory().numTensors,
  };
}
