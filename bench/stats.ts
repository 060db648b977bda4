/** Summaries the suites share. */

export interface Spread {
  mean: number;
  /** Sample standard deviation (0 for a single value). */
  sd: number;
  min: number;
  max: number;
}

export function spread(values: number[]): Spread {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd =
    values.length > 1
      ? Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1))
      : 0;
  return {
    mean: round(mean),
    sd: round(sd),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
  };
}

export function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}
