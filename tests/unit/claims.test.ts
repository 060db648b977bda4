import { describe, expect, it } from 'vitest';
import { claimSeeds, pairedRule, type PairedRun } from '../e2e/support/claims';
import { comparePaired, signTestP } from '../../src/lib/util/paired';

/** Runs on seeds 1..n from hand-made scores: claimed[i] and baseline[i] belong to seed i + 1. */
const runs = (claimed: number[], baseline: number[]): PairedRun[] =>
  claimSeeds(claimed.length).map((seed, i) => ({ seed, claimed: claimed[i]!, baseline: baseline[i]! }));

describe('the exact sign test', () => {
  it('matches binomial tails computed by hand', () => {
    // 5 of 5: 1/32. 4 or more of 5: (5 + 1)/32. 9 or more of 10: (10 + 1)/1024. 8 or more: 56/1024.
    expect(signTestP(5, 5)).toBe(1 / 32);
    expect(signTestP(4, 5)).toBe(6 / 32);
    expect(signTestP(9, 10)).toBe(11 / 1024);
    expect(signTestP(8, 10)).toBe(56 / 1024);
    expect(signTestP(0, 7)).toBe(1);
  });

  it('refuses impossible counts', () => {
    expect(() => signTestP(6, 5)).toThrow(/0 <= k <= n/);
    expect(() => signTestP(1.5, 5)).toThrow(/whole numbers/);
  });
});

describe('the paired claim rule', () => {
  it('holds when all five seeds gain at least the smallest effect (p = 1/32)', () => {
    const verdict = pairedRule(runs([0.9, 0.85, 0.7, 0.75, 0.8], [0.8, 0.8, 0.6, 0.7, 0.75]), {
      minEffect: 0.05,
    });
    expect(verdict).toMatchObject({ holds: true, wins: 5, seeds: 5, p: 1 / 32 });
    // Gains 0.10, 0.05, 0.10, 0.05, 0.05: mean 0.07.
    expect(verdict.meanGain).toBeCloseTo(0.07, 12);
    expect(verdict.report).toMatch(/p = 0\.031/);
  });

  it('fails when four of five seeds win, even with a large positive mean (p = 6/32)', () => {
    const verdict = pairedRule(runs([0.99, 0.99, 0.99, 0.99, 0.79], [0.8, 0.8, 0.8, 0.8, 0.8]), {
      minEffect: 0,
    });
    expect(verdict).toMatchObject({ holds: false, wins: 4, p: 6 / 32 });
    expect(verdict.report).toContain('seed 5: 79.0 % vs 80.0 % (gain -1.0 %)');
  });

  it('fails when every seed wins but one by less than the smallest effect the lesson implies', () => {
    const verdict = pairedRule(runs([0.83, 0.83, 0.83, 0.83, 0.81], [0.8, 0.8, 0.8, 0.8, 0.8]), {
      minEffect: 0.02,
    });
    expect(verdict).toMatchObject({ holds: false, wins: 4 });
  });

  it('holds on ten seeds with nine wins (p = 11/1024) and fails with eight (p = 56/1024 > 0.05)', () => {
    const base = new Array(10).fill(0.8);
    const nine = pairedRule(runs([...new Array(9).fill(0.85), 0.7], base), { minEffect: 0.01 });
    expect(nine).toMatchObject({ holds: true, wins: 9, seeds: 10 });
    const eight = pairedRule(runs([...new Array(8).fill(0.85), 0.7, 0.7], base), { minEffect: 0.01 });
    expect(eight).toMatchObject({ holds: false, wins: 8 });
  });

  it('does not count a tie as a win, and counts a gain of exactly the smallest effect', () => {
    expect(comparePaired(runs([0.8, 0.9, 0.9, 0.9, 0.9], [0.8, 0.8, 0.8, 0.8, 0.8]), 0).wins).toBe(4);
    // 3 of 500 test images is exactly 0.006, which floating point writes as 0.0059999...
    expect(comparePaired([{ seed: 1, claimed: 403 / 500, baseline: 400 / 500 }], 0.006).wins).toBe(1);
  });

  it('refuses fewer than five seeds, other seeds, a different order or a score that is not a number', () => {
    const five = runs([1, 1, 1, 1, 1], [0, 0, 0, 0, 0]);
    const rule = { minEffect: 0 };
    expect(() => pairedRule(five.slice(0, 4), rule)).toThrow(/seeds 1 to n/);
    expect(() =>
      pairedRule(
        five.map((run) => ({ ...run, seed: run.seed + 1 })),
        rule,
      ),
    ).toThrow(/got 2, 3/);
    expect(() => pairedRule([...five].reverse(), rule)).toThrow(/in order/);
    const broken = five.map((run) => (run.seed === 3 ? { ...run, claimed: Number.NaN } : run));
    expect(() => pairedRule(broken, rule)).toThrow(/Seed 3/);
    expect(() => claimSeeds(4)).toThrow(/at least 5/);
  });
});
