import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTextModel, textTokenizer, type TextModel } from '../../../../src/lib/text/load';
import { textModelEntry } from '../../../../src/lib/text/registry';
import { TextModelError } from '../../../../src/lib/text/errors';

// The mini T5's tokenizer has one token per known word and appends </s>: a prompt of N words is
// N + 1 tokens. That is the independent count these tests compare with.
const WORDS = ['red', 'apple', 'cat', 'blue'];
const words = (n: number) => Array.from({ length: n }, (_, i) => WORDS[i % WORDS.length]).join(' ');
const LIMIT = textModelEntry('mini-t5').maxInputTokens;

describe('a text model', () => {
  let model: TextModel;
  beforeAll(async () => {
    model = await loadTextModel({ model: 'mini-t5', dtype: 'fp32' });
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it("refuses a prompt over the model's limit with the numbers, before running anything", async () => {
    const prompt = `reverse : ${words(LIMIT + 500)}`;
    const error = await model.generate(prompt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TextModelError);
    expect(error).toMatchObject({ kind: 'too-long' });
    expect((error as Error).message).toContain(`(${LIMIT + 503} tokens; the limit is ${LIMIT})`);
    expect(await model.checkPrompt(prompt)).toEqual({ tokens: LIMIT + 503, limit: LIMIT, fits: false });
    // A prompt exactly at the limit runs.
    const atLimit = `reverse : ${words(LIMIT - 3)}`;
    expect(await model.countTokens(atLimit)).toBe(LIMIT);
    expect((await model.generate(atLimit, { maxNewTokens: 2 })).tokenIds.length).toBeGreaterThan(0);
    // Encoder features hold the same limit, naming the text that is too long.
    await expect(model.encoderFeatures(['red cat', prompt])).rejects.toThrow(/Text 2 of 2 is too long/);
  });

  it('cuts a prompt to fit, keeping its start, whole words only', async () => {
    const long = `reverse : ${words(3000)}`;
    const fitted = await model.fitPrompt(long);
    expect(fitted).toMatchObject({ tokens: LIMIT, originalTokens: 3003 });
    expect(fitted.text).toBe(`reverse : ${words(LIMIT - 3)}`);
    expect((await model.fitPrompt(long, 10)).text).toBe(`reverse : ${words(7)}`);
    // The tokenizer alone gives the same cut, before (or without) loading the weights.
    expect(await textTokenizer('mini-t5').fit(long, 10)).toEqual(await model.fitPrompt(long, 10));
    expect(await textTokenizer('mini-t5').count('red cat')).toBe(3);
  });

  it('runs one generation at a time, in call order, even when two callers share it', async () => {
    const events: string[] = [];
    const prompt = 'reverse : red apple cat blue green fox owl dog';
    const run = (name: string) =>
      model.generate(prompt, {
        strategy: 'sample',
        seed: 1,
        minNewTokens: 12,
        maxNewTokens: 12,
        onToken: () => events.push(name),
      });
    const [a, b] = await Promise.all([run('a'), run('b')]);
    expect(a.tokenIds).toHaveLength(12);
    expect(b.tokenIds).toHaveLength(12);
    expect(events.join('')).toBe('a'.repeat(12) + 'b'.repeat(12));
  });

  it('skips a queued generation whose caller gave up while it waited', async () => {
    const tokens: string[] = [];
    const controller = new AbortController();
    const first = model.generate('reverse : red apple cat blue', {
      strategy: 'sample',
      seed: 2,
      minNewTokens: 8,
      maxNewTokens: 8,
      onToken: () => {
        tokens.push('first');
        controller.abort();
      },
    });
    const second = model.generate('reverse : red apple cat blue', {
      signal: controller.signal,
      onToken: () => tokens.push('second'),
    });
    expect((await first).tokenIds).toHaveLength(8);
    expect(await second).toMatchObject({ stopped: true, tokenIds: [], text: '' });
    expect(tokens.every((t) => t === 'first')).toBe(true);
  });

  it('scores an answer the same way beam search does', async () => {
    const prompt = 'translate english to german : seven four';
    const beam = await model.generate(prompt, { strategy: 'beam', numBeams: 3 });
    const scored = await model.score(prompt, beam.tokenIds);
    expect(scored.logProb).toBeCloseTo(beam.logProb!, 4);
    expect((await model.score(prompt, 'sieben vier')).tokenIds.at(-1)).toBe(1);
  });
});
