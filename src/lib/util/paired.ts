/**
 * The one paired comparison every claim, benchmark summary and lesson sentence uses: two sides run
 * on the same seeds (same data, same initial weights, same budget), compared seed by seed.
 *
 * A seed is a win when the claimed side beats the baseline by at least `minEffect`, the smallest
 * effect the sentence being checked implies (0 for "beats", 0.02 for "by at least two points").
 * A claim holds when the wins are too many to be chance: the exact one-sided sign test
 * P(X >= wins | n seeds, 1/2) is at most 0.05. On five seeds that means all five win (one loss
 * gives 6/32 = 0.19); on ten, nine wins (p = 0.011; eight give 0.055).
 *
 * Pure (no tfjs), so pages and tests can import it.
 */

/** The largest sign-test p-value a claim may have. */
export const SIGNIFICANCE = 0.05;

export interface PairedScores {
  seed: number;
  /** The side the claim favours, e.g. fine-tuned test accuracy (higher is better). */
  claimed: number;
  /** The baseline on the same seed. */
  baseline: number;
}

export interface PairedSummary {
  seeds: number[];
  /** claimed - baseline per seed, in seed order. */
  gains: number[];
  meanGain: number;
  /** Seeds whose gain is at least `minEffect`. */
  wins: number;
  minEffect: number;
  /** Exact one-sided sign-test p-value of `wins` out of `seeds.length`. */
  p: number;
  /** p <= SIGNIFICANCE. */
  holds: boolean;
}

/** P(X >= k) for X ~ Binomial(n, 1/2), exactly. */
export function signTestP(k: number, n: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n < 0 || k < 0 || k > n) {
    throw new RangeError(`signTestP needs whole numbers 0 <= k <= n, got k = ${k}, n = ${n}.`);
  }
  let choose = 1; // C(n, 0)
  let tail = 0;
  for (let i = 0; i <= n; i++) {
    if (i >= k) tail += choose;
    choose = (choose * (n - i)) / (i + 1);
  }
  return tail / 2 ** n;
}

/**
 * Compares two sides seed by seed.
 * @param runs one pair of scores per seed
 * @param minEffect the smallest gain that counts as a win, in the scores' units (default 0: any gain)
 * @returns the gains, the wins, the sign-test p-value and whether the claim holds
 * @example
 * comparePaired([{ seed: 1, claimed: 0.9, baseline: 0.8 }], 0.05).gains // [0.1] (to rounding)
 */
export function comparePaired(runs: readonly PairedScores[], minEffect = 0): PairedSummary {
  if (!(minEffect >= 0)) throw new RangeError(`The smallest effect must be 0 or more, got ${minEffect}.`);
  for (const run of runs) {
    if (!Number.isFinite(run.claimed) || !Number.isFinite(run.baseline)) {
      throw new Error(`Seed ${run.seed} has a score that is not a number (${run.claimed}, ${run.baseline}).`);
    }
  }
  const gains = runs.map((run) => run.claimed - run.baseline);
  // A hair of tolerance: a gain of exactly minEffect (e.g. 3 of 500 images) must not lose to rounding.
  const wins = gains.filter((gain) => gain > 0 && gain >= minEffect - 1e-12).length;
  const meanGain = gains.length > 0 ? gains.reduce((sum, gain) => sum + gain, 0) / gains.length : 0;
  const p = signTestP(wins, runs.length);
  return {
    seeds: runs.map((run) => run.seed),
    gains,
    meanGain,
    wins,
    minEffect,
    p,
    holds: runs.length > 0 && p <= SIGNIFICANCE,
  };
}
