// @ts-check
/**
 * Type-checks every lesson's code cells against the declared cell scope (scope.mjs). A page's cells
 * share one kernel scope, later cells seeing what earlier ones declared, so each lesson becomes one
 * program: its cells in page order, then, for each exercise, a second program that runs the cells
 * before it and then the solution in place of the starter. Errors name the lesson file and line.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { compilerOptions, DECLARATION, LIBRARY, HELPERS, readScope, ROOT } from './scope.mjs';
import { lessonCells } from './cells.mjs';

export const LESSONS = 'src/content/docs/lessons';

/**
 * @typedef {{ file: string, line: number, cell: string, message: string }} CellProblem
 * @typedef {{ start: number, end: number, mdxLine: number, cell: string, report: boolean }} Span
 *   virtual lines [start, end) (0-based) hold the text whose first line is `mdxLine` in the lesson
 */

/**
 * Cells are written for readers, in the style of a notebook: plain JavaScript is fine (untyped
 * parameters are `any`, `rows.at(-1).x` needs no `!`), but a missing name, a wrong argument or a
 * wrong property is an error.
 */
function cellOptions() {
  return { ...compilerOptions(), strictNullChecks: false, noUnusedLocals: false, allowUnreachableCode: true };
}

/**
 * "Implicitly has an 'any' type" (TypeScript's 7000s): readers write untyped parameters. Kept
 * strict otherwise, because `noImplicitAny: false` would also type `const rows = []` as `never[]`.
 */
const IMPLICIT_ANY = new Set([7005, 7006, 7008, 7019, 7031, 7034, 7053]);

/**
 * Joins cells into one module. A name declared again in a later cell is, in the kernel, the same
 * scope property assigned again; TypeScript would call that a redeclaration, so each cell after the
 * first that declares a name is wrapped in its own block, with the names it declares first copied
 * out to the enclosing scope under `var` (whose type may change between cells).
 * @param {{ text: string, mdxLine: number, cell: string, report: boolean }[]} parts
 * @returns {{ source: string, spans: Span[] }}
 */
function program(parts) {
  const lines = [];
  /** @type {Span[]} */
  const spans = [];
  const declared = new Set();
  for (const part of parts) {
    const names = topLevelNames(part.text);
    const again = names.filter((name) => declared.has(name));
    names.forEach((name) => declared.add(name));
    // A cell that redeclares runs in a block of its own; the others stay at the top level (so a
    // function or class they declare is visible everywhere after, as in the kernel).
    lines.push(again.length > 0 ? '{' : ';');
    const start = lines.length;
    lines.push(...part.text.split('\n'));
    spans.push({ start, end: lines.length, mdxLine: part.mdxLine, cell: part.cell, report: part.report });
    lines.push(again.length > 0 ? '}' : ';');
  }
  lines.push('export {};');
  return { source: lines.join('\n'), spans };
}

/** @param {string} code */
function topLevelNames(code) {
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return file.statements.flatMap((statement) => {
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.flatMap((d) => bindingNames(d.name));
    }
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      return [statement.name.text];
    }
    return [];
  });
}

/** @param {ts.BindingName} name @returns {string[]} */
function bindingNames(name) {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) =>
    ts.isOmittedExpression(element) ? [] : bindingNames(element.name),
  );
}

/**
 * The check of an exercise, typed as the kernel calls it: a function of the cell's last value.
 * @param {string} check
 */
const checkText = (check) => `{ const check: (answer: any) => unknown = (${check}); }`;

/**
 * Every lesson's programs: the page as written, and one per exercise with its solution.
 * @param {string} root
 * @returns {Map<string, { lesson: string, spans: Span[], source: string }>}
 */
export function lessonPrograms(root = ROOT) {
  const programs = new Map();
  const dir = join(root, LESSONS);
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .sort()) {
    const lesson = `${LESSONS}/${name}`;
    const cells = lessonCells(readFileSync(join(dir, name), 'utf8'));
    const label = (/** @type {import('./cells.mjs').LessonCell} */ c) => c.id ?? `cell ${c.index + 1}`;
    // A cell marked `fails` shows an error on purpose: it is checked as part of the page, not reported.
    const page = cells.flatMap((c) => [
      { text: c.code.text, mdxLine: c.code.line, cell: label(c), report: !c.fails },
      ...(c.check
        ? [
            {
              text: `;${checkText(c.check.text)}`,
              mdxLine: c.check.line,
              cell: `${label(c)} (check)`,
              report: true,
            },
          ]
        : []),
    ]);
    const base = name.replace(/\.mdx$/, '');
    programs.set(`${base}.cells.ts`, { lesson, ...program(page) });
    for (const exercise of cells.filter((c) => c.solution)) {
      const before = cells
        .slice(0, exercise.index)
        .map((c) => ({ text: c.code.text, mdxLine: c.code.line, cell: label(c), report: false }));
      const solution = /** @type {import('./cells.mjs').Prop} */ (exercise.solution);
      const parts = [
        ...before,
        { text: solution.text, mdxLine: solution.line, cell: `${label(exercise)} (solution)`, report: true },
      ];
      if (exercise.check)
        parts.push({
          text: checkText(exercise.check.text),
          mdxLine: exercise.check.line,
          cell: `${label(exercise)} (check)`,
          report: false,
        });
      programs.set(`${base}.${exercise.id ?? exercise.index}.solution.ts`, { lesson, ...program(parts) });
    }
  }
  return programs;
}

