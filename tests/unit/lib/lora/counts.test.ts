import { describe, expect, it } from 'vitest';
import { adamTrainingBytes, loraCounts } from '../../../../src/lib/lora/counts';

describe('loraCounts', () => {
  it('counts by hand: 800 x 128 at rank 8 trains 8 * 928 = 7,424 of 102,400', () => {
    const c = loraCounts(800, 128, 8);
    expect(c.full).toBe(102_400);
    expect(c.adapter).toBe(7_424);
    expect(c.share).toBeCloseTo(0.0725, 6);
  });

  it("matches Hu et al.'s LLaMA-sized arithmetic: 4096 x 4096 at rank 8 is 65,536 per matrix", () => {
    expect(loraCounts(4096, 4096, 8).adapter).toBe(65_536);
    expect(loraCounts(4096, 4096, 1).breakEvenRank).toBe(2048);
  });

  it('refuses a rank of 0 or a fraction, in words', () => {
    expect(() => loraCounts(10, 10, 0)).toThrow(/rank must be a whole number/);
    expect(() => loraCounts(10, 10, 1.5)).toThrow(/rank/);
  });

  it('Adam in float32 keeps four numbers of 4 bytes per trained weight', () => {
    expect(adamTrainingBytes(1000)).toBe(16_000);
  });
});
