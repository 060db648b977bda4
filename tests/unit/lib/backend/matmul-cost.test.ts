import { describe, expect, it } from 'vitest';
import { matmulCost } from '../../../../src/lib/backend/matmul-cost';

describe('matmulCost', () => {
  it('2 x 3 times 3 x 4: 8 entries of 3 terms, 2 operations a term = 48', () => {
    const c = matmulCost(2, 3, 4);
    expect(c.flops).toBe(48);
    // 6 + 12 + 8 float32 numbers = 104 bytes.
    expect(c.bytes).toBe(104);
  });

  it('for square n the intensity is n / 6 operations per byte', () => {
    expect(matmulCost(600, 600, 600).intensity).toBeCloseTo(100, 10);
  });

  it('refuses a size of 0 in words', () => {
    expect(() => matmulCost(0, 1, 1)).toThrow(/whole number/);
  });
});
