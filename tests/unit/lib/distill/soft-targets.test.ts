import { describe, expect, it } from 'vitest';
import { entropyBits, softLossPull, softmaxAt } from '../../../../src/lib/distill/soft-targets';

describe('softmaxAt', () => {
  it('matches a hand computation: logits [ln 1, ln 3] at T = 1 give 1/4 and 3/4', () => {
    const p = softmaxAt([Math.log(1), Math.log(3)], 1);
    expect(p[0]).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
  });

  it('at T = 2 takes square roots of the odds: [0, ln 9] gives 1/4 and 3/4', () => {
    const p = softmaxAt([0, Math.log(9)], 2);
    expect(p[0]).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
  });

  it('does not overflow on large logits', () => {
    const p = softmaxAt([1000, 1000], 1);
    expect(p).toEqual([0.5, 0.5]);
  });

  it('refuses a temperature of 0 in words', () => {
    expect(() => softmaxAt([1, 2], 0)).toThrow(/above 0/);
  });
});

describe('entropyBits', () => {
  it('is 0 for a certain answer, 1 for a coin, log2(10) for ten equal answers', () => {
    expect(entropyBits([1, 0, 0])).toBe(0);
    expect(entropyBits([0.5, 0.5])).toBeCloseTo(1, 12);
    expect(entropyBits(new Array(10).fill(0.1))).toBeCloseTo(Math.log2(10), 12);
  });
});

describe('softLossPull', () => {
  it('is T (p - q): teacher [ln 1, ln 3], uniform student, T = 1 gives [-0.25, +0.25]', () => {
    const pull = softLossPull([0, Math.log(3)], [0, 0], 1);
    expect(pull[0]).toBeCloseTo(-0.25, 12);
    expect(pull[1]).toBeCloseTo(0.25, 12);
  });

  it('agrees with a finite-difference gradient of T^2 * crossEntropy(p_T, q_T)', () => {
    const teacher = [2.1, -0.3, 0.7, 1.5];
    const student = [0.2, 0.4, -1.1, 0.3];
    const T = 3;
    const loss = (z: number[]) => {
      const p = softmaxAt(teacher, T);
      const q = softmaxAt(z, T);
      return -T * T * p.reduce((s, pi, i) => s + pi * Math.log(q[i]!), 0);
    };
    const pull = softLossPull(teacher, student, T);
    const h = 1e-6;
    student.forEach((_, i) => {
      const up = student.map((z, j) => (j === i ? z + h : z));
      const down = student.map((z, j) => (j === i ? z - h : z));
      const gradient = (loss(up) - loss(down)) / (2 * h);
      expect(pull[i]).toBeCloseTo(-gradient, 5);
    });
  });

  it('refuses logits for different numbers of classes', () => {
    expect(() => softLossPull([1, 2], [1, 2, 3], 1)).toThrow(/same classes/);
  });
});
