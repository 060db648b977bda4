/**
 * A model's logits (a teacher's, usually), computed once and kept on the CPU side (8,000 images x 10 outputs is 320 KB),
 * so distilling from it costs no teacher forward pass per batch, and any subset of the images can
 * pick its rows without running the teacher again.
 */
import { tf } from '../tf';
import type { DigitSet } from '../data/digit-set';

/** One row of `columns` logits per image, row-major. */
export interface Logits {
  values: Float32Array;
  columns: number;
}

const CHUNK = 256;

/**
 * The model's raw scores (before softmax) for every image of `data`, in order.
 * @param model the (teacher) model
 * @param data the images
 * @param options a signal to stop
 * @returns the logits, one row of scores per image, kept on the CPU
 * @example
 * const { model } = await loadPretrained('teacher-cnn');
 * const logits = await logitsOf(model, (await loadMnist()).test.slice(0, 10));
 */
export async function logitsOf(
  model: tf.LayersModel,
  data: DigitSet,
  options: { signal?: AbortSignal } = {},
): Promise<Logits> {
  const shape = model.outputs[0]!.shape;
  const columns = shape[shape.length - 1] as number;
  const values = new Float32Array(data.size * columns);
  for (let start = 0; start < data.size; start += CHUNK) {
    if (options.signal?.aborted) break;
    const part = data.slice(start, start + CHUNK);
    const logits = tf.tidy(() => model.predict(part.toImages()) as tf.Tensor2D);
    try {
      values.set(await logits.data(), start * columns);
    } finally {
      logits.dispose();
    }
  }
  return { values, columns };
}

/**
 * The rows at these positions, in this order (e.g. the images `DigitSet.split` picked).
 * @param logits logits from logitsOf
 * @param positions the rows to keep
 * @returns the logits of those rows only
 * @example
 * const { model } = await loadPretrained('teacher-cnn');
 * pickLogits(await logitsOf(model, (await loadMnist()).test.slice(0, 10)), [0, 2])
 */
export function pickLogits(logits: Logits, positions: readonly number[]): Logits {
  const { values, columns } = logits;
  const rows = values.length / columns;
  const picked = new Float32Array(positions.length * columns);
  positions.forEach((position, i) => {
    if (!Number.isInteger(position) || position < 0 || position >= rows) {
      throw new Error(`No logits for image ${position}: there are ${rows} rows (0..${rows - 1}).`);
    }
    picked.set(values.subarray(position * columns, (position + 1) * columns), i * columns);
  });
  return { values: picked, columns };
}

/**
 * The teacher's top answer (output index) for each row.
 * @param logits logits from logitsOf
 * @returns the highest-scoring output of each row
 * @example
 * const { model } = await loadPretrained('teacher-cnn');
 * topAnswers(await logitsOf(model, (await loadMnist()).test.slice(0, 10)))
 */
export function topAnswers(logits: Logits): Uint8Array {
  const { values, columns } = logits;
  const rows = values.length / columns;
  const answers = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < columns; c++) {
      if (values[r * columns + c]! > values[r * columns + best]!) best = c;
    }
    answers[r] = best;
  }
  return answers;
}
