/**
 * Training throughput of the source CNN (images per second), and the overhead of the library's
 * train() against a plain tfjs model.fit doing the same work (same model, data, batch size, epochs).
 * The two run side by side, alternating over several rounds (fit, train, train, fit, ...), so a
 * machine that slows down part-way hurts both alike; train() runs with live progress (onBatch).
 * The ratio compares the fastest round of each.
 * Goal (issue 13): train / fit <= 1.05 on every backend.
 */
import type { Json, SuiteContext } from '../harness';

export const description = 'Source-CNN training images/s, and train() time / model.fit time';
export const backends = ['webgl', 'wasm', 'cpu', 'webgpu'];

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib, backend, log } = ctx;
  const { tf } = lib;
  const { train: trainSet } = await lib.loadMnist();
  // WebGPU and CPU are slow on machines without a GPU: measure them on less work.
  const perClass = ctx.quick
    ? 20
    : backend === 'webgl' || backend === 'wasm'
      ? 160
      : backend === 'cpu'
        ? 80
        : 40;
  const rounds = ctx.quick ? 1 : 5;
  const classes = [0, 1, 2, 3, 4];
  const data = trainSet.select(classes).take(perClass, 1);
  const batchSize = 64;
  const epochs = 1;
  const before = tf.memory().numTensors;

  let reports = 0;
  const ours = async () => {
    const model = lib.buildCnn({ classes: 5, seed: 1 });
    const run = await lib.train(model, data, {
      epochs,
      batchSize,
      classes,
      seed: 1,
      onBatch: () => reports++,
    });
    model.dispose();
    return run.seconds;
  };
  const fit = async () => {
    const model = lib.buildCnn({ classes: 5, seed: 1 });
    model.compile({
      optimizer: tf.train.adam(1e-3),
      loss: (y: import('../../src/lib/tf').Tensor, p: import('../../src/lib/tf').Tensor) =>
        tf.losses.softmaxCrossEntropy(y, p),
      metrics: ['accuracy'],
    });
    const { xs, ys } = data.toTensors(classes);
    const started = performance.now();
    await model.fit(xs, ys, { epochs, batchSize, shuffle: true, verbose: 0 });
    const seconds = (performance.now() - started) / 1000;
    tf.dispose([xs, ys]);
    model.dispose();
    return seconds;
  };

  // Compiles the shaders of both paths before anything is timed.
  await ours();
  await fit();
  const trainSeconds: number[] = [];
  const fitSeconds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [fit, ours] : [ours, fit];
    for (const run of order) (run === ours ? trainSeconds : fitSeconds).push(await run());
    log(
      `round ${round + 1}: train() ${trainSeconds.at(-1)!.toFixed(2)} s, model.fit ${fitSeconds.at(-1)!.toFixed(2)} s`,
    );
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const images = data.size * epochs;
  const round3 = (value: number) => Number(value.toFixed(3));
  return {
    images,
    batchSize,
    rounds,
    imagesPerSecond: Number(((images * rounds) / sum(trainSeconds)).toFixed(1)),
    fitImagesPerSecond: Number(((images * rounds) / sum(fitSeconds)).toFixed(1)),
    trainSeconds: trainSeconds.map(round3),
    fitSeconds: fitSeconds.map(round3),
    /**
     * Fastest train() over fastest model.fit: other work on the machine only ever adds time, so
     * the fastest round of each is the least disturbed measurement of it.
     */
    overheadRatio: round3(Math.min(...trainSeconds) / Math.min(...fitSeconds)),
    /** Total train() time over total model.fit time. */
    totalRatio: round3(sum(trainSeconds) / sum(fitSeconds)),
    /** Per round, train / fit: the spread says how much the machine disturbed the measurement. */
    roundRatios: trainSeconds.map((seconds, i) => round3(seconds / fitSeconds[i]!)),
    progressReports: reports,
    tensorsLeaked: tf.memory().numTensors - before,
  };
}
