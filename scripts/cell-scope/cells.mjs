// @ts-check
/**
 * The code cells of a lesson, read from its MDX the way CodeCell.astro receives them: the `code`,
 * `solution` and `check` props of each `<CodeCell>`, in page order, with the MDX line each starts on
 * (so a type error can name the lesson's own line).
 */
import ts from 'typescript';

/**
 * @typedef {{ text: string, line: number }} Prop  text as the cell gets it; line: its first line in the MDX (1-based)
 * @typedef {{ id: string | null, index: number, line: number, lang: 'ts' | 'js', code: Prop, solution: Prop | null, check: Prop | null, fails: boolean }} LessonCell
 */

/**
 * The value of a JSX-like attribute `name={`...`}` or `name="..."` inside one element's source.
 * @param {string} element
 * @param {string} name
 * @returns {{ text: string, offset: number } | null} offset: where the value's text starts in `element`
 */
function attribute(element, name) {
  const start = new RegExp(`(?:^|\\s)${name}=(\\{\`|"|\\{')`).exec(element);
  if (!start) return null;
  const open = start.index + start[0].length;
  const quote = start[1] === '"' ? '"' : start[1] === "{'" ? "'" : '`';
  let end = open;
  while (end < element.length && element[end] !== quote) end += element[end] === '\\' ? 2 : 1;
  const raw = element.slice(open, end);
  // Cook the literal as JavaScript would (`\${` -> `${`, `\\` -> `\`), with TypeScript's scanner.
  const literal = ts.createSourceFile(
    'x.ts',
    `(\`${quote === '`' ? raw : raw.replace(/`/g, '\\`')}\`)`,
    ts.ScriptTarget.Latest,
  );
  const statement = literal.statements[0];
  const expression = statement && ts.isExpressionStatement(statement) ? statement.expression : null;
  const inner = expression && ts.isParenthesizedExpression(expression) ? expression.expression : null;
  // A substitution (`${smallest.rank}`) is a value the lesson fills in at build time: check the cell
  // with a value of unknown type in its place, on the same line.
  const cooked = !inner
    ? raw
    : ts.isNoSubstitutionTemplateLiteral(inner)
      ? inner.text
      : ts.isTemplateExpression(inner)
        ? inner.head.text +
          inner.templateSpans.map((span) => '(undefined as any)' + span.literal.text).join('')
        : raw;
  return { text: cooked, offset: open };
}

/** @param {string} text @param {number} offset */
const lineAt = (text, offset) => text.slice(0, offset).split('\n').length;

/**
 * Every `<CodeCell ... />` of a lesson, in page order. Fenced code blocks (prose about code) are skipped.
 * @param {string} mdx
 * @returns {LessonCell[]}
 */
export function lessonCells(mdx) {
  // Blank out fenced blocks (keeping offsets) so a CodeCell shown as an example is not read as one.
  const source = mdx.replace(/^(```|~~~)[\s\S]*?^\1/gm, (block) => block.replace(/[^\n]/g, ' '));
  /** @type {LessonCell[]} */
  const cells = [];
  const open = /<CodeCell\b/g;
  for (let match = open.exec(source); match; match = open.exec(source)) {
    const start = match.index;
    // The element ends at the first `/>` outside a quoted or template value.
    let at = start + match[0].length;
    /** @type {string | null} */
    let quote = null;
    while (at < source.length) {
      const char = source[at];
      if (quote) {
        if (char === '\\') at++;
        else if (char === quote) quote = null;
      } else if (char === '`' || char === '"' || char === "'") quote = char;
      else if (char === '/' && source[at + 1] === '>') break;
      at++;
    }
    const element = source.slice(start, at);
    const prop = (/** @type {string} */ name) => {
      const found = attribute(element, name);
      return found ? { text: found.text, line: lineAt(source, start + found.offset) } : null;
    };
    const code = prop('code');
    if (!code) throw new Error(`A CodeCell on line ${lineAt(source, start)} has no code={\`...\`}.`);
    cells.push({
      id: attribute(element, 'id')?.text ?? null,
      index: cells.length,
      line: lineAt(source, start),
      lang: /\slang="js"/.test(element) ? 'js' : 'ts',
      code,
      solution: prop('solution'),
      check: prop('check'),
      fails: /\sfails(\s|=|$)/.test(element),
    });
  }
  return cells;
}
