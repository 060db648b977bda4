import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { proseOf, proseWordCount } from '../../../src/lessons/prose-words';

// No lesson should be a 45-minute wall: about 2,500 words of prose at most (code, quizzes and
// maths not counted), with a little room before this fails.
const LIMIT = 2600;
const LESSONS = 'src/content/docs/lessons';

// Lessons known to be over while they are being split. Each entry must still be over the limit:
// once the split lands, this fails and asks for the line to go.
const BEING_SPLIT: Record<string, string> = {};

const lessons = readdirSync(LESSONS).filter((file) => file.endsWith('.mdx'));

describe('counting prose words', () => {
  it('counts the words of sentences and leaves out code cells, imports, maths and inline code', () => {
    const mdx = [
      '---',
      'title: Not counted',
      '---',
      '',
      "import CodeCell from '../CodeCell.astro';",
      '',
      'One two three, $x^2$ `code here` four <Cite id="a" /> five.',
      '',
      '<CodeCell',
      '  id="x"',
      '  code={`',
      'const a = { b: 1 }; // words > here',
      '`}',
      '/>',
      '',
      '```js',
      'not counted either',
      '```',
      '',
      '<Aside type="tip">',
      'Six seven.',
      '</Aside>',
      '',
      '$$',
      'y = mx + b',
      '$$',
      '',
      '- Eight: nine (ten).',
    ].join('\n');
    expect(proseOf(mdx)).not.toContain('const');
    expect(proseWordCount(mdx)).toBe(10);
  });
});

describe('lesson length', () => {
  for (const file of lessons) {
    const words = proseWordCount(readFileSync(join(LESSONS, file), 'utf8'));
    if (BEING_SPLIT[file]) {
      it(`${file} is still over ${LIMIT} words (${BEING_SPLIT[file]}); remove it from BEING_SPLIT once it is not`, () => {
        expect(words).toBeGreaterThan(LIMIT);
      });
      continue;
    }
    it(`${file} has at most ${LIMIT} words of prose (${words})`, () => {
      expect(words).toBeLessThanOrEqual(LIMIT);
    });
  }
});
