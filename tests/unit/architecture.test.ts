import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  folderLoops,
  importsOf,
  lightHalfOffences,
  runtimeImportsOutsideLibrary,
  treeFromFixture,
  type SourceTree,
} from './support/imports';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(import.meta.dirname, 'fixtures', 'architecture');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** The repository's src/ folder, with paths relative to the root as the checks expect. */
const repository: SourceTree = {
  files: () => listFiles(join(root, 'src')).map((path) => relative(root, path).split(sep).join('/')),
  read: (path) => readFileSync(join(root, path), 'utf8'),
  exists: (path) => existsSync(join(root, path)) && statSync(join(root, path)).isFile(),
};

function fixture(folder: string, name: string): SourceTree {
  return treeFromFixture(readFileSync(join(fixtures, folder, name), 'utf8'));
}

describe('architecture', () => {
  it('lets only src/lib/ import tfjs, transformers.js or ONNX Runtime', () => {
    expect(runtimeImportsOutsideLibrary(repository)).toEqual([]);
  });

  it('has no loops between the folders of src/lib (a folder depends only on folders below it)', () => {
    expect(folderLoops(repository)).toEqual([]);
  });

  it('keeps the light half of the backend (and the shared helpers) free of tfjs, so pages can load it eagerly', () => {
    expect(lightHalfOffences(repository)).toEqual([]);
  });
});

// The checks above pass only if they can fail: each fixture below breaks a rule in a way the old
// regular expressions missed, and the checker must name the offence.
describe('the architecture checker', () => {
  it('reads every way of writing an import', () => {
    const text = `import { a } from './select';
import {
  b,
  c,
} from "../tf"
import type { D } from './names';
import { type E } from './names';
export * from './probe';
export type { F } from './select';
import '@tensorflow/tfjs-backend-webgpu';
const lazy = () => import('@huggingface/transformers');
// import { commented } from './out';
const text = "import { quoted } from './out'";`;
    expect(importsOf(text, 'file.ts')).toEqual([
      { specifier: './select', typeOnly: false, dynamic: false },
      { specifier: '../tf', typeOnly: false, dynamic: false },
      { specifier: './names', typeOnly: true, dynamic: false },
      { specifier: './names', typeOnly: true, dynamic: false },
      { specifier: './probe', typeOnly: false, dynamic: false },
      { specifier: './select', typeOnly: true, dynamic: false },
      { specifier: '@tensorflow/tfjs-backend-webgpu', typeOnly: false, dynamic: false },
      { specifier: '@huggingface/transformers', typeOnly: false, dynamic: true },
    ]);
  });

  it("flags Prettier's `import { x } from './select';` in the light half", () => {
    expect(lightHalfOffences(fixture('light-half', 'fails-prettier-import-of-select.ts.txt'))).toEqual([
      'src/lib/backend/index.ts -> src/lib/backend/status.ts: ./select',
    ]);
  });

  it('flags a multi-line import that reaches tfjs two modules away', () => {
    expect(lightHalfOffences(fixture('light-half', 'fails-multiline-import-two-steps-away.ts.txt'))).toEqual([
      'src/lib/backend/index.ts -> src/lib/backend/probe.ts -> src/lib/util/shapes.ts: ../tf',
    ]);
  });

  it('flags a tfjs package imported for its side effects', () => {
    expect(lightHalfOffences(fixture('light-half', 'fails-direct-tfjs.ts.txt'))).toEqual([
      'src/lib/util/index.ts: @tensorflow/tfjs-backend-webgpu',
    ]);
  });

  it('allows type-only imports, lazy imports and comments in the light half', () => {
    expect(lightHalfOffences(fixture('light-half', 'passes-type-only-and-lazy.ts.txt'))).toEqual([]);
  });

  it('flags runtimes imported by a component script, a lazy widget and a lesson', () => {
    expect(runtimeImportsOutsideLibrary(fixture('runtimes', 'fails-component-script.ts.txt'))).toEqual([
      'src/components/Widget.astro: @tensorflow/tfjs',
      'src/components/widget.ts: @huggingface/transformers',
      'src/content/docs/lessons/page.mdx: onnxruntime-web',
    ]);
  });

  it('finds a folder loop two folders long and one three folders long, type-only imports included', () => {
    expect(folderLoops(fixture('loops', 'fails-two-loops.ts.txt'))).toEqual([
      'a -> b -> a (src/lib/a/one.ts: ../b/two; src/lib/b/two.ts: ../a/one)',
      'c -> d -> e -> c (src/lib/c/x.ts: ../d/y; src/lib/d/y.ts: ../e/z; src/lib/e/z.ts: ../c/x)',
    ]);
  });

  it('allows a chain without a loop and imports within a folder', () => {
    expect(folderLoops(fixture('loops', 'passes-chain.ts.txt'))).toEqual([]);
  });

  it('allows the library to import tfjs and a lesson to show an import in a code block', () => {
    expect(runtimeImportsOutsideLibrary(fixture('runtimes', 'passes-library-and-prose.ts.txt'))).toEqual([]);
  });
});
