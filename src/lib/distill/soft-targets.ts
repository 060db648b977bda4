/**
 * The distillation arithmetic on one image's logits, in plain numbers (no tensors), so the
 * lesson's temperature figure can redraw as the reader drags T without loading TensorFlow.js.
 * `distillationLoss` (loss.ts) computes the same quantities on tensors for training.
 */

/** softmax(logits / T): probabilities that sum to 1; a higher T spreads them out. */
export function softmaxAt(logits: readonly number[], temperature: number): number[] {
  if (!(temperature > 0)) throw new Error(`The temperature must be above 0, got ${temperature}.`);
  if (logits.length === 0) throw new Error('Softmax needs at least one logit.');
  // Subtract the largest logit first so exp never overflows (the result is the same).
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp((z - max) / temperature));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Shannon entropy in bits: 0 for a certain answer, log2(n) for n equally likely ones. */
export function entropyBits(probabilities: readonly number[]): number {
  // 0 - sum, not -sum: a certain answer has entropy +0, not -0.
  return 0 - probabilities.reduce((h, p) => (p > 0 ? h + p * Math.log2(p) : h), 0);
}

/**
 * The pull the soft loss T^2 * crossEntropy(softmax(teacher / T), softmax(student / T)) puts on
 * each of the student's logits: minus its gradient, T * (p_i - q_i), where p are the teacher's soft
 * targets and q the student's, both at T (Hinton, Vinyals and Dean, 2015, equation 2, times T^2).
 * Positive: the student's logit for that class is pushed up.
 */
export function softLossPull(
  teacherLogits: readonly number[],
  studentLogits: readonly number[],
  temperature: number,
): number[] {
  if (teacherLogits.length !== studentLogits.length) {
    throw new Error(
      `The teacher has ${teacherLogits.length} logits and the student ${studentLogits.length}: they must score the same classes.`,
    );
  }
  const p = softmaxAt(teacherLogits, temperature);
  const q = softmaxAt(studentLogits, temperature);
  return p.map((pi, i) => temperature * (pi - q[i]!));
}
