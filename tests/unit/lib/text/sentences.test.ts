import { describe, expect, it } from 'vitest';
import { splitForHead, type SentenceSet } from '../../../../src/lib/text/sentences';

describe('the sentence split', () => {
  it('takes the first N sentences of each class for training', () => {
    const set: SentenceSet = {
      description: '',
      labels: { topic: ['animals', 'food'], sentiment: ['negative', 'positive'] },
      sentences: [
        { text: 'a', topic: 'food', sentiment: 'positive' },
        { text: 'b', topic: 'animals', sentiment: 'positive' },
        { text: 'c', topic: 'food', sentiment: 'negative' },
        { text: 'd', topic: 'animals', sentiment: 'negative' },
      ],
    };
    const split = splitForHead(set, 'topic', 1);
    expect(split.train.map((s) => s.text)).toEqual(['a', 'b']);
    expect(split.test.map((s) => s.text)).toEqual(['c', 'd']);
  });
});
