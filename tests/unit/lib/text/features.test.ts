import { describe, expect, it } from 'vitest';
import { meanPool } from '../../../../src/lib/text/features';

describe('encoder features', () => {
  it('mean-pools over real tokens only', () => {
    const states = new Float32Array([1, 2, 3, 4, 100, 100, 5, 6, 7, 8, 9, 10]);
    expect(meanPool(states, [1, 1, 0, 1, 1, 1], [2, 3, 2])).toEqual([
      [2, 3],
      [7, 8],
    ]);
  });
});
