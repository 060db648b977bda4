/**
 * How good is a model: accuracy, per-class accuracy, the confusion matrix, predictions with
 * probabilities, speed, and how often two models agree. Inference runs in chunks inside tf.tidy.
 */
import { tf } from '../tf';
import type { DigitSet } from '../data/digit-set';
import { resolveClasses } from '../data/classes';
import { accuracy, countMatches } from './accuracy';

const CHUNK = 500;

export interface Evaluation {
  accuracy: number;
  errors: number;
  count: number;
  /** Accuracy for each class, in the model's output order (digit classes[i]); NaN if absent. */
  perClass: number[];
  /** confusion[true][predicted], both in output order. */
  confusion: number[][];
  /** The digit each row/column stands for. */
  classes: number[];
}

export interface ClassOptions {
  /** Digit for each output (default: 0..9, or the data's digits for a smaller model). */
  classes?: readonly number[];
}

/** Top-1 output index for every image (chunked so large sets do not hold all logits at once). */
async function topOutputs(model: tf.LayersModel, data: DigitSet): Promise<Int32Array> {
  const result = new Int32Array(data.size);
  for (let start = 0; start < data.size; start += CHUNK) {
    const part = data.slice(start, start + CHUNK);
    const top = tf.tidy(() => {
      return tf.argMax(model.predict(part.toImages()) as tf.Tensor, -1);
    });
    result.set(await top.data(), start);
    top.dispose();
  }
  return result;
}

/**
 * Scores a classifier on a digit set: accuracy, errors, per-class accuracy and the confusion matrix.
 * @param model the classifier
 * @param data the test digits
 * @param options the digits its outputs stand for (default: worked out from the model and data)
 * @returns accuracy, errors, count, per-class accuracy and confusion (rows: true digit, columns: answer)
 * @example
 * const { model } = await loadPretrained('teacher-cnn');
 * const { test } = await loadMnist();
 * (await evaluate(model, test)).accuracy
 */
export async function evaluate(
  model: tf.LayersModel,
  data: DigitSet,
  options: ClassOptions = {},
): Promise<Evaluation> {
  if (data.size === 0) throw new Error('There is nothing to evaluate: the digit set is empty.');
  const classes = [...resolveClasses(model, data, options.classes)];
  const position = new Map(classes.map((d, i) => [d, i]));
  const unknown = data.digits().filter((d) => !position.has(d));
  if (unknown.length) {
    throw new Error(
      `The data holds digits [${unknown.join(', ')}] the model has no output for. Use select() first.`,
    );
  }
  const top = await topOutputs(model, data);
  const truth = Int32Array.from(data.labels, (label) => position.get(label)!);
  const confusion = classes.map(() => new Array<number>(classes.length).fill(0));
  truth.forEach((row, i) => confusion[row]![top[i]!]!++);
  const perClass = confusion.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total ? row[i]! / total : NaN;
  });
  return {
    accuracy: accuracy(top, truth),
    errors: data.size - countMatches(top, truth),
    count: data.size,
    perClass,
    confusion,
    classes,
  };
}

export interface Prediction {
  /** The predicted digit. */
  label: number;
  /** Probability of each output (softmax of logits / temperature), in output order. */
  probabilities: number[];
}

/**
 * Each image's answer and the probabilities behind it.
 * @param model the classifier
 * @param data the images
 * @param options the digits its outputs stand for, and a temperature to soften the probabilities
 * @returns one prediction per image: its label and probabilities
 * @example
 * const { model } = await loadPretrained('teacher-cnn');
 * (await predict(model, (await loadMnist()).test.slice(0, 5))).map((p) => p.label)
 */
export async function predict(
  model: tf.LayersModel,
  data: DigitSet,
  options: ClassOptions & { temperature?: number } = {},
): Promise<Prediction[]> {
  const { temperature = 1 } = options;
  if (!(temperature > 0)) throw new Error(`The temperature must be above 0, got ${temperature}.`);
  const classes = resolveClasses(model, data, options.classes);
  const predictions: Prediction[] = [];
  for (let start = 0; start < data.size; start += CHUNK) {
    const part = data.slice(start, start + CHUNK);
    const probs = tf.tidy(() => {
      return tf.softmax(tf.div(model.predict(part.toImages()) as tf.Tensor, temperature)) as tf.Tensor2D;
    });
    for (const row of (await probs.array()) as number[][]) {
      const best = row.indexOf(Math.max(...row));
      predictions.push({ label: classes[best]!, probabilities: row });
    }
    probs.dispose();
  }
  return predictions;
}

export interface Latency {
  batchSize: number;
  msPerImage: number;
}

/**
 * Warm inference time per image at each batch size (the first run, which compiles shaders, is not timed).
 * @param model the model to time
 * @param options the batch sizes (default [1, 32]) and how many timed runs each
 * @returns milliseconds per image at each batch size
 * @example
 * await measureLatency(buildTinyCnn(), { batchSizes: [1], runs: 3 })
 */
export async function measureLatency(
  model: tf.LayersModel,
  options: { batchSizes?: number[]; runs?: number } = {},
): Promise<Latency[]> {
  const { batchSizes = [1, 256], runs = 10 } = options;
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const results: Latency[] = [];
  for (const batchSize of batchSizes) {
    const input = tf.zeros([batchSize, ...shape]);
    const once = async () => {
      const out = model.predict(input) as tf.Tensor;
      await out.data();
      out.dispose();
    };
    await once();
    const start = performance.now();
    for (let r = 0; r < runs; r++) await once();
    results.push({ batchSize, msPerImage: (performance.now() - start) / runs / batchSize });
    input.dispose();
  }
  return results;
}

/**
 * The digit each image is classified as (top-1 output mapped through the model's classes).
 * @param model the classifier
 * @param data the images
 * @param options the digits its outputs stand for
 * @returns each image's predicted digit
 * @example
 * const { model } = await loadPretrained('teacher-cnn');
 * await predictedDigits(model, (await loadMnist()).test.slice(0, 5))
 */
export async function predictedDigits(
  model: tf.LayersModel,
  data: DigitSet,
  options: ClassOptions = {},
): Promise<Int32Array> {
  const classes = resolveClasses(model, data, options.classes);
  const top = await topOutputs(model, data);
  return top.map((output) => classes[output]!);
}

/**
 * Share of images on which two models give the same digit (e.g. student vs teacher): the accuracy
 * of `a` measured against `b`'s answers. `b` may be the other model or its answers, already read
 * (one digit per image), so a teacher measured once need not run again for every student.
 * @param a a model
 * @param b a second model, or the labels it gave
 * @param data the images both see
 * @returns the share of images on which both give the same answer
 * @example
 * const { model } = await loadPretrained('teacher-cnn');
 * await agreement(model, model, (await loadMnist()).test.slice(0, 100)) // 1
 */
export async function agreement(
  a: tf.LayersModel,
  b: tf.LayersModel | ArrayLike<number>,
  data: DigitSet,
): Promise<number> {
  if (data.size === 0) throw new Error('There is nothing to compare on: the digit set is empty.');
  const reference = 'predict' in b ? await predictedDigits(b, data) : b;
  if (reference.length !== data.size) {
    throw new Error(`Got ${reference.length} reference answers for ${data.size} images.`);
  }
  return accuracy(await predictedDigits(a, data), reference);
}
