/**
 * Completions and hover help in the cell editor, from the declared cell scope
 * (`virtual:cell-scope`, built from the library and the kernel helpers by scripts/cell-scope/).
 * The data loads on the first completion or hover, in its own chunk, after the editor itself.
 */
import type { Extension } from '@codemirror/state';
import { EditorState } from '@codemirror/state';
import { hoverTooltip } from '@codemirror/view';
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { ScopeEntry, TfMember } from '../../notebook/scope/entries';

interface ScopeData {
  entries: ScopeEntry[];
  tfMembers: TfMember[];
}

let data: Promise<ScopeData> | null = null;
const scopeData = (): Promise<ScopeData> => (data ??= import('virtual:cell-scope'));

const completionType = (kind: string): string => (kind === 'constant' ? 'constant' : kind);

function scopeOption(entry: ScopeEntry): Completion {
  return {
    label: entry.name,
    type: completionType(entry.kind),
    detail: entry.signatures[0]?.slice(0, 80),
    info: entry.summary || undefined,
  };
}

/** Names in scope after a word start; TensorFlow.js's own names after `tf.`. */
export async function cellCompletions(context: CompletionContext): Promise<CompletionResult | null> {
  const member = context.matchBefore(/\btf\.[\w$]*$/);
  if (member) {
    const { tfMembers } = await scopeData();
    return {
      from: member.from + 3,
      options: tfMembers.map((m) => ({ label: m.name, type: m.kind, detail: m.signature.slice(0, 80) })),
      validFor: /^[\w$]*$/,
    };
  }
  const word = context.matchBefore(/(?<![.\w$])[\w$]+$/);
  if (!word && !context.explicit) return null;
  const { entries } = await scopeData();
  return { from: word?.from ?? context.pos, options: entries.map(scopeOption), validFor: /^[\w$]*$/ };
}

function tooltipBody(signature: string, summary: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'tl-cell-hover';
  const code = document.createElement('code');
  code.textContent = signature;
  box.append(code);
  if (summary) {
    const text = document.createElement('p');
    text.textContent = summary;
    box.append(text);
  }
  return box;
}

const hover = hoverTooltip(async (view, pos) => {
  const line = view.state.doc.lineAt(pos);
  const at = pos - line.from;
  const before = /[\w$]*$/.exec(line.text.slice(0, at))![0];
  const after = /^[\w$]*/.exec(line.text.slice(at))![0];
  const name = before + after;
  if (!name) return null;
  const start = pos - before.length;
  const { entries, tfMembers } = await scopeData();
  const isMember = line.text.slice(0, start - line.from).endsWith('tf.');
  const found = isMember
    ? tfMembers.find((m) => m.name === name)
    : entries.find((entry) => entry.name === name);
  if (!found) return null;
  const signature =
    'signature' in found ? `tf.${name}: ${found.signature}` : `${name}: ${found.signatures[0] ?? ''}`;
  const summary = 'summary' in found ? found.summary : '';
  return {
    pos: start,
    end: start + name.length,
    above: true,
    create: () => ({ dom: tooltipBody(signature, summary) }),
  };
});

/** The editor extension: completion source (basicSetup shows it) and hover signatures. */
export function cellScopeHelp(): Extension {
  return [EditorState.languageData.of(() => [{ autocomplete: cellCompletions }]), hover];
}
