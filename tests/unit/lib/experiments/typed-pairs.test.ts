import { describe, expect, it } from 'vitest';
import {
  asModelSees,
  parsePairs,
  splitTypedPairs,
  unknownWordsIn,
} from '../../../../src/lib/experiments/typed-pairs';

describe('typed pairs', () => {
  it('reads one pair a line with any of the arrows, skips blanks and comments, and lower-cases', () => {
    const { pairs, problems } = parsePairs(
      '# pairs\nSay in English : drei -> three\n\nvier → four\nfünf => five\n',
    );
    expect(problems).toEqual([]);
    expect(pairs).toEqual([
      { input: 'say in english : drei', target: 'three' },
      { input: 'vier', target: 'four' },
      { input: 'fünf', target: 'five' },
    ]);
  });

  it('names the line of a pair it cannot read, counting from 1', () => {
    const { pairs, problems } = parsePairs('a -> b\nno arrow here\n -> empty input');
    expect(pairs).toHaveLength(1);
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
    expect(problems[0]!.reason).toMatch(/arrow/);
    expect(problems[1]!.reason).toMatch(/empty/);
  });

  it('gives an empty list for empty text, so the widget can say there is nothing to train on', () => {
    expect(parsePairs('  \n# only a comment\n')).toEqual({ pairs: [], problems: [] });
  });

  it('keeps the last quarter for testing from four pairs on, and tests on the training pairs below that', () => {
    const pairs = Array.from({ length: 9 }, (_, i) => ({ input: `in ${i}`, target: `out ${i}` }));
    const split = splitTypedPairs(pairs);
    expect(split.train.map((p) => p.input)).toEqual(pairs.slice(0, 7).map((p) => p.input));
    expect(split.test.map((p) => p.input)).toEqual(['in 7', 'in 8']);
    expect(split.testIsTrain).toBe(false);
    expect(split.validation).toEqual(split.train);
    const few = splitTypedPairs(pairs.slice(0, 3));
    expect(few.testIsTrain).toBe(true);
    expect(few.test).toEqual(few.train);
  });

  it('lists each unknown word once, in order, and shows the text as the model reads it', () => {
    const vocabulary = new Set(['say', 'in', 'english', ':', 'three']);
    const unknown = (text: string) => text.split(' ').filter((w) => !vocabulary.has(w));
    const pairs = [
      { input: 'say in english : drei', target: 'three' },
      { input: 'say in english : drei', target: 'drei' },
      { input: 'say in klingon : drei', target: 'three' },
    ];
    expect(unknownWordsIn(pairs, unknown)).toEqual(['drei', 'klingon']);
    expect(asModelSees('say in klingon : drei', new Set(['drei', 'klingon']))).toBe('say in <unk> : <unk>');
  });
});
