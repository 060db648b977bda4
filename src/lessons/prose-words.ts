/**
 * How many words of prose a lesson's MDX holds: what a reader reads, not what a reader runs. Code
 * cells, quizzes and other components (with every attribute, however many lines they span), fenced
 * code, inline code, maths, imports, exports and the frontmatter are left out; text between a
 * component's opening and closing tags (an <Aside>'s sentences) counts.
 */

/** Index just past the JSX element that opens at `start` (a `<Name` at the start of a line). */
function elementEnd(source: string, start: number): number {
  // Walk the opening tag, skipping quoted strings, {expressions} and `template literals`, until `>`.
  let depth = 0;
  let i = start + 1;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '`' || ((c === '"' || c === "'") && depth === 0)) {
      const close = source.indexOf(c, i + 1);
      i = close === -1 ? source.length : close + 1;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '>' && depth === 0) return i + 1;
    i++;
  }
  return source.length;
}

/** The MDX with everything that is not prose removed. */
export function proseOf(mdx: string): string {
  let text = mdx.replace(/^---\n[\s\S]*?\n---\n/, '');
  text = text.replace(/^```[\s\S]*?^```/gm, ' ');
  text = text.replace(/^(import|export) .*(\n(?![\n])[^\n]*)*?(?=\n\n|\n?$)/gm, ' ');
  // Components: an opening tag that starts a line. Self-closing ones go whole; for the others only
  // the tags go, and the text inside stays.
  let out = '';
  let i = 0;
  const tag = /^[ \t]*<\/?[A-Za-z]/gm;
  for (let match = tag.exec(text); match; match = tag.exec(text)) {
    if (match.index < i) continue;
    out += text.slice(i, match.index);
    i = elementEnd(text, match.index + match[0].length - 2);
    tag.lastIndex = i;
  }
  out += text.slice(i);
  return out
    .replace(/\$\$[\s\S]*?\$\$/g, ' ')
    .replace(/\$[^$\n]+\$/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/<[^>\n]*\/>/g, ' ')
    .replace(/<\/?[A-Za-z][^>\n]*>/g, ' ');
}

/** Words of prose: runs of non-space characters with at least one letter or digit. */
export function proseWordCount(mdx: string): number {
  return proseOf(mdx)
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}
