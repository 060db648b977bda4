/**
 * Model builders. Every model ends in a dense layer named `logits` with no softmax: distillation
 * needs the raw scores, and `tf.softmax` turns them into probabilities where a lesson shows them.
 * Weights come from seeded initialisers, so the same seed builds the same model.
 */
import { tf } from '../tf';

export interface CnnOptions {
  /** Outputs, one per class (5 for the source task 0-4, 10 for the teacher). */
  classes?: number;
  seed?: number;
  name?: string;
}

const INPUT_SHAPE = [28, 28, 1];

/** A seeded Glorot initialiser; each layer gets its own offset so layers do not share numbers. */
export function init(seed: number, offset: number) {
  return tf.initializers.glorotUniform({ seed: seed * 101 + offset });
}

/**
 * The source and teacher CNN: two conv+pool blocks that learn strokes and shapes, a dense
 * `features` layer (the representation transfer learning reuses) and the `logits` head.
 * About 109,000 parameters (about 430 KB as float32), small enough to train in a browser tab. No dropout: tfjs draws a seeded dropout mask
 * identically on every call, and an unseeded one would break "same seed, same result".
 * @param options how many classes (default 10), the seed of the initial weights, a name
 * @returns an untrained CNN for 28x28 digits (the source CNN's architecture)
 * @example
 * const model = buildCnn({ classes: 5, seed: 1 });
 * summarize(model).params
 */
export function buildCnn(options: CnnOptions = {}): tf.Sequential {
  const { classes = 10, seed = 1, name = 'cnn' } = options;
  checkClasses(classes);
  return tf.sequential({
    name,
    layers: [
      ...cnnBody(seed, { inputShape: INPUT_SHAPE }),
      tf.layers.dense({ name: 'logits', units: classes, kernelInitializer: init(seed, 6) }),
    ],
  });
}

/**
 * The course CNN's body, `conv1` to `features`, with the seeded weights `buildCnn` gives it: one
 * definition for the single-head CNN and the multi-head one (`buildMultiHeadCnn`).
 */
export function cnnBody(seed: number, options: { inputShape?: number[] } = {}): tf.layers.Layer[] {
  return [
    tf.layers.conv2d({
      name: 'conv1',
      ...(options.inputShape ? { inputShape: options.inputShape } : {}),
      filters: 16,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: init(seed, 1),
    }),
    tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
    tf.layers.conv2d({
      name: 'conv2',
      filters: 32,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: init(seed, 2),
    }),
    tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
    tf.layers.flatten({ name: 'flatten' }),
    tf.layers.dense({ name: 'features', units: 128, activation: 'relu', kernelInitializer: init(seed, 4) }),
  ];
}

export interface MlpOptions {
  /** Width of the hidden layer, or widths of several (`[64, 32]`). */
  hidden: number | number[];
  classes?: number;
  seed?: number;
  name?: string;
}

/**
 * A small fully connected student: flatten, hidden ReLU layers `hidden1`, `hidden2`..., `logits`.
 * @param options the hidden layer widths, classes (default 10), seed and name
 * @returns an untrained multilayer perceptron for 28x28 digits
 * @example
 * buildMlp({ hidden: [64] })
 */
export function buildMlp(options: MlpOptions): tf.Sequential {
  const { classes = 10, seed = 1, name = 'mlp' } = options;
  checkClasses(classes);
  const widths = Array.isArray(options.hidden) ? options.hidden : [options.hidden];
  for (const w of widths) {
    if (!Number.isInteger(w) || w < 1)
      throw new Error(`A hidden layer needs a whole number of units >= 1, got ${w}.`);
  }
  const model = tf.sequential({ name });
  model.add(tf.layers.flatten({ name: 'flatten', inputShape: INPUT_SHAPE }));
  widths.forEach((units, i) =>
    model.add(
      tf.layers.dense({
        name: `hidden${i + 1}`,
        units,
        activation: 'relu',
        kernelInitializer: init(seed, i + 1),
      }),
    ),
  );
  model.add(tf.layers.dense({ name: 'logits', units: classes, kernelInitializer: init(seed, 99) }));
  return model;
}

export interface TinyCnnOptions {
  /** Filters in the one conv layer (default 8). */
  filters?: number;
  classes?: number;
  seed?: number;
  name?: string;
}

/**
 * A tiny convolutional student: one conv layer, pooling and the `logits` head.
 * @param options filters in the convolution (default 8), classes, seed and name
 * @returns an untrained small CNN, the distillation lesson's student
 * @example
 * buildTinyCnn({ filters: 28, seed: 1 })
 */
export function buildTinyCnn(options: TinyCnnOptions = {}): tf.Sequential {
  const { filters = 8, classes = 10, seed = 1, name = 'tiny-cnn' } = options;
  checkClasses(classes);
  return tf.sequential({
    name,
    layers: [
      tf.layers.conv2d({
        name: 'conv1',
        inputShape: INPUT_SHAPE,
        filters,
        kernelSize: 5,
        strides: 2,
        activation: 'relu',
        kernelInitializer: init(seed, 1),
      }),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'logits', units: classes, kernelInitializer: init(seed, 2) }),
    ],
  });
}

/** Throws a plain message unless `classes` is a whole number of at least 2. */
export function checkClasses(classes: number): void {
  if (!Number.isInteger(classes) || classes < 2) {
    throw new Error(`A classifier needs a whole number of classes of at least 2, got ${classes}.`);
  }
}
