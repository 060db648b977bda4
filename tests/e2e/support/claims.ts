/**
 * How Transfer Lab checks a claim about training ("fine-tuning beats training from scratch",
 * "a distilled student beats the same student on hard labels"): every claim runs on seeds 1..n
 * (n >= 5, the same for both sides), compares the two sides seed by seed (same data, same initial
 * weights where they share an architecture, same budget), and passes only under one written rule
 * (src/lib/util/paired.ts, shared with the benchmarks and the lessons' numbers):
 *
 *   each seed wins by at least the smallest effect the lesson's sentence implies (a parameter of
 *   each claim), and the wins are too many to be chance: exact one-sided sign test p <= 0.05.
 *   On five seeds that is five wins of five; on ten, nine.
 *
 * No hand-picked seeds (`pairedRule` refuses anything but 1..n), no time comparisons (timings belong
 * in `npm run bench`). Pure: no Playwright here, so the rule is unit-tested with hand-made inputs
 * (tests/unit/claims.test.ts).
 */
import { comparePaired, SIGNIFICANCE, type PairedScores } from '../../../src/lib/util/paired';
import type { TfBackendName } from '../../../src/lib/backend/names';

/**
 * The tfjs backend the image claims train on. A claim is about what training does, not where: the
 * same experiment on WebGL differs only by float rounding (it can move an early stop by an epoch).
 * WebAssembly is one of the four backends readers get (the fallback before plain JavaScript), and
 * on machines whose GPU is emulated in software it trains the course's CNNs several times faster
 * than WebGL does, on one core instead of two (source CNN: 320 against 109 images a second,
 * bench/results/throughput.json; a seed of the same-data claim: 3 s against 30 s), which keeps
 * 5-seed claims inside the suite's time.
 * The lessons' own cells still run on WebGL and WebGPU in their e2e tests.
 */
export const CLAIM_BACKEND: TfBackendName = 'wasm';

/** The fewest seeds a claim may run on. */
export const MIN_SEEDS = 5;

/** Seeds 1..n: every claim's seeds, in this order. */
export function claimSeeds(n = MIN_SEEDS): number[] {
  if (!Number.isInteger(n) || n < MIN_SEEDS)
    throw new Error(`A claim runs on at least ${MIN_SEEDS} seeds, got ${n}.`);
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** The default five seeds, 1 to 5. */
export const CLAIM_SEEDS: readonly number[] = Object.freeze(claimSeeds());

/** One seed's paired result: the score of the side the claim favours, and of the baseline. */
export type PairedRun = PairedScores;

export interface ClaimOptions {
  /** The smallest gain the lesson's sentence implies, in the scores' units (0.01 = one point). */
  minEffect: number;
  /** Turns a score or gain into text for the report (default: a share shown as a percentage). */
  format?: (value: number) => string;
}

export interface PairedVerdict {
  holds: boolean;
  /** Seeds whose gain is at least minEffect. */
  wins: number;
  seeds: number;
  /** claimed - baseline for each seed, in seed order. */
  gains: number[];
  meanGain: number;
  /** Exact one-sided sign-test p-value. */
  p: number;
  /** The rule in words, for the failure message. */
  rule: string;
  /** One line per seed and the totals (with p), for the test log and the failure message. */
  report: string;
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

/** The rule in words, for a test title. */
export function ruleText({ minEffect, format = percent }: ClaimOptions, seeds = CLAIM_SEEDS.length): string {
  return `every seed of ${seeds} gains at least ${format(minEffect)} (sign test p <= ${SIGNIFICANCE})`;
}

/** Applies the claim rule to runs on seeds 1..n. */
export function pairedRule(runs: readonly PairedRun[], options: ClaimOptions): PairedVerdict {
  const seeds = runs.map((run) => run.seed);
  const expected = seeds.length >= MIN_SEEDS ? claimSeeds(seeds.length) : CLAIM_SEEDS;
  if (seeds.length !== expected.length || seeds.some((seed, i) => seed !== expected[i])) {
    throw new Error(
      `A claim runs on seeds 1 to n (n >= ${MIN_SEEDS}) in order; got ${seeds.join(', ') || 'none'}.`,
    );
  }
  const format = options.format ?? percent;
  const summary = comparePaired(runs, options.minEffect);
  const rule = ruleText(options, runs.length);
  const lines = runs.map(
    (run, i) =>
      `seed ${run.seed}: ${format(run.claimed)} vs ${format(run.baseline)} (gain ${format(summary.gains[i]!)})`,
  );
  lines.push(
    `${summary.wins} of ${runs.length} seeds gain at least ${format(options.minEffect)}, mean gain ${format(summary.meanGain)}, sign test p = ${summary.p.toFixed(4)}: the rule (${rule}) ${summary.holds ? 'holds' : 'fails'}`,
  );
  return {
    holds: summary.holds,
    wins: summary.wins,
    seeds: runs.length,
    gains: summary.gains,
    meanGain: summary.meanGain,
    p: summary.p,
    rule,
    report: lines.join('\n'),
  };
}
