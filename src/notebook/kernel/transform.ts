/**
 * Turns the source of one code cell into a function the kernel can call, the way a notebook needs:
 *
 * - TypeScript is stripped by sucrase, which keeps every line where it was, so line numbers in
 *   errors still point at the reader's own code (we only add one header line, `LINE_OFFSET`).
 * - Top-level `const`/`let`/`var`, `function` and `class` declarations become properties of the
 *   kernel's shared scope object, so later cells see them (and running a cell twice is allowed,
 *   as in Jupyter).
 * - The body runs inside an `async` function, so `await` works at the top level.
 * - The value of a final expression statement is returned, so the cell can show it.
 *
 * Pure string work: nothing runs here (the kernel runs the result with `runSource`).
 */
import { parse, type Node, type Pattern, type Program } from 'acorn';
import { transform as sucrase } from 'sucrase';
import type { CellLanguage } from '../protocol';
import { errorMessage } from '../../lib/util/errors';

export type { CellLanguage };

/** Lines the wrapper adds above the reader's first line: subtract it from reported line numbers. */
export const LINE_OFFSET = 1;

/** The name of the shared scope parameter inside the wrapper (chosen so readers do not collide). */
export const SCOPE_NAME = '__cellScope';

export interface TransformedCell {
  /** A function expression `(async function (__cellScope) {...})`, for the kernel's `runSource`. */
  source: string;
  /** Top-level names this cell declares (they join the shared scope). */
  declared: string[];
  /** Whether the cell ends with an expression whose value the cell returns. */
  returnsValue: boolean;
}

/** A mistake found before running: the reader's line number (1-based) and a plain message. */
export class CellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

/** Strips TypeScript (or checks JavaScript) without moving any line. */
export function stripTypes(code: string, language: CellLanguage): string {
  try {
    return sucrase(code, {
      transforms: language === 'ts' ? ['typescript'] : [],
      disableESTransforms: true,
    }).code;
  } catch (error) {
    throw syntaxErrorFrom(error);
  }
}

export function transformCell(code: string, language: CellLanguage = 'ts'): TransformedCell {
  const js = stripTypes(code, language);
  const program = parseScript(js);
  const edits: Edit[] = [];
  const declared: string[] = [];
  const functions: string[] = [];

  for (const statement of program.body) {
    if (statement.type === 'VariableDeclaration') {
      // `const a = 1, {b} = o;` becomes `;( a = 1, {b} = o);`: an assignment to scope properties.
      edits.push({ at: statement.start, remove: statement.kind.length, insert: ';(' });
      for (const declarator of statement.declarations) {
        declared.push(...patternNames(declarator.id));
        if (!declarator.init) edits.push({ at: declarator.id.end, remove: 0, insert: ' = undefined' });
      }
      const endsWithSemicolon = js[statement.end - 1] === ';';
      edits.push(
        endsWithSemicolon
          ? { at: statement.end - 1, remove: 0, insert: ')' }
          : { at: statement.end, remove: 0, insert: ');' },
      );
    } else if (statement.type === 'FunctionDeclaration' && statement.id) {
      // Function declarations stay (they are hoisted); the header copies them into the scope.
      declared.push(statement.id.name);
      functions.push(statement.id.name);
    } else if (statement.type === 'ClassDeclaration' && statement.id) {
      declared.push(statement.id.name);
      edits.push({ at: statement.start, remove: 0, insert: `;${statement.id.name} = ` });
      edits.push({ at: statement.end, remove: 0, insert: ';' });
    }
  }

  const last = program.body.at(-1);
  const returnsValue = last?.type === 'ExpressionStatement';
  if (last && returnsValue) {
    edits.push({ at: last.start, remove: 0, insert: 'return (' });
    const end = js[last.end - 1] === ';' ? last.end - 1 : last.end;
    edits.push({ at: end, remove: 0, insert: ')' });
  }

  const body = applyEdits(js, edits);
  const copies = functions.map((name) => `${SCOPE_NAME}.${name} = ${name}; `).join('');
  // `with` puts the shared scope in front of the globals: earlier cells' names resolve there,
  // and assignments to declared names (pre-created by the kernel) land there too.
  const header = `(async function (${SCOPE_NAME}) { with (${SCOPE_NAME}) { ${copies}`;
  return { source: `${header}\n${body}\n}})`, declared: unique(declared), returnsValue };
}

/**
 * An exercise check: an expression (usually an arrow function) evaluated in the shared scope.
 * Returned as a wrapper like a cell's, whose value is the check function.
 */
export function transformCheck(code: string, language: CellLanguage = 'ts'): string {
  const js = stripTypes(code, language).trim().replace(/;$/, '');
  parseScript(`(${js})`);
  return `(async function (${SCOPE_NAME}) { with (${SCOPE_NAME}) {\nreturn (${js});\n}})`;
}

function parseScript(js: string): Program {
  try {
    return parse(js, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      locations: true,
    });
  } catch (error) {
    const syntax = syntaxErrorFrom(error);
    if (/'import' and 'export' may appear only/.test(syntax.message)) {
      throw new CellSyntaxError(
        'Cells cannot use import or export: the library, tf and the helpers (show, plot, table, digit, liveChart) are already in scope.',
        syntax.line,
      );
    }
    throw syntax;
  }
}

function syntaxErrorFrom(error: unknown): CellSyntaxError {
  const loc = (error as { loc?: { line?: number } }).loc;
  const raw = errorMessage(error);
  // Both parsers append "(line:column)"; the line goes in its own field, the message stays plain.
  const message = raw.replace(/\s*\(\d+:\d+\)\s*$/, '');
  return new CellSyntaxError(message, typeof loc?.line === 'number' ? loc.line : null);
}

function patternNames(pattern: Pattern | Node): string[] {
  const node = pattern as Pattern;
  switch (node.type) {
    case 'Identifier':
      return [node.name];
    case 'ObjectPattern':
      return node.properties.flatMap((property) =>
        property.type === 'RestElement' ? patternNames(property.argument) : patternNames(property.value),
      );
    case 'ArrayPattern':
      return node.elements.flatMap((element) => (element ? patternNames(element) : []));
    case 'RestElement':
      return patternNames(node.argument);
    case 'AssignmentPattern':
      return patternNames(node.left);
    default:
      return [];
  }
}

function applyEdits(source: string, edits: Edit[]): string {
  // Right to left, so earlier offsets stay valid; at equal offsets keep insertion order.
  const ordered = edits
    .map((edit, index) => ({ ...edit, index }))
    .sort((a, b) => b.at - a.at || b.index - a.index);
  let out = source;
  for (const edit of ordered) out = out.slice(0, edit.at) + edit.insert + out.slice(edit.at + edit.remove);
  return out;
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
