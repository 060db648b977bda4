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
    return { mean: moments.mean, spread: tf.where(deviation.greater(1e-6), deviation, tf.onesLike(deviation)) };
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
  model.compile({
    optimizer,
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const xs = standardise(features);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat());
  const history: { loss: number; accuracy: number }[] = [];
  let stopped = false;
  try {
    await model.fit(xs, ys, {
      epochs,
      batchSize: Math.min(32, features.length),
      shuffle: false,
      verbose: 0,
      callbacks: {
        onEpochEnd: async (epoch, logs) => {
          const entry = {
            loss: Number(logs?.loss ?? NaN),
            accuracy: Number(logs?.acc ?? logs?.accuracy ?? NaN),
          };
          history.push(entry);
          options.onEpoch?.({ epoch: epoch + 1, epochs, ...entry });
          if (options.signal?.aborted) {
            stopped = true;
            model.stopTraining = true;
          }
        },
      },
    });
  } finally {
    tf.dispose([xs, ys]);
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
