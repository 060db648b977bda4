/**
 * Mean and spread of a few repeated measurements (one per seed). Pure arithmetic with no tfjs, so
 * build-time code (src/data/bench.ts) and widgets can import it without loading the ML runtime.
 */

export interface Spread {
  mean: number;
  /** Sample standard deviation (0 for a single seed). */
  sd: number;
  min: number;
  max: number;
}

/**
 * The mean, standard deviation, minimum and maximum of some numbers (e.g. accuracy over seeds).
 * @param values the numbers
 * @returns mean, sd, min and max
 * @example
 * spread([0.8, 0.9, 1]).mean // 0.9
 */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread() needs at least one value.');
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd =
    values.length > 1
      ? Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1))
      : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}
