/**
 * The arithmetic of one matrix product, [m x k] times [k x n], in plain numbers: the first lesson's
 * FLOPs exercise and its figure use it. Each of the m*n outputs takes k multiplications and k
 * additions (counting the first addition to zero, as the usual 2mnk convention does).
 */
export interface MatmulCost {
  /** Floating-point operations: 2 * m * n * k. */
  flops: number;
  /** Bytes of float32 read and written: both inputs and the output, once each. */
  bytes: number;
  /** Operations per byte moved: how much work each fetched number carries. */
  intensity: number;
}

export function matmulCost(m: number, k: number, n: number): MatmulCost {
  for (const [name, value] of [
    ['m', m],
    ['k', k],
    ['n', n],
  ] as const) {
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`The size ${name} must be a whole number of at least 1, got ${value}.`);
  }
  const flops = 2 * m * n * k;
  const bytes = 4 * (m * k + k * n + m * n);
  return { flops, bytes, intensity: flops / bytes };
}
