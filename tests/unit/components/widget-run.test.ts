import { describe, expect, it } from 'vitest';
import { timeLeft } from '../../../src/components/widget-run';

describe('timeLeft', () => {
  it('says nothing in the first 2 s or before 2 % is done', () => {
    expect(timeLeft(1500, 0.5)).toBe('');
    expect(timeLeft(10_000, 0.01)).toBe('');
    expect(timeLeft(10_000, 1)).toBe('');
  });

  it('extrapolates the time so far: a quarter done in 10 s leaves about 30 s', () => {
    expect(timeLeft(10_000, 0.25)).toBe('about 30 s left');
  });

  it('counts minutes past 60 s: a tenth done in 20 s leaves 3 min', () => {
    expect(timeLeft(20_000, 0.1)).toBe('about 3 min 0 s left');
  });
});
