/**
 * Reads the imports of a source file with TypeScript's own parser (not a regular expression), so
 * every way of writing one is seen: single or multi-line, with or without a semicolon, `import type`,
 * `export ... from`, and `import('...')`. Used by the architecture test to enforce the layers.
 */
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';

export interface ImportRef {
  /** The module as written, e.g. '../tf' or '@tensorflow/tfjs'. */
  specifier: string;
  /** `import type` / `export type`: erased at build time, so it loads nothing. */
  typeOnly: boolean;
  /** `import('...')`: loaded only when the code runs, not with the page. */
  dynamic: boolean;
}

/** The script parts of a file: the whole file for TS/JS, frontmatter and `<script>`s for Astro, ESM lines for MDX. */
export function scriptsOf(text: string, fileName: string): string[] {
  if (fileName.endsWith('.astro')) {
    const parts: string[] = [];
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    if (front) parts.push(front[1]!);
    for (const match of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) parts.push(match[1]!);
    return parts;
  }
  if (fileName.endsWith('.mdx')) {
    // MDX's imports and exports are top-level lines (a statement runs on until a blank line);
    // fenced code blocks are prose about code, not imports of the page.
    const lines: string[] = [];
    let fenced = false;
    let inStatement = false;
    for (const line of text.split('\n')) {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      if (fenced) continue;
      if (/^(import|export)\b/.test(line)) inStatement = true;
      else if (line.trim() === '') inStatement = false;
      if (inStatement) lines.push(line);
    }
    return [lines.join('\n')];
  }
  return [text];
}

/** Every import, re-export and dynamic import in the file. */
export function importsOf(text: string, fileName: string): ImportRef[] {
  const found: ImportRef[] = [];
  for (const script of scriptsOf(text, fileName)) {
    const source = ts.createSourceFile('part.ts', script, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const clause = node.importClause;
        const typeOnly = Boolean(
          clause &&
          (clause.isTypeOnly ||
            // `import { type A, type B } from 'x'` is erased too when every name is a type.
            (!clause.name &&
              clause.namedBindings &&
              ts.isNamedImports(clause.namedBindings) &&
              clause.namedBindings.elements.length > 0 &&
              clause.namedBindings.elements.every((element) => element.isTypeOnly))),
        );
        found.push({ specifier: node.moduleSpecifier.text, typeOnly, dynamic: false });
      } else if (
        ts.isExportDeclaration(node) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly, dynamic: false });
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteralLike(node.arguments[0])
      ) {
        found.push({ specifier: node.arguments[0].text, typeOnly: false, dynamic: true });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** tfjs, transformers.js and ONNX Runtime: the heavy runtimes only src/lib/ may import. */
export function isMlRuntime(specifier: string): boolean {
  return /^(@tensorflow\/|@huggingface\/transformers$|onnxruntime-)/.test(specifier);
}

/** ML runtime imports of any kind (static, dynamic or type-only) in a file outside the library. */
export function mlRuntimeImports(text: string, fileName: string): string[] {
  return importsOf(text, fileName)
    .filter((ref) => isMlRuntime(ref.specifier))
    .map((ref) => ref.specifier);
}

/** Where a relative import points, as a path with its extension; null for packages. */
export function resolveImport(
  fromFile: string,
  specifier: string,
  exists: (path: string) => boolean,
): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = normalize(join(dirname(fromFile), specifier));
  const candidates = [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts'), join(base, 'index.js')];
  // A file that is not there yet is named as TypeScript would look for it first.
  return candidates.find((path) => /\.(ts|js|mjs)$/.test(path) && exists(path)) ?? `${base}.ts`;
}

export interface LightHalfViolation {
  /** The chain of files from the entry to the one with the offending import. */
  chain: string[];
  specifier: string;
}

/**
 * Follows the static, value imports (those a bundler loads with the page) from `entries` and
 * reports every path that reaches a forbidden file (e.g. the half of the backend that loads tfjs)
 * or an ML runtime. Type-only imports are erased and dynamic ones load later, so neither counts.
 */
export function lightHalfViolations(
  entries: readonly string[],
  forbidden: (path: string) => boolean,
  files: { read(path: string): string; exists(path: string): boolean },
): LightHalfViolation[] {
  const violations: LightHalfViolation[] = [];
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const ref of importsOf(files.read(file), file)) {
      if (ref.typeOnly || ref.dynamic) continue;
      if (isMlRuntime(ref.specifier)) {
        violations.push({ chain: [...chain, file], specifier: ref.specifier });
        continue;
      }
      const target = resolveImport(file, ref.specifier, files.exists);
      if (target === null) continue;
      if (forbidden(target)) violations.push({ chain: [...chain, file], specifier: ref.specifier });
      else if (files.exists(target)) walk(target, [...chain, file]);
    }
  };
  for (const entry of entries) walk(entry, []);
  return violations;
}

