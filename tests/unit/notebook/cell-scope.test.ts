import { describe, expect, it } from 'vitest';
import { missingDocs, readScope, type ScopeEntry } from '../../../scripts/cell-scope/scope.mjs';
import { lessonCells } from '../../../scripts/cell-scope/cells.mjs';

// Read once: the TypeScript program over the library takes a few seconds.
const scope = readScope();

describe('the cell scope', () => {
  it('declares every value the library exports, the helpers, and tf as a namespace', () => {
    const names = scope.entries.map((entry) => entry.name);
    for (const name of [
      'tf',
      'loadMnist',
      'train',
      'evaluate',
      'DigitSet',
      'show',
      'plot',
      'table',
      'liveChart',
      'sleep',
    ]) {
      expect(names).toContain(name);
    }
    // Types are not values: a cell cannot call them, so they are not in scope.
    expect(names).not.toContain('TrainOptions');
    expect(scope.declaration).toContain('export import tf = Library.tf;');
    expect(scope.declaration).toContain("const show: Helpers['show'];");
    expect(scope.declaration).toContain('type DigitSet = Library.DigitSet;');
  });

  it('documents every name a cell can use: summary, @param for each parameter, @returns, @example', () => {
    const undocumented = scope.entries
      .map((entry) => ({ entry, missing: missingDocs(entry) }))
      .filter(({ missing }) => missing.length > 0)
      .map(({ entry, missing }) => `${entry.module}: ${entry.name} lacks ${missing.join(', ')}`);
    expect(undocumented).toEqual([]);
  });

  it('finds what an undocumented export lacks', () => {
    const bare: ScopeEntry = {
      name: 'f',
      kind: 'function',
      from: 'library',
      module: 'src/lib/x.ts',
      signatures: ['(a: number, b?: string) => number'],
      summary: '',
      params: [{ name: 'a', doc: 'a number' }],
      paramNames: ['a', 'b'],
      returns: null,
      returnsVoid: false,
      example: null,
    };
    expect(missingDocs(bare)).toEqual(['a summary', 'an @example', '@param b', '@returns']);
    expect(missingDocs({ ...bare, kind: 'constant', paramNames: [], summary: 'x', example: 'f' })).toEqual(
      [],
    );
  });

  it('gives tf.-completions the TensorFlow.js names', () => {
    const names = scope.tfMembers.map((member) => member.name);
    expect(names).toEqual(expect.arrayContaining(['tensor', 'tidy', 'loadLayersModel', 'softmax']));
  });
});

describe('reading a lesson cell from MDX', () => {
  it('gives each prop its text as the cell gets it and the MDX line it starts on', () => {
    const mdx = [
      '# Title', // 1
      '', // 2
      '```mdx', // 3
      '<CodeCell code={`not a cell`} />', // 4: an example in prose, skipped
      '```', // 5
      '<CodeCell', // 6
      '  id="one"', // 7
      '  code={`', // 8
      'const x = \\`a \\${1}\\`;', // 9: escaped as MDX needs
      'x', // 10
      '`}', // 11
      '  check={`(answer) => answer === "a 1"`}', // 12
      '  solution={`const x = "a 1";`}', // 13
      '/>', // 14
      '<CodeCell fails code={`broken(`} />', // 15
    ].join('\n');
    const cells = lessonCells(mdx);
    expect(cells).toHaveLength(2);
    const [one, two] = cells;
    expect(one).toMatchObject({ id: 'one', lang: 'ts', fails: false });
    expect(one!.code).toEqual({ text: '\nconst x = `a ${1}`;\nx\n', line: 8 });
    expect(one!.check).toEqual({ text: '(answer) => answer === "a 1"', line: 12 });
    expect(one!.solution).toEqual({ text: 'const x = "a 1";', line: 13 });
    expect(two).toMatchObject({ id: null, fails: true, code: { text: 'broken(', line: 15 } });
  });
});
