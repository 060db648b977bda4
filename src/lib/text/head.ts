/**
 * A small classifier head trained on frozen encoder features: the feature-extraction kind of
 * transfer learning. The features are standardised with the training set's mean and spread (so no
 * single dimension dominates), then a single dense softmax layer learns the labels.
 */
import { tf } from '../tf';

export interface FeatureHeadOptions {
  epochs?: number;
  learningRate?: number;
  seed?: number;
  signal?: AbortSignal;
  onEpoch?: (event: { epoch: number; epochs: number; loss: number; accuracy: number }) => void;
}

export interface FeatureHeadPrediction {
  label: number;
  probabilities: number[];
}

export interface FeatureHead {
  readonly classes: number;
  readonly parameters: number;
  readonly stopped: boolean;
  /** Training loss and accuracy after each epoch. */
  readonly history: { loss: number; accuracy: number }[];
  predict(features: number[][]): FeatureHeadPrediction[];
  accuracy(features: number[][], labels: number[]): number;
  dispose(): void;
}

export async function trainFeatureHead(
  features: number[][],
  labels: number[],
  classes: number,
  options: FeatureHeadOptions = {},
): Promise<FeatureHead> {
  if (features.length === 0) throw new Error('Give the head at least one labelled example to learn from.');
  if (features.length !== labels.length) throw new Error('Every feature vector needs exactly one label.');
  if (labels.some((label) => !Number.isInteger(label) || label < 0 || label >= classes)) {
    throw new Error(`Labels must be whole numbers from 0 to ${classes - 1}.`);
  }
  const epochs = options.epochs ?? 60;
  const width = features[0].length;
  const { mean, spread } = tf.tidy(() => {
    const x = tf.tensor2d(features);
    const moments = tf.moments(x, 0);
    // A column that never varies in the training rows (a word every labelled sentence contains)
    // keeps a spread of 1: dividing by ~0 would turn any other value at test time into a huge one.
    const deviation = tf.sqrt(moments.variance);
    return {
      mean: moments.mean,
      spread: tf.where(deviation.greater(1e-6), deviation, tf.onesLike(deviation)),
    };
  });
  const standardise = (rows: number[][]) => tf.tidy(() => tf.tensor2d(rows).sub(mean).div(spread));
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [width],
        units: classes,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed ?? 1 }),
        name: 'head',
      }),
    ],
  });
  const optimizer = tf.train.adam(options.learningRate ?? 0.05);
  const xs = standardise(features);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat());
  // Only this head's weights learn: without an explicit list, minimize() would update every
  // trainable variable alive in the kernel, other models' included.
  const weights = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const history: { loss: number; accuracy: number }[] = [];
  let stopped = false;
  // Full-batch Adam steps, read back every few epochs. A head this small trains in milliseconds;
  // model.fit's per-epoch callbacks and reads cost far more than the arithmetic (measured on WebGL:
  // about 2.5 s a head with fit on a busy 2-core machine), and lessons train dozens of heads.
  const READ_EVERY = 10;
  let pending: tf.Tensor1D[] = [];
  try {
    for (let epoch = 1; epoch <= epochs; epoch += 1) {
      pending.push(
        tf.tidy(() => {
          let accuracy: tf.Scalar = tf.scalar(0);
          const loss = optimizer.minimize(
            () => {
              const probabilities = model.apply(xs, { training: true }) as tf.Tensor2D;
              accuracy = tf.keep(tf.metrics.categoricalAccuracy(ys, probabilities).mean() as tf.Scalar);
              return tf.metrics.categoricalCrossentropy(ys, probabilities).mean() as tf.Scalar;
            },
            true,
            weights,
          )!;
          const pair = tf.stack([loss, accuracy]) as tf.Tensor1D;
          accuracy.dispose();
          return pair;
        }),
      );
      if (pending.length === READ_EVERY || epoch === epochs) {
        const stacked = tf.stack(pending);
        tf.dispose(pending);
        const values = await stacked.data();
        stacked.dispose();
        const first = epoch - pending.length + 1;
        pending.forEach((_, k) => {
          const entry = { loss: values[2 * k]!, accuracy: values[2 * k + 1]! };
          history.push(entry);
          options.onEpoch?.({ epoch: first + k, epochs, ...entry });
        });
        pending = [];
        if (options.signal?.aborted) {
          stopped = true;
          break;
        }
      }
    }
  } finally {
    tf.dispose([xs, ys, ...pending]);
  }
  let disposed = false;
  const predict = (rows: number[][]): FeatureHeadPrediction[] => {
    if (disposed) throw new Error('This head was disposed.');
    const probabilities = tf.tidy(() => (model.predict(standardise(rows)) as tf.Tensor2D).arraySync());
    return probabilities.map((row) => ({ label: row.indexOf(Math.max(...row)), probabilities: row }));
  };
  return {
    classes,
    parameters: model.countParams(),
    stopped,
    history,
    predict,
    accuracy(rows, truth) {
      if (rows.length === 0) return NaN;
      const predictions = predict(rows);
      return predictions.filter((p, i) => p.label === truth[i]).length / rows.length;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      model.dispose();
      optimizer.dispose(); // Adam's moment estimates are tensors too
      tf.dispose([mean, spread]);
    },
  };
}
