import { describe, expect, it } from 'vitest';
import { corruptSpans } from '../../../../src/lib/text/span-corruption';

const SENTENCE =
  'the quick brown fox jumps over the lazy dog while the farmer sleeps under the old oak tree in the warm afternoon sun';

/** Puts the hidden words back in place of each sentinel: an independent check of input + target. */
function restore(input: string, target: string): string {
  const fill = new Map<string, string[]>();
  let current = '';
  for (const token of target.split(' ')) {
    if (/^<extra_id_\d+>$/.test(token)) {
      current = token;
      fill.set(current, []);
    } else fill.get(current)!.push(token);
  }
  return input
    .split(' ')
    .flatMap((token) => (/^<extra_id_\d+>$/.test(token) ? fill.get(token)! : [token]))
    .join(' ');
}

describe('corruptSpans', () => {
  it('hides 15 % of 23 words (3, rounded) in one span of mean length 3, as T5 does', () => {
    const result = corruptSpans(SENTENCE, { density: 0.15, meanSpan: 3, seed: 1 });
    expect(result.words).toHaveLength(23);
    expect(result.spans).toHaveLength(1);
    const [[start, end]] = result.spans as [[number, number]];
    expect(end - start).toBe(3);
    expect(start).toBeGreaterThan(0);
  });

  it('input and target together give the sentence back, for many settings', () => {
    for (const density of [0.1, 0.15, 0.3, 0.5]) {
      for (const meanSpan of [1, 2, 3, 5]) {
        for (const seed of [1, 2, 3]) {
          const { input, target } = corruptSpans(SENTENCE, { density, meanSpan, seed });
          expect(restore(input, target)).toBe(SENTENCE);
          expect(target.endsWith('>')).toBe(true);
        }
      }
    }
  });

  it('30 % with spans of 2: 7 words hidden in 4 spans (round(6.9) = 7, round(7 / 2) = 4)', () => {
    const result = corruptSpans(SENTENCE, { density: 0.3, meanSpan: 2, seed: 5 });
    expect(result.spans.reduce((n, [a, b]) => n + b - a, 0)).toBe(7);
    expect(result.spans).toHaveLength(4);
    // Spans never touch: a kept word separates each pair.
    result.spans.slice(1).forEach(([a], i) => expect(a).toBeGreaterThan(result.spans[i]![1]));
  });

  it('asks for a longer sentence in words when there is only one', () => {
    expect(() => corruptSpans('hello', { density: 0.15, meanSpan: 3, seed: 1 })).toThrow(
      /at least two words/,
    );
  });
});
