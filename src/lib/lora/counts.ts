/**
 * What a LoRA adapter costs, in plain numbers: for a weight matrix W of d_in x d_out, the update
 * A·B has A of d_in x r and B of r x d_out (the lesson's notation, h = xW + (alpha/r) xAB), so it
 * trains r * (d_in + d_out) numbers instead of d_in * d_out (Hu et al., 2021). The lesson's rank
 * figure draws these.
 */
export interface LoraCounts {
  /** Weights in the full matrix (what full fine-tuning trains). */
  full: number;
  /** Weights in A and B together (what LoRA trains). */
  adapter: number;
  /** adapter / full. */
  share: number;
  /** The rank above which the adapter holds more numbers than the matrix: d_in*d_out/(d_in+d_out). */
  breakEvenRank: number;
}

export function loraCounts(inputs: number, outputs: number, rank: number): LoraCounts {
  for (const [name, value] of [
    ['number of inputs', inputs],
    ['number of outputs', outputs],
    ['rank', rank],
  ] as const) {
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`The ${name} must be a whole number of at least 1, got ${value}.`);
  }
  const full = inputs * outputs;
  const adapter = rank * (inputs + outputs);
  return { full, adapter, share: adapter / full, breakEvenRank: full / (inputs + outputs) };
}

/**
 * Bytes of training state for `weights` trained numbers in float32 with Adam: the weight, its
 * gradient and Adam's two moments, 4 numbers of 4 bytes each.
 */
export function adamTrainingBytes(weights: number): number {
  return weights * 4 * 4;
}
