import { describe, expect, it } from 'vitest';
import { convolveValid } from '../../../../src/lib/models/first-layer';

describe('convolveValid', () => {
  it('matches a 4x4 image and a 3x3 kernel worked out by hand', () => {
    // image rows: 1 2 3 4 / 5 6 7 8 / 9 10 11 12 / 13 14 15 16; kernel: centre 1, right -1.
    const image = Array.from({ length: 16 }, (_, i) => i + 1);
    const kernel = [0, 0, 0, 0, 1, -1, 0, 0, 0];
    // Output (y, x) = image[y+1][x+1] - image[y+1][x+2] + bias = -1 + 0.5 everywhere, then ReLU.
    expect(Array.from(convolveValid(image, 4, kernel, 3, 0.5))).toEqual([0, 0, 0, 0]);
    expect(Array.from(convolveValid(image, 4, kernel, 3, 2))).toEqual([1, 1, 1, 1]);
  });

  it('sums the whole window for a kernel of ones: the top-left 3x3 of 1..16 is 54', () => {
    const image = Array.from({ length: 16 }, (_, i) => i + 1);
    expect(convolveValid(image, 4, new Array(9).fill(1), 3, 0)[0]).toBe(54);
  });

  it('refuses an image of the wrong size in words', () => {
    expect(() => convolveValid([1, 2, 3], 4, new Array(9).fill(1), 3, 0)).toThrow(/Expected 16 pixels/);
  });
});
