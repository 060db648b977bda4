/**
 * Hinton, Vinyals and Dean's fix for a class the transfer set never showed (section 3): the
 * distilled student learns what a 3 looks like from the teacher's soft targets on other digits,
 * but the bias of its 3 output stays too low, so it rarely answers 3. Raising that one bias by the
 * right amount recovers most of the 3s. They chose the amount on the test set; we choose it on a
 * held-out validation slice, so the test set stays untouched.
 */
import { tf } from '../tf';
import { cloneModel } from '../models/clone';
import type { Logits } from './logits';

export interface BiasChoice {
  /** The amount added to the output's bias (0 when no change helps). */
  bias: number;
  /** Accuracy on the images the choice was made on, before and after the change. */
  accuracyBefore: number;
  accuracyAfter: number;
}

/**
 * The bias for output `column` that maximises accuracy on these images, found exactly: image i
 * answers `column` exactly when the bias exceeds d_i = (best other logit - logit of column), so the
 * accuracy only changes at those points. The candidates are the midpoints between neighbouring
 * d_i (and a margin of 1 beyond the ends); among the best, the smallest change wins.
 * `labels` are output indices (0..columns-1).
 * @param logits the student's logits on the validation images
 * @param labels their true digits
 * @param column the output whose bias to raise (the missing digit)
 * @returns the chosen bias and the validation accuracy before and after
 * @example
 * const student = buildTinyCnn({ seed: 1 });
 * const { test } = await loadMnist();
 * chooseBias(await logitsOf(student, test.slice(0, 100)), test.slice(0, 100).labels, 3).bias
 */
export function chooseBias(logits: Logits, labels: ArrayLike<number>, column: number): BiasChoice {
  const { values, columns } = logits;
  const rows = values.length / columns;
  if (labels.length !== rows)
    throw new Error(`chooseBias needs one label per row: ${labels.length} for ${rows}.`);
  if (!(Number.isInteger(column) && column >= 0 && column < columns)) {
    throw new Error(`There is no output ${column}: the logits have ${columns} columns.`);
  }
  if (rows === 0) throw new Error('chooseBias needs at least one image.');
  const thresholds = new Float64Array(rows);
  // Right when this column wins (labelled `column`), or when it loses and the best other output is right.
  const rightIfWins = new Uint8Array(rows);
  const rightIfLoses = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let other = -1;
    for (let c = 0; c < columns; c++) {
      if (c !== column && (other < 0 || values[r * columns + c]! > values[r * columns + other]!)) other = c;
    }
    thresholds[r] = values[r * columns + other]! - values[r * columns + column]!;
    rightIfWins[r] = labels[r] === column ? 1 : 0;
    rightIfLoses[r] = labels[r] === other ? 1 : 0;
  }
  const accuracyAt = (bias: number) => {
    let right = 0;
    for (let r = 0; r < rows; r++) right += bias > thresholds[r]! ? rightIfWins[r]! : rightIfLoses[r]!;
    return right / rows;
  };
  const sorted = [...new Set(thresholds)].sort((a, b) => a - b);
  const candidates = [0, sorted[0]! - 1, sorted.at(-1)! + 1];
  for (let i = 1; i < sorted.length; i++) candidates.push((sorted[i - 1]! + sorted[i]!) / 2);
  const accuracyBefore = accuracyAt(0);
  let best = { bias: 0, accuracy: accuracyBefore };
  for (const bias of candidates) {
    const accuracy = accuracyAt(bias);
    if (accuracy > best.accuracy || (accuracy === best.accuracy && Math.abs(bias) < Math.abs(best.bias))) {
      best = { bias, accuracy };
    }
  }
  return { bias: best.bias, accuracyBefore, accuracyAfter: best.accuracy };
}

/**
 * A copy of `model` whose last layer's bias for output `column` is raised by `amount`.
 * @param model the student
 * @param column the output whose bias to raise
 * @param amount added to that output's bias
 * @returns a copy of the model with the bias raised (the original is unchanged)
 * @example
 * const raised = await withRaisedBias(buildTinyCnn({ seed: 1 }), 3, 2.5);
 */
export async function withRaisedBias(
  model: tf.LayersModel,
  column: number,
  amount: number,
): Promise<tf.LayersModel> {
  const copy = await cloneModel(model);
  const last = copy.layers.at(-1)!;
  const [kernel, bias] = last.getWeights();
  if (!kernel || !bias || bias.shape.length !== 1) {
    copy.dispose();
    throw new Error(`The last layer (${last.name}) has no bias to raise.`);
  }
  const values = Float32Array.from(await bias.data());
  if (!(column >= 0 && column < values.length)) {
    copy.dispose();
    throw new Error(`There is no output ${column}: the model has ${values.length}.`);
  }
  values[column] = values[column]! + amount;
  const raised = tf.tensor1d(values);
  last.setWeights([kernel, raised]);
  raised.dispose();
  return copy;
}
