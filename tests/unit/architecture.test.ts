import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const ML_RUNTIMES =
  /from\s+['"](@tensorflow\/[^'"]+|@huggingface\/transformers|onnxruntime-[^'"]+)['"]|import\(\s*['"](@tensorflow\/[^'"]+|@huggingface\/transformers)['"]\s*\)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|astro|mdx)$/.test(name) ? [path] : [];
  });
}

describe('architecture', () => {
  it('lets only src/lib/ import tfjs or transformers.js', () => {
    const offenders = sourceFiles(join(root, 'src'))
      .filter((path) => !relative(root, path).startsWith(join('src', 'lib')))
      .filter((path) => ML_RUNTIMES.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });

  it('keeps the light half of the backend module free of tfjs, so pages can load it eagerly', () => {
    for (const name of ['names.ts', 'preference.ts', 'probe.ts', 'status.ts', 'index.ts']) {
      const text = readFileSync(join(root, 'src', 'lib', 'backend', name), 'utf8');
      expect(text, name).not.toMatch(
        /from '\.\.\/tf'|@tensorflow|from '\.\/select'(?!;)|import \{[^}]*useBackend/,
      );
    }
  });
});