/**
 * Type-checks all lessons. Returns one problem per error, located in the lesson's MDX.
 * @param {string} [root]
 * @returns {{ problems: CellProblem[], cells: number, examples: number }}
 */
export function checkCells(root = ROOT) {
  const options = cellOptions();
  const virtualDir = join(root, 'src/notebook/scope');
  const programs = lessonPrograms(root);
  const files = new Map([...programs].map(([name, p]) => [join(virtualDir, name), p]));
  const libraryProgram = ts.createProgram([join(root, LIBRARY), join(root, HELPERS)], options);
  const { declaration, entries } = readScope(root, libraryProgram);
  // Every @example in the API reference is a cell too: each in a block of its own.
  const withExamples = entries.filter((entry) => entry.example);
  const exampleSpans = [];
  const exampleLines = [];
  for (const entry of withExamples) {
    exampleLines.push('{');
    const start = exampleLines.length;
    exampleLines.push(...(entry.example ?? '').split('\n'));
    exampleSpans.push({
      start,
      end: exampleLines.length,
      mdxLine: 1,
      cell: `@example of ${entry.name}`,
      report: true,
      module: entry.module,
    });
    exampleLines.push('}');
  }
  exampleLines.push('export {};');
  files.set(join(virtualDir, 'examples.ts'), {
    lesson: '',
    spans: exampleSpans,
    source: exampleLines.join('\n'),
  });
  const declarationPath = join(root, DECLARATION);
  const host = ts.createCompilerHost(options);
  const original = host.getSourceFile.bind(host);
  /** @param {string} path */
  const virtual = (path) => (path === declarationPath ? declaration : files.get(path)?.source);
  host.getSourceFile = (path, language, onError, create) => {
    const text = virtual(path);
    if (text !== undefined) return ts.createSourceFile(path, text, language, true);
    return libraryProgram.getSourceFile(path) ?? original(path, language, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (path) => virtual(path) !== undefined || fileExists(path);
  const readFile = host.readFile.bind(host);
  host.readFile = (path) => virtual(path) ?? readFile(path);
  const checked = ts.createProgram([declarationPath, ...files.keys()], options, host, libraryProgram);

  /** @type {CellProblem[]} */
  const problems = [];
  // Only the cells and the declaration: the library itself is checked by `astro check`, strictly.
  const diagnostics = [declarationPath, ...files.keys()].flatMap((path) => {
    const file = checked.getSourceFile(path);
    return file ? [...checked.getSyntacticDiagnostics(file), ...checked.getSemanticDiagnostics(file)] : [];
  });
  for (const diagnostic of diagnostics) {
    if (IMPLICIT_ANY.has(diagnostic.code)) continue;
    const file = diagnostic.file;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const entry = file && files.get(file.fileName);
    if (!file || !entry || diagnostic.start === undefined) {
      // An error in the declaration itself (or the library) stops everything: report it plainly.
      if (!file || file.fileName === declarationPath || !file.fileName.includes('node_modules')) {
        problems.push({ file: file ? file.fileName : '(program)', line: 0, cell: '', message });
      }
      continue;
    }
    const line = file.getLineAndCharacterOfPosition(diagnostic.start).line;
    const span = entry.spans.find((s) => line >= s.start && line < s.end);
    if (span && !span.report) continue;
    problems.push({
      file: entry.lesson || (span && 'module' in span ? String(span.module) : '(examples)'),
      line: entry.lesson && span ? span.mdxLine + (line - span.start) : span ? line - span.start + 1 : 0,
      cell: span?.cell ?? '(between cells)',
      message,
    });
  }
  // The same line can fail in the page and in an exercise's program: say it once.
  const seen = new Set();
  const unique = problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  const cells = [...programs.values()].reduce((n, p) => n + p.spans.filter((s) => s.report).length, 0);
  return { problems: unique, cells, examples: withExamples.length };
}
