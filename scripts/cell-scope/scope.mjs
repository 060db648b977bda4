// @ts-check
/**
 * The cell scope, declared once. The kernel does `Object.assign(scope, library, helpers, { tf })`
 * (src/notebook/kernel/kernel.ts), so every value export of src/lib/index.ts and every helper of
 * src/notebook/kernel/helpers.ts is a global in a code cell. This module reads both with the
 * TypeScript compiler and gives:
 *
 * - `declaration`: a .d.ts declaring those globals (by reference to the real types, so it cannot
 *   drift from the code), against which `npm run check` type-checks every lesson cell;
 * - `entries`: each name with its signature and TSDoc (summary, params, returns, example), from
 *   which the site's API reference and the cell editor's completions are built.
 */
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LIBRARY = 'src/lib/index.ts';
export const HELPERS = 'src/notebook/kernel/helpers.ts';
/** Where the declaration lives (virtually: the checker hands it to TypeScript in memory). */
export const DECLARATION = 'src/notebook/scope/cell-scope.d.ts';

/** Compiler options shared by the scope reader and the cell checker. */
export function compilerOptions() {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    strict: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    // The library reads import.meta.env and imports `?worker&url`: Vite's client types declare both.
    types: ['vite/client'],
  };
}

const FLAGS =
  ts.TypeFormatFlags.NoTruncation |
  ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope |
  ts.TypeFormatFlags.WriteArrowStyleSignature;

/**
 * @typedef {{ name: string, doc: string }} ParamDoc
 * @typedef {{
 *   name: string,
 *   kind: 'function' | 'class' | 'constant' | 'namespace',
 *   from: 'library' | 'helpers',
 *   module: string,
 *   signatures: string[],
 *   summary: string,
 *   params: ParamDoc[],
 *   paramNames: string[],
 *   returns: string | null,
 *   returnsVoid: boolean,
 *   example: string | null,
 * }} ScopeEntry
 * @typedef {{ name: string, kind: 'function' | 'constant', signature: string }} TfMember
 */

/** @param {ts.SymbolDisplayPart[] | undefined} parts */
const text = (parts) => ts.displayPartsToString(parts ?? []).trim();

/**
 * Reads the scope from the sources under `root`.
 * @param {string} [root]
 * @param {ts.Program} [reuse] a program that already holds the library (saves a second parse)
 * @returns {{ declaration: string, entries: ScopeEntry[], tfMembers: TfMember[], program: ts.Program }}
 */
