import { describe, expect, it } from 'vitest';
import { DigitSet, concatDigitSets } from '../../../../src/lib/data';

const one = (label: number, grey: number) =>
  new DigitSet(new Uint8Array(784).fill(grey), Uint8Array.of(label));

describe('concatDigitSets', () => {
  it('joins sets in order, images with their labels (augmentation in the workflow lesson)', () => {
    const joined = concatDigitSets([
      one(5, 10),
      concatDigitSets([one(6, 20), one(7, 30)]),
      new DigitSet(new Uint8Array(0), new Uint8Array(0)),
    ]);
    expect(joined.size).toBe(3);
    expect(Array.from(joined.labels)).toEqual([5, 6, 7]);
    expect([0, 1, 2].map((i) => joined.images[i * 784 + 400])).toEqual([10, 20, 30]);
  });
});
