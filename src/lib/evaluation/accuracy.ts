/**
 * The one accuracy: the share of positions where two lists of answers agree. Against the true
 * labels it is a model's accuracy; against another model's answers it is their agreement. Training
 * (validation), evaluation, the distillation report and the text feature head all count through it.
 * Pure (no tfjs): it works on answers already read back from a model.
 */

/**
 * How many positions hold the same answer in both lists.
 * @param a labels
 * @param b as many labels
 * @returns how many positions hold the same label
 * @example
 * countMatches([1, 2, 3], [1, 0, 3]) // 2
 */
export function countMatches(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new Error(`Cannot compare ${a.length} answers with ${b.length}: the lists must be equally long.`);
  }
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same;
}

/**
 * Share (0..1) of `predicted` that equals `truth`, position by position; NaN for empty lists.
 * @param predicted the predicted labels
 * @param truth the true labels, as many
 * @returns the share that match, 0 to 1
 * @example
 * accuracy([1, 2, 3], [1, 2, 0]) // 2/3
 */
export function accuracy(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  const matches = countMatches(predicted, truth);
  return predicted.length === 0 ? Number.NaN : matches / predicted.length;
}
