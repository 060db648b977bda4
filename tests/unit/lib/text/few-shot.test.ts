import { describe, expect, it } from 'vitest';
import { bagOfWords, words } from '../../../../src/lib/text/bag-of-words';
import { FEW_SHOT_FORMATS, fewShotPrompt, PROMPT_PRESETS } from '../../../../src/lib/text/presets';
import { splitForHead, type SentenceSet } from '../../../../src/lib/text/sentences';
import { labelOf } from '../../../../src/lib/experiments/text-classification';

describe('bag-of-words features', () => {
  it('marks which words of the labelled sentences each text contains, and ignores any other word', () => {
    const bag = bagOfWords(['The cat sat', 'a dog, a cat!']);
    expect(bag.vocabulary).toEqual(['a', 'cat', 'dog', 'sat', 'the']);
    expect(bag.features(['cat and dog', 'fünf zebras', 'THE SAT'])).toEqual([
      [0, 1, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 1, 1],
    ]);
    expect(words('Fünf, sieben!')).toEqual(['fünf', 'sieben']);
    expect(() => bagOfWords([])).toThrow(/at least one sentence/);
  });
});

describe('few-shot prompts', () => {
  it('puts the solved examples between the instruction and the question', () => {
    const examples = [
      { text: 'i love this cake', answer: 'positive' },
      { text: 'the soup was awful', answer: 'negative' },
    ];
    expect(fewShotPrompt(FEW_SHOT_FORMATS.mini.sentiment, examples, 'what a cute dog')).toBe(
      'sentiment : i love this cake : positive sentiment : the soup was awful : negative sentiment : what a cute dog',
    );
    expect(fewShotPrompt(FEW_SHOT_FORMATS.mini.sentiment, [], 'what a cute dog')).toBe(
      'sentiment : what a cute dog',
    );
    expect(fewShotPrompt(FEW_SHOT_FORMATS.flan.topic, examples.slice(0, 1), 'what a cute dog')).toBe(
      'Is the sentence about animals or food?\n\nSentence: i love this cake\nAnswer: positive\n\nSentence: what a cute dog\nAnswer:',
    );
  });

  it('ships presets with 0, 2 and 4 solved examples, none taken from the held-out sentence set', async () => {
    const { readFileSync } = await import('node:fs');
    const set = JSON.parse(readFileSync('public/data/sentences.json', 'utf8')) as SentenceSet;
    const shots = PROMPT_PRESETS.filter((p) => p.shots !== undefined);
    expect(shots.map((p) => `${p.group}:${p.shots}`).sort()).toEqual(['flan:0', 'flan:4', 'mini:2']);
    for (const preset of shots) {
      for (const sentence of set.sentences) expect(preset.prompt).not.toContain(sentence.text);
    }
  });
});

describe('reading a label out of an answer', () => {
  it('takes the first word and accepts a singular class name', () => {
    const classes = ['animals', 'food'];
    expect(labelOf('Animal.', classes)).toBe('animals');
    expect(labelOf(' food, mostly', classes)).toBe('food');
    expect(labelOf('positive', classes)).toBeNull();
    expect(labelOf('', classes)).toBeNull();
    expect(labelOf('negative', ['negative', 'positive'])).toBe('negative');
  });
});

describe('splitting the labelled sentences', () => {
  const set: SentenceSet = {
    description: '',
    labels: { topic: ['animals', 'food'], sentiment: ['negative', 'positive'] },
    sentences: Array.from({ length: 12 }, (_, i) => ({
      text: `s${i}`,
      topic: i % 2 === 0 ? 'animals' : 'food',
      sentiment: i % 3 === 0 ? 'negative' : 'positive',
    })),
  };

  it('draws perClass of each class with a seed, the same draw for the same seed, and tests on the rest', () => {
    const a = splitForHead(set, 'topic', 2, 1);
    const b = splitForHead(set, 'topic', 2, 1);
    expect(a).toEqual(b);
    expect(a.train.filter((s) => s.topic === 'animals')).toHaveLength(2);
    expect(a.train.filter((s) => s.topic === 'food')).toHaveLength(2);
    expect(a.test).toHaveLength(8);
    expect(a.test.some((s) => a.train.includes(s))).toBe(false);
    const draws = new Set(
      [1, 2, 3, 4, 5].map((seed) =>
        splitForHead(set, 'topic', 2, seed)
          .train.map((s) => s.text)
          .join(),
      ),
    );
    expect(draws.size).toBeGreaterThan(1);
  });

  it('refuses to label every sentence of a class', () => {
    expect(() => splitForHead(set, 'sentiment', 4)).toThrow(/Only 4 sentences are labelled "negative"/);
    expect(() => splitForHead(set, 'topic', 0)).toThrow(/at least one/);
  });
});
