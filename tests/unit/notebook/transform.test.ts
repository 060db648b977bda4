import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CellSyntaxError,
  LINE_OFFSET,
  SCOPE_NAME,
  transformCell,
  transformCheck,
} from '../../../src/notebook/kernel/transform';

const fixtures = join(import.meta.dirname, 'fixtures/transform');

/** What `run` throws; fails the test when it returns normally (so no check sits unreached in a catch). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (caught) {
    return caught;
  }
  throw new Error('Expected the call to throw, but it returned normally.');
}

/** Runs a transformed cell the way the kernel does, with a plain object as the shared scope. */
async function runCells(...cells: string[]): Promise<{ scope: Record<string, unknown>; values: unknown[] }> {
  const scope: Record<string, unknown> = Object.create(null);
  const values: unknown[] = [];
  for (const code of cells) {
    const cell = transformCell(code, 'ts');
    for (const name of cell.declared) if (!(name in scope)) scope[name] = undefined;
    // Node's indirect eval, as the worker does (the test process is the "worker" here).
    const body = (0, eval)(cell.source) as (scope: object) => Promise<unknown>;
    values.push(await body(scope));
  }
  return { scope, values };
}

describe('transformCell snapshots (input/ -> output/)', () => {
  for (const name of readdirSync(join(fixtures, 'input'))) {
    it(`transforms ${name} as recorded`, () => {
      const input = readFileSync(join(fixtures, 'input', name), 'utf8');
      const result = transformCell(input, name.endsWith('.js.txt') ? 'js' : 'ts');
      const actual = `${result.source}\n// declared: ${result.declared.join(', ')}\n// returnsValue: ${result.returnsValue}\n`;
      // Fixtures end in .txt so linters, formatters and the type checker leave them exactly as written.
      const expectedPath = join(fixtures, 'output', name.replace(/\.(ts|js)\.txt$/, '.js.txt'));
      if (!existsSync(expectedPath) && !process.env.CI) writeFileSync(expectedPath, actual);
      const expected = readFileSync(expectedPath, 'utf8');
      // On a mismatch, leave the new output beside the old one so the difference can be reviewed.
      if (actual !== expected) writeFileSync(expectedPath.replace(/\.js\.txt$/, '-changed.js.txt'), actual);
      expect(actual).toBe(expected);
      // The promise that makes line numbers work: every line of the reader's code stays on its line.
      expect(result.source.split('\n').length).toBe(
        input.trimEnd().split('\n').length + LINE_OFFSET + 1 + (input.endsWith('\n') ? 1 : 0),
      );
    });
  }
});

describe('transformCell', () => {
  it('shares top-level names between cells and returns the last value', async () => {
    const { values, scope } = await runCells(
      'const a = 20;\nfunction twice(n: number) { return 2 * n }',
      'let b = twice(a) + 2\nb',
    );
    expect(values).toEqual([undefined, 42]);
    expect(Object.keys(scope).sort()).toEqual(['a', 'b', 'twice']);
  });

  it('lets a cell run twice (const is redeclarable at the top level, as in Jupyter)', async () => {
    const { values } = await runCells('const n = 1; n', 'const n = 2; n');
    expect(values).toEqual([1, 2]);
  });

  it('supports top-level await, destructuring and classes', async () => {
    const { values } = await runCells(
      'const { p, q: [r] } = await Promise.resolve({ p: 1, q: [2] });\nclass Box { constructor(public v: number) {} }',
      'new Box(p + r).v',
    );
    expect(values[1]).toBe(3);
  });

  it('keeps closures live: a function from one cell sees a later assignment', async () => {
    const { values } = await runCells('let count = 0;\nconst read = () => count;', 'count = 5;\nread()');
    expect(values[1]).toBe(5);
  });

  it('reports syntax errors with the line in the reader code, before running', () => {
    const error = thrownBy(() => transformCell('const ok = 1;\nconst bad = (;\n', 'ts'));
    expect(error).toBeInstanceOf(CellSyntaxError);
    expect(error).toMatchObject({ line: 2 });
  });

  it('reports a plain-JS syntax error found by the parser with its line', () => {
    expect(() => transformCell('1 +\n\n)', 'js')).toThrow(CellSyntaxError);
    const error = thrownBy(() => transformCell('let a = 1;\nlet b = 2;\nreturn a;', 'js'));
    expect(error).toBeInstanceOf(CellSyntaxError);
    expect(error).toMatchObject({ line: 3 });
  });

  it('explains that cells cannot import', () => {
    expect(() => transformCell("import { x } from 'y';\nx", 'ts')).toThrow(/already in scope/);
  });

  it('builds exercise checks that see the shared scope', async () => {
    const source = transformCheck('(answer: number) => answer === target');
    const make = (0, eval)(source) as (scope: object) => Promise<(answer: number) => boolean>;
    const check = await make(Object.assign(Object.create(null), { target: 55 }));
    expect([check(55), check(54)]).toEqual([true, false]);
    expect(source).toContain(SCOPE_NAME);
  });
});
