import { describe, expect, it } from 'vitest';
import { accuracy, countMatches } from '../../../../src/lib/evaluation/accuracy';

describe('accuracy', () => {
  it('counts positions that agree, worked out by hand', () => {
    // Positions 0, 2 and 4 agree: 3 of 5.
    expect(countMatches([1, 2, 3, 4, 5], [1, 0, 3, 0, 5])).toBe(3);
    expect(accuracy([1, 2, 3, 4, 5], [1, 0, 3, 0, 5])).toBe(0.6);
    expect(accuracy(Int32Array.from([7, 7]), Uint8Array.from([7, 7]))).toBe(1);
    expect(accuracy([0, 1], [1, 0])).toBe(0);
  });

  it('refuses lists of different lengths and gives NaN for no answers', () => {
    expect(() => accuracy([1, 2], [1])).toThrow(/equally long/);
    expect(accuracy([], [])).toBeNaN();
  });
});