export function readScope(root = ROOT, reuse) {
  const library = join(root, LIBRARY);
  const helpers = join(root, HELPERS);
  const program = reuse ?? ts.createProgram([library, helpers], compilerOptions());
  const checker = program.getTypeChecker();

  /** @type {ScopeEntry[]} */
  const entries = [];
  const libraryFile = program.getSourceFile(library);
  if (!libraryFile) throw new Error(`${LIBRARY} is missing`);
  const librarySymbol = checker.getSymbolAtLocation(libraryFile);
  if (!librarySymbol) throw new Error(`${LIBRARY} is not a module`);
  const classes = [];
  for (const exported of checker.getExportsOfModule(librarySymbol)) {
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(target.flags & ts.SymbolFlags.Value)) continue;
    if (target.flags & ts.SymbolFlags.Class) classes.push(exported.name);
    entries.push(describe(checker, exported.name, target, 'library', root));
  }

  // The helpers are the properties of what createHelpers returns.
  const helpersFile = program.getSourceFile(helpers);
  const helpersModule = helpersFile && checker.getSymbolAtLocation(helpersFile);
  const create =
    helpersModule && checker.getExportsOfModule(helpersModule).find((s) => s.name === 'createHelpers');
  if (!create) throw new Error(`${HELPERS} exports no createHelpers`);
  const createType = checker.getTypeOfSymbol(create);
  const returned = checker.getReturnTypeOfSignature(createType.getCallSignatures()[0]);
  for (const property of returned.getProperties()) {
    const declaration = property.valueDeclaration;
    // `const sleep = ...` and `function show` both declare the helper inside createHelpers.
    const local =
      declaration && ts.isShorthandPropertyAssignment(declaration)
        ? checker.getShorthandAssignmentValueSymbol(declaration)
        : property;
    entries.push(
      describe(checker, property.name, local ?? property, 'helpers', root, checker.getTypeOfSymbol(property)),
    );
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));

  const lib = relative(dirname(join(root, DECLARATION)), library).replace(/\.ts$/, '');
  const help = relative(dirname(join(root, DECLARATION)), helpers).replace(/\.ts$/, '');
  const lines = [
    '// The names a code cell has in scope without importing: generated by scripts/cell-scope/scope.mjs',
    `// from ${LIBRARY} and ${HELPERS}. Do not edit.`,
    `import * as Library from '${lib}';`,
    `import type { Helpers } from '${help}';`,
    'declare global {',
    // `tf` is also a namespace, so a cell can write `as tf.Tensor`.
    '  export import tf = Library.tf;',
  ];
  for (const entry of entries) {
    if (entry.name === 'tf') continue;
    const source = entry.from === 'library' ? `typeof Library.${entry.name}` : `Helpers['${entry.name}']`;
    lines.push(`  const ${entry.name}: ${source};`);
    if (classes.includes(entry.name)) lines.push(`  type ${entry.name} = Library.${entry.name};`);
  }
  lines.push('}', 'export {};', '');

  // `tf.` completes to TensorFlow.js's own names (signatures only: tfjs documents itself).
  const tfSymbol = checker.getExportsOfModule(librarySymbol).find((s) => s.name === 'tf');
  const tfType = tfSymbol && checker.getTypeOfSymbol(tfSymbol);
  /** @type {TfMember[]} */
  const tfMembers = (tfType?.getProperties() ?? [])
    .filter((member) => !member.name.startsWith('_'))
    .map((member) => {
      const type = checker.getTypeOfSymbol(member);
      const call = type.getCallSignatures()[0];
      const signature = call
        ? checker.signatureToString(call, undefined, FLAGS, ts.SignatureKind.Call)
        : member.flags & ts.SymbolFlags.Class
          ? 'class'
          : checker.typeToString(type, undefined, FLAGS);
      // Long signatures (tfjs's generics) are cut for a tooltip; the API page links to tfjs's docs.
      /** @type {TfMember['kind']} */
      const kind = call ? 'function' : 'constant';
      return { name: member.name, kind, signature: signature.slice(0, 160) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { declaration: lines.join('\n'), entries, tfMembers, program };
}

/**
 * @param {ts.TypeChecker} checker
 * @param {string} name
 * @param {ts.Symbol} symbol
 * @param {'library' | 'helpers'} from
 * @param {string} root
 * @param {ts.Type} [typeOverride]
 * @returns {ScopeEntry}
 */
function describe(checker, name, symbol, from, root, typeOverride) {
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  const type = typeOverride ?? checker.getTypeOfSymbol(symbol);
  const isClass = Boolean(symbol.flags & ts.SymbolFlags.Class);
  const isNamespace = name === 'tf';
  const calls = isClass ? type.getConstructSignatures() : type.getCallSignatures();
  const kind = isNamespace ? 'namespace' : isClass ? 'class' : calls.length > 0 ? 'function' : 'constant';
  const signatures =
    kind === 'namespace'
      ? ['TensorFlow.js 4.22 (import * as tf from "@tensorflow/tfjs")']
      : kind === 'constant'
        ? [checker.typeToString(type, declaration, FLAGS)]
        : calls.map(
            (signature) =>
              (isClass ? 'new ' : '') +
              checker.signatureToString(signature, declaration, FLAGS, ts.SignatureKind.Call),
          );
  const tags = symbol.getJsDocTags(checker);
  const params = tags
    .filter((tag) => tag.name === 'param')
    .map((tag) => {
      const [first, ...rest] = tag.text ?? [];
      return { name: first?.text.trim() ?? '', doc: text(rest).replace(/^-\s*/, '') };
    });
  const returnsTag = tags.find((tag) => tag.name === 'returns' || tag.name === 'return');
  const exampleTag = tags.find((tag) => tag.name === 'example');
  const first = calls[0];
  const paramNames =
    kind === 'function' || kind === 'class' ? (first?.getParameters().map((p) => p.name) ?? []) : [];
  const returnType = kind === 'function' && first ? checker.getReturnTypeOfSignature(first) : null;
  const returnsVoid = returnType
    ? Boolean(returnType.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) ||
      checker.typeToString(returnType) === 'Promise<void>'
    : true;
  const file = declaration?.getSourceFile().fileName;
  return {
    name,
    kind,
    from,
    module: file ? relative(root, file).split('\\').join('/') : '',
    signatures,
    summary: text(symbol.getDocumentationComment(checker)),
    params,
    paramNames,
    returns: returnsTag ? text(returnsTag.text) : null,
    returnsVoid,
    example: exampleTag
      ? text(exampleTag.text)
          .replace(/^```\w*\n?|```$/g, '')
          .trim()
      : null,
  };
}

/**
 * What is missing from an entry's documentation, in words; empty when it is complete. A summary and
 * an example always; for a function or class, a param tag for every parameter, and a returns
 * tag unless it returns nothing.
 * @param {ScopeEntry} entry
 * @returns {string[]}
 */
export function missingDocs(entry) {
  if (entry.kind === 'namespace') return [];
  const missing = [];
  if (!entry.summary) missing.push('a summary');
  if (!entry.example) missing.push('an @example');
  const documented = new Set(entry.params.map((p) => p.name.replace(/^\[|\]$|=.*$/g, '').split('.')[0]));
  entry.paramNames.forEach((name, index) => {
    // A destructured parameter has no name (TypeScript calls it __0): any @param in its place will do.
    const ok = name.startsWith('__') ? entry.params.length > index : documented.has(name);
    if (!ok) missing.push(`@param ${name}`);
  });
  if (entry.kind === 'function' && !entry.returnsVoid && !entry.returns) missing.push('@returns');
  return missing;
}
