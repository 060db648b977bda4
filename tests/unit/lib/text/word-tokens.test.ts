import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newWords, wordTokens } from '../../../../src/lib/text/word-tokens';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const tokenizer = JSON.parse(readFileSync(join(root, 'public/models/mini-t5/tokenizer.json'), 'utf8')) as {
  model: { vocab: Record<string, number> };
};
const vocabulary = new Set(Object.keys(tokenizer.model.vocab));
const language = JSON.parse(readFileSync(join(root, 'bench/results/language.json'), 'utf8')) as {
  runs: Array<{ result: { prompting: Array<{ examplePrompt: string; promptTokens: number }> } }>;
};

describe('wordTokens', () => {
  it('counts every measured prompt as transformers.js did in the language benchmark', () => {
    // promptTokens came from the real tokenizer (transformers.js) in bench/suites/language.ts.
    const rows = language.runs[0]!.result.prompting;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(wordTokens(row.examplePrompt, vocabulary)).toHaveLength(row.promptTokens);
  });

  it('splits punctuation, lower-cases, and marks words outside the vocabulary', () => {
    const tokens = wordTokens('Sentiment: zyzzyva!', vocabulary);
    expect(tokens.map((t) => t.text)).toEqual(['sentiment', ':', 'zyzzyva', '!', '</s>']);
    expect(tokens[2]!.known).toBe(false);
    expect(tokens[0]!.known).toBe(true);
  });
});

describe('newWords', () => {
  it("finds the held-out translate phrasing's words that no seen phrasing uses", () => {
    const seen = ['translate english to german : {x}', 'translate to german : {x}', 'say in german : {x}'];
    expect(newWords('what is {x} in german ?', seen)).toEqual(['what', 'is', '?']);
  });
});
