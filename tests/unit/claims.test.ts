import { describe, expect, it } from 'vitest';
import { CLAIM_SEEDS, pairedRule, type PairedRun } from '../e2e/support/claims';

/** Runs on seeds 1..5 from hand-made scores: claimed[i] and baseline[i] belong to seed i + 1. */
const runs = (claimed: number[], baseline: number[]): PairedRun[] =>
  CLAIM_SEEDS.map((seed, i) => ({ seed, claimed: claimed[i]!, baseline: baseline[i]! }));

describe('the paired claim rule', () => {
  it('uses seeds 1 to 5', () => {
    expect(CLAIM_SEEDS).toEqual([1, 2, 3, 4, 5]);
  });

  it('holds with five wins', () => {
    const verdict = pairedRule(runs([0.9, 0.85, 0.7, 0.75, 0.8], [0.8, 0.8, 0.6, 0.7, 0.75]));
    expect(verdict).toMatchObject({ holds: true, wins: 5, seeds: 5 });
    // Gains 0.10, 0.05, 0.10, 0.05, 0.05: mean 0.07.
    expect(verdict.meanGain).toBeCloseTo(0.07, 12);
  });

  it('holds with four wins and a positive mean, even if one seed loses', () => {
    const verdict = pairedRule(runs([0.82, 0.82, 0.82, 0.82, 0.79], [0.8, 0.8, 0.8, 0.8, 0.8]));
    // Gains 0.02 x 4 and -0.01: mean 0.014.
    expect(verdict).toMatchObject({ holds: true, wins: 4 });
    expect(verdict.meanGain).toBeCloseTo(0.014, 12);
    expect(verdict.report).toContain('seed 5: 79.0 % vs 80.0 % (gain -1.0 %)');
  });

  it('fails with only three wins, however large they are', () => {
    const verdict = pairedRule(runs([0.99, 0.99, 0.99, 0.5, 0.5], [0.5, 0.5, 0.5, 0.51, 0.51]));
    expect(verdict).toMatchObject({ holds: false, wins: 3 });
    expect(verdict.report).toMatch(/3 of 5 wins.*fails/);
  });

  it('fails with four small wins and one large loss (the mean paired gain is negative)', () => {
    const verdict = pairedRule(runs([0.81, 0.81, 0.81, 0.81, 0.6], [0.8, 0.8, 0.8, 0.8, 0.8]));
    // Gains 0.01 x 4 and -0.2: mean -0.032.
    expect(verdict).toMatchObject({ holds: false, wins: 4 });
    expect(verdict.meanGain).toBeCloseTo(-0.032, 12);
  });

  it('does not count a tie as a win', () => {
    const verdict = pairedRule(runs([0.8, 0.9, 0.9, 0.9, 0.8], [0.8, 0.8, 0.8, 0.8, 0.8]));
    expect(verdict).toMatchObject({ holds: false, wins: 3 });
  });

  it('refuses other seeds, a subset, a different order or a score that is not a number', () => {
    const five = runs([1, 1, 1, 1, 1], [0, 0, 0, 0, 0]);
    expect(() => pairedRule(five.slice(0, 4))).toThrow(/seeds 1, 2, 3, 4, 5/);
    expect(() => pairedRule(five.map((run) => ({ ...run, seed: run.seed + 1 })))).toThrow(/got 2, 3/);
    expect(() => pairedRule([...five].reverse())).toThrow(/in order/);
    const broken = five.map((run) => (run.seed === 3 ? { ...run, claimed: Number.NaN } : run));
    expect(() => pairedRule(broken)).toThrow(/Seed 3/);
  });
});