/** A set of source files, on disk or written out in a fixture. Paths are relative to the repository root. */
export interface SourceTree {
  files(): string[];
  read(path: string): string;
  exists(path: string): boolean;
}

/** The layer rule: only `src/lib/` may import tfjs, transformers.js or ONNX Runtime. One line per offence. */
export function runtimeImportsOutsideLibrary(tree: SourceTree): string[] {
  return tree
    .files()
    .filter((path) => path.startsWith('src/') && !path.startsWith('src/lib/'))
    .filter((path) => /\.(ts|tsx|js|mjs|astro|mdx)$/.test(path))
    .flatMap((path) => mlRuntimeImports(tree.read(path), path).map((specifier) => `${path}: ${specifier}`));
}

/** Modules a page may load eagerly: the light half of the backend and the shared helpers. */
export const LIGHT_ENTRIES = Object.freeze([
  'src/lib/backend/index.ts',
  'src/lib/backend/text-device.ts',
  'src/lib/util/index.ts',
]);

/** The files that load tfjs: `tf.ts`, and the half of the backend that switches tfjs's backend. */
export function loadsTfjs(path: string): boolean {
  return ['src/lib/tf.ts', 'src/lib/backend/select.ts', 'src/lib/backend/selftest.ts'].includes(path);
}

/** The light-half rule, as one line per chain that reaches tfjs, e.g. "index.ts -> names.ts: ./select". */
export function lightHalfOffences(tree: SourceTree): string[] {
  const entries = LIGHT_ENTRIES.filter((path) => tree.exists(path));
  return lightHalfViolations(entries, loadsTfjs, tree).map(
    (violation) => `${violation.chain.join(' -> ')}: ${violation.specifier}`,
  );
}

/**
 * A tree written out in one fixture file: each `// @file <path>` line starts a file. Fixtures end in
 * .txt so the type checker, linter and formatter leave them exactly as written.
 */
export function treeFromFixture(text: string): SourceTree {
  const files = new Map<string, string>();
  let current: string | null = null;
  for (const line of text.split('\n')) {
    const header = /^\/\/ @file (\S+)\s*$/.exec(line);
    if (header) {
      current = header[1]!;
      files.set(current, '');
    } else if (current !== null) {
      files.set(current, `${files.get(current)}${line}\n`);
    }
  }
  return {
    files: () => [...files.keys()],
    read: (path) => {
      const content = files.get(path);
      if (content === undefined) throw new Error(`The fixture has no file ${path}.`);
      return content;
    },
    exists: (path) => files.has(path),
  };
}

/**
 * The folders of `src/lib/` that import each other in a loop (e.g. training -> distill -> training),
 * one line per loop, e.g. "distill -> training -> distill (src/lib/distill/distill.ts: ../training/train)".
 * Every import counts, type-only and dynamic too: a loop of types is still two folders that cannot be
 * understood apart. Files directly in src/lib/ (the barrel, tf.ts) are not a folder.
 */
export function folderLoops(tree: SourceTree): string[] {
  const folderOf = (path: string) => /^src\/lib\/([^/]+)\//.exec(path)?.[1] ?? null;
  const edges = new Map<string, Map<string, string>>();
  for (const path of tree.files().filter((p) => /^src\/lib\/.+\.(ts|mjs|js)$/.test(p))) {
    const from = folderOf(path);
    if (!from) continue;
    for (const ref of importsOf(tree.read(path), path)) {
      const target = resolveImport(path, ref.specifier, tree.exists);
      const to = target && folderOf(target);
      if (!to || to === from) continue;
      const out = edges.get(from) ?? new Map<string, string>();
      if (!out.has(to)) out.set(to, `${path}: ${ref.specifier}`);
      edges.set(from, out);
    }
  }
  // Each loop once, found from its alphabetically first folder, as the shortest path back to it.
  const loops: string[] = [];
  const folders = [...edges.keys()].sort();
  for (const start of folders) {
    const queue: string[][] = [[start]];
    const seen = new Set<string>([start]);
    while (queue.length > 0) {
      const path = queue.shift()!;
      const last = path.at(-1)!;
      for (const next of [...(edges.get(last)?.keys() ?? [])].sort()) {
        if (next === start) {
          const cycle = [...path, start];
          const evidence = cycle.slice(0, -1).map((folder, i) => edges.get(folder)!.get(cycle[i + 1]!)!);
          // Report a loop only from its smallest folder, so each appears once.
          if (path.every((folder) => folder >= start))
            loops.push(`${cycle.join(' -> ')} (${evidence.join('; ')})`);
        } else if (!seen.has(next) && next > start) {
          seen.add(next);
          queue.push([...path, next]);
        }
      }
    }
  }
  return loops;
}
