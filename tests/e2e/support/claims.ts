/**
 * How Transfer Lab checks a claim about training ("fine-tuning beats training from scratch",
 * "a distilled student beats the same student on hard labels"): every claim runs on the SAME five
 * seeds, compares the two sides seed by seed (same data, same initial weights where they share an
 * architecture, same budget), and passes only under one written rule:
 *
 *   the claimed side wins on at least 4 of the 5 seeds, and the mean paired gain is positive.
 *
 * No hand-picked seeds (`pairedRule` refuses any other list), no time comparisons (timings belong
 * in `npm run bench`). Pure: no Playwright here, so the rule is unit-tested with hand-made inputs
 * (tests/unit/claims.test.ts).
 */

/** The seeds every claim test uses, in this order. */
export const CLAIM_SEEDS: readonly number[] = Object.freeze([1, 2, 3, 4, 5]);

/** Wins needed out of the five seeds. */
export const MIN_WINS = 4;

/** One seed's paired result: the score of the side the claim favours, and of the baseline. */
export interface PairedRun {
  seed: number;
  /** e.g. fine-tuned test accuracy. */
  claimed: number;
  /** e.g. from-scratch test accuracy, same seed, same data, same budget. */
  baseline: number;
}

export interface PairedVerdict {
  holds: boolean;
  /** Seeds where claimed > baseline (a tie is not a win). */
  wins: number;
  seeds: number;
  /** claimed - baseline for each seed, in seed order. */
  gains: number[];
  meanGain: number;
  /** The rule in words, for the test title and its failure message. */
  rule: string;
  /** One line per seed and the totals, for the test log and the failure message. */
  report: string;
}

export const PAIRED_RULE_TEXT = `wins on at least ${MIN_WINS} of ${CLAIM_SEEDS.length} seeds (${CLAIM_SEEDS.join(', ')}) and the mean paired gain is positive`;

/**
 * Applies the claim rule. `format` turns a score or gain into text for the report (default: a
 * share shown as a percentage).
 */
export function pairedRule(
  runs: readonly PairedRun[],
  format: (value: number) => string = (value) => `${(value * 100).toFixed(1)} %`,
): PairedVerdict {
  const seeds = runs.map((run) => run.seed);
  if (seeds.length !== CLAIM_SEEDS.length || seeds.some((seed, i) => seed !== CLAIM_SEEDS[i])) {
    throw new Error(
      `A claim runs on seeds ${CLAIM_SEEDS.join(', ')} in order; got ${seeds.join(', ') || 'none'}.`,
    );
  }
  for (const run of runs) {
    if (!Number.isFinite(run.claimed) || !Number.isFinite(run.baseline)) {
      throw new Error(`Seed ${run.seed} has a score that is not a number (${run.claimed}, ${run.baseline}).`);
    }
  }
  const gains = runs.map((run) => run.claimed - run.baseline);
  const wins = gains.filter((gain) => gain > 0).length;
  const meanGain = gains.reduce((sum, gain) => sum + gain, 0) / gains.length;
  const holds = wins >= MIN_WINS && meanGain > 0;
  const lines = runs.map(
    (run, i) =>
      `seed ${run.seed}: ${format(run.claimed)} vs ${format(run.baseline)} (gain ${format(gains[i]!)})`,
  );
  lines.push(
    `${wins} of ${runs.length} wins, mean gain ${format(meanGain)}: the rule (${PAIRED_RULE_TEXT}) ${holds ? 'holds' : 'fails'}`,
  );
  return {
    holds,
    wins,
    seeds: runs.length,
    gains,
    meanGain,
    rule: PAIRED_RULE_TEXT,
    report: lines.join('\n'),
  };
}
