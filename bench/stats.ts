/** Summaries the suites share. */
import { spread as exactSpread, type Spread } from '../src/lib/experiments/spread';

export type { Spread };

/** The library's spread (one formula for the mean and sample standard deviation), rounded for JSON. */
export function spread(values: number[]): Spread {
  const exact = exactSpread(values);
  return { mean: round(exact.mean), sd: round(exact.sd), min: round(exact.min), max: round(exact.max) };
}

export function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}
