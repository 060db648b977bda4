/**
 * A small classifier head trained on frozen encoder features: the feature-extraction kind of
 * transfer learning. The features are standardised with the training set's mean and spread (so no
 * single dimension dominates), then a single dense softmax layer learns the labels with Adam.
 *
 * The head is a few hundred weights trained on a few dozen rows, so it is computed in plain
 * JavaScript: on a GPU backend every one of its tiny operations would wait for the device (measured
 * in a lesson's kernel on WebGL, SwiftShader, busy machine: about 2.8 s a head; here a few
 * milliseconds), and lessons train dozens of heads to compare seeds. Same model, same answers on
 * every backend.
 */
import { seededRandom } from '../data/random';
import { accuracy as shareCorrect } from '../evaluation/accuracy';
import { yieldToEventLoop } from '../util/yield';

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

/**
 * Trains a softmax classifier (a head) on fixed feature vectors, e.g. sentence features from an encoder.
 * @param features one vector per example
 * @param labels each example's class, 0 to classes - 1
 * @param classes how many classes
 * @param options epochs, learning rate, seed, a signal to stop
 * @returns the trained head: predict, accuracy, dispose
 * @example
 * const head = await trainFeatureHead([[0, 1], [1, 0]], [0, 1], 2, { epochs: 20 });
 * head.accuracy([[0, 1], [1, 0]], [0, 1])
 */
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
  const width = features[0]!.length;
  if (features.some((row) => row.length !== width)) {
    throw new Error(`Every feature vector must have the same length (${width}).`);
  }
  const epochs = options.epochs ?? 60;
  const rate = options.learningRate ?? 0.05;
  const rows = features.length;

  // Standardise with the training rows' mean and spread. A column that never varies in them (a word
  // every labelled sentence contains) keeps a spread of 1: dividing by ~0 would turn any other value
  // at test time into a huge one.
  const mean = new Float64Array(width);
  const spread = new Float64Array(width);
  for (const row of features) for (let j = 0; j < width; j += 1) mean[j]! += row[j]! / rows;
  for (const row of features)
    for (let j = 0; j < width; j += 1) spread[j]! += (row[j]! - mean[j]!) ** 2 / rows;
  for (let j = 0; j < width; j += 1) spread[j] = spread[j]! > 1e-12 ? Math.sqrt(spread[j]!) : 1;
  const standardise = (row: number[]) => row.map((value, j) => (value - mean[j]!) / spread[j]!);
  const xs = features.map(standardise);

  // One dense softmax layer: weights [width x classes] (Glorot-uniform, seeded) and a bias.
  const size = width * classes + classes;
  const weights = new Float64Array(size);
  const random = seededRandom(options.seed ?? 1);
  const limit = Math.sqrt(6 / (width + classes));
  for (let i = 0; i < width * classes; i += 1) weights[i] = (random() * 2 - 1) * limit;
  const probabilitiesOf = (row: number[]): number[] => {
    const logits = new Array<number>(classes).fill(0);
    for (let c = 0; c < classes; c += 1) {
      let sum = weights[width * classes + c]!;
      for (let j = 0; j < width; j += 1) sum += row[j]! * weights[j * classes + c]!;
      logits[c] = sum;
    }
    const top = Math.max(...logits);
    const exps = logits.map((z) => Math.exp(z - top));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  };

  // Full-batch Adam (the same defaults as TensorFlow.js: beta1 0.9, beta2 0.999, epsilon 1e-7).
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const gradient = new Float64Array(size);
  const history: { loss: number; accuracy: number }[] = [];
  let stopped = false;
  for (let epoch = 1; epoch <= epochs; epoch += 1) {
    gradient.fill(0);
    let loss = 0;
    let right = 0;
    xs.forEach((row, r) => {
      const p = probabilitiesOf(row);
      const label = labels[r]!;
      loss -= Math.log(Math.max(p[label]!, 1e-7)) / rows;
      if (p.indexOf(Math.max(...p)) === label) right += 1;
      for (let c = 0; c < classes; c += 1) {
        const delta = (p[c]! - (c === label ? 1 : 0)) / rows;
        gradient[width * classes + c]! += delta;
        for (let j = 0; j < width; j += 1) gradient[j * classes + c]! += row[j]! * delta;
      }
    });
    const correction1 = 1 - 0.9 ** epoch;
    const correction2 = 1 - 0.999 ** epoch;
    for (let i = 0; i < size; i += 1) {
      m[i] = 0.9 * m[i]! + 0.1 * gradient[i]!;
      v[i] = 0.999 * v[i]! + 0.001 * gradient[i]! ** 2;
      weights[i]! -= (rate * (m[i]! / correction1)) / (Math.sqrt(v[i]! / correction2) + 1e-7);
    }
    const entry = { loss, accuracy: right / rows };
    history.push(entry);
    options.onEpoch?.({ epoch, epochs, ...entry });
    if (options.signal?.aborted) {
      stopped = true;
      break;
    }
    // Let the page (or kernel) handle messages now and then, so Stop and progress stay responsive.
    if (epoch % 20 === 0) await yieldToEventLoop();
  }

  let disposed = false;
  const predict = (rowsToLabel: number[][]): FeatureHeadPrediction[] => {
    if (disposed) throw new Error('This head was disposed.');
    return rowsToLabel.map((row) => {
      const probabilities = probabilitiesOf(standardise(row));
      return { label: probabilities.indexOf(Math.max(...probabilities)), probabilities };
    });
  };
  return {
    classes,
    parameters: size,
    stopped,
    history,
    predict,
    accuracy(rows, truth) {
      if (rows.length === 0) return NaN;
      return shareCorrect(
        predict(rows).map((p) => p.label),
        truth,
      );
    },
    dispose() {
      disposed = true;
    },
  };
}
