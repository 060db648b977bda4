/**
 * The cell editor: CodeMirror 6 with highlighting, line numbers, bracket matching, undo and tab
 * indentation, and Shift+Enter / Ctrl+Enter (Cmd+Enter) to run. Loaded only when a reader
 * interacts with a cell.
 */
import { EditorView, basicSetup } from 'codemirror';
import { EditorState, Prec, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, keymap } from '@codemirror/view';
import { indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { cellScopeHelp } from './completions';

export interface EditorOptions {
  parent: HTMLElement;
  doc: string;
  typescript: boolean;
  readOnly: boolean;
  onRun(): void;
  onChange(code: string): void;
}

// Colours close to the build-time highlighting (github-dark), so the switch is not jarring.
const colours = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.operatorKeyword], color: '#ff7b72' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: '#a5d6ff' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: '#79c0ff' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: '#8b949e', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: '#d2a8ff' },
  { tag: [tags.typeName, tags.className, tags.namespace], color: '#ffa657' },
  { tag: [tags.definition(tags.variableName)], color: '#ffa657' },
  { tag: [tags.propertyName], color: '#79c0ff' },
]);

const theme = EditorView.theme(
  {
    '&': { backgroundColor: '#0d1117', color: '#e6edf3', fontSize: '0.85rem' },
    '.cm-content': { fontFamily: 'var(--__sl-font-mono, ui-monospace, monospace)', caretColor: '#e6edf3' },
    '.cm-gutters': { backgroundColor: '#0d1117', color: '#6e7681', border: 'none' },
    '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: '#161b2288' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
      backgroundColor: '#264f78',
    },
    '.cm-matchingBracket': { backgroundColor: '#3fb95040', outline: '1px solid #3fb950' },
    '.cm-error-line': { backgroundColor: '#f8514926' },
    '.tl-cell-hover': { maxWidth: '40rem', padding: '0.25rem 0.5rem', fontSize: '0.8rem' },
    '.tl-cell-hover p': { margin: '0.25rem 0 0' },
  },
  { dark: true },
);

const setErrorLine = StateEffect.define<number | null>();

/** Tints the line an error points at, until the next run or edit. */
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = transaction.docChanged ? Decoration.none : marks;
    for (const effect of transaction.effects) {
      if (!effect.is(setErrorLine)) continue;
      const line = effect.value;
      next =
        line === null || line < 1 || line > transaction.state.doc.lines
          ? Decoration.none
          : Decoration.set([
              Decoration.line({ class: 'cm-error-line' }).range(transaction.state.doc.line(line).from),
            ]);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export function markErrorLine(view: EditorView, line: number | null): void {
  view.dispatch({ effects: setErrorLine.of(line) });
}

export function createEditor(options: EditorOptions): EditorView {
  const run = () => {
    options.onRun();
    return true;
  };
  return new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        // Before basicSetup's keymap, so Shift+Enter runs instead of inserting a line.
        Prec.highest(
          keymap.of([
            { key: 'Shift-Enter', run },
            { key: 'Mod-Enter', run },
          ]),
        ),
        basicSetup,
        keymap.of([indentWithTab]),
        javascript({ typescript: options.typescript }),
        // Names in scope (the library, tf, the helpers): completions and hover signatures.
        cellScopeHelp(),
        syntaxHighlighting(colours),
        theme,
        EditorState.readOnly.of(options.readOnly),
        errorLine,
        // An explicit tab stop: axe does not count a bare contenteditable as the focusable content
        // that makes the editor's horizontally scrolling box reachable by keyboard.
        EditorView.contentAttributes.of({ 'aria-label': 'Cell code', tabindex: '0' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
}

export function setCode(view: EditorView, code: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
}
