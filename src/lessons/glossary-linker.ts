/**
 * Links the first use of each glossary term on a lesson page to its glossary entry, at build time,
 * so lesson authors write plain prose. It runs as a rehype plugin on every MDX page (registered in
 * astro.config.mjs) and touches only lesson pages; it never links inside headings, code, existing
 * links, maths, SVG diagrams, table headers or component props (which are not text in the tree).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** What the linker needs from an entry: its id and the phrases that name it (or must not). */
export interface LinkTerm {
  id: string;
  term: string;
  forms?: readonly string[];
  avoid?: readonly string[];
}

export interface GlossaryLinkOptions {
  terms: readonly LinkTerm[];
  /** The entry's address, e.g. `/reference/glossary/#term-lora`. */
  href(id: string): string;
  /** Which pages get links (by source path); default: every page. */
  include?(path: string): boolean;
}

// A minimal hast: enough to walk what @mdx-js/mdx hands rehype plugins, without a dependency.
interface Node {
  type: string;
}
interface Text extends Node {
  type: 'text';
  value: string;
}
interface Parent extends Node {
  children: Node[];
}
interface Element extends Parent {
  type: 'element';
  tagName: string;
  properties?: Record<string, unknown>;
}
interface JsxElement extends Parent {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  attributes: { type: string; name?: string; value?: unknown }[];
}

/** Elements whose text is not prose a reader would look up. */
const SKIP_TAGS = new Set([
  'a',
  'code',
  'pre',
  'kbd',
  'samp',
  'var',
  'script',
  'style',
  'svg',
  'math',
  'button',
  'select',
  'textarea',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);
/** Rendered maths, highlighted code blocks and widgets that draw their own text. */
const SKIP_CLASSES = [
  'katex',
  'katex-display',
  'math-inline',
  'math-display',
  'expressive-code',
  'not-content',
];
/** Components whose children are not prose (their props never are: they are not text nodes). */
const SKIP_COMPONENTS = new Set(['CodeCell', 'Cite', 'FurtherReading', 'Quiz', 'Code']);

interface Matcher {
  pattern: RegExp;
  /** Normalised phrase -> entry id, or null for a phrase to leave alone. */
  targets: Map<string, string | null>;
}

const normalise = (phrase: string) => phrase.trim().replace(/\s+/g, ' ').toLowerCase();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One regular expression for every phrase of every term, longest first, so "in-context learning"
 * wins over "learning" and "head start" (an avoided phrase) over "head". A letter, digit or hyphen
 * on either side means the phrase is part of a longer word ("multi-head", "ahead"), not a use.
 */
export function compileMatcher(terms: readonly LinkTerm[]): Matcher {
  const targets = new Map<string, string | null>();
  for (const { id, term, forms = [], avoid = [] } of terms) {
    for (const form of [term, ...forms]) {
      const key = normalise(form);
      const owner = targets.get(key);
      if (owner !== undefined && owner !== id)
        throw new Error(`Glossary: "${form}" names both "${owner ?? 'an avoided phrase'}" and "${id}".`);
      targets.set(key, id);
    }
    for (const phrase of avoid) {
      const key = normalise(phrase);
      if (targets.get(key))
        throw new Error(`Glossary: "${phrase}" is both a form of "${targets.get(key)}" and avoided.`);
      targets.set(key, null);
    }
  }
  const alternatives = [...targets.keys()]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => escape(phrase).replace(/ /g, '\\s+'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_-])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_-])`, 'giu');
  return { pattern, targets };
}

const classesOf = (node: Element): string[] => {
  const value = node.properties?.className ?? node.properties?.class;
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(/\s+/) : [];
};

function isSkipped(node: Node): boolean {
  if (node.type === 'element') {
    const element = node as Element;
    return SKIP_TAGS.has(element.tagName) || classesOf(element).some((c) => SKIP_CLASSES.includes(c));
  }
  if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
    const { name, attributes } = node as JsxElement;
    if (name === null) return false;
    if (SKIP_TAGS.has(name) || SKIP_COMPONENTS.has(name)) return true;
    const className = attributes.find((a) => a.name === 'class' || a.name === 'className')?.value;
    return typeof className === 'string' && className.split(/\s+/).some((c) => SKIP_CLASSES.includes(c));
  }
  return false;
}

/** The glossary entry an existing link already points at, so the linker does not link it again. */
function linkedTerm(node: Node, hrefToId: Map<string, string>): string | undefined {
  let href: unknown;
  if (node.type === 'element' && (node as Element).tagName === 'a') href = (node as Element).properties?.href;
  else if (
    (node.type === 'mdxJsxTextElement' || node.type === 'mdxJsxFlowElement') &&
    (node as JsxElement).name === 'a'
  )
    href = (node as JsxElement).attributes.find((a) => a.name === 'href')?.value;
  return typeof href === 'string' ? hrefToId.get(href) : undefined;
}

/**
 * Adds the links to a tree in place, in document order, and returns the ids it linked. Exported
 * for the unit tests, which feed it hand-made trees.
 */
export function linkGlossaryTerms(tree: Node, options: GlossaryLinkOptions): string[] {
  const { pattern, targets } = compileMatcher(options.terms);
  const hrefToId = new Map(options.terms.map(({ id }) => [options.href(id), id]));
  const used = new Set<string>();
  const linked: string[] = [];

  const splitText = (text: Text): Node[] | null => {
    const pieces: Node[] = [];
    let last = 0;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text.value); match; match = pattern.exec(text.value)) {
      const id = targets.get(normalise(match[0]));
      if (!id || used.has(id)) continue;
      used.add(id);
      linked.push(id);
      if (match.index > last)
        pieces.push({ type: 'text', value: text.value.slice(last, match.index) } as Text);
      pieces.push({
        type: 'element',
        tagName: 'a',
        properties: { href: options.href(id), className: ['tl-term'], dataTerm: id },
        children: [{ type: 'text', value: match[0] } as Text],
      } as Element);
      last = match.index + match[0].length;
    }
    if (pieces.length === 0) return null;
    if (last < text.value.length) pieces.push({ type: 'text', value: text.value.slice(last) } as Text);
    return pieces;
  };

  const walk = (parent: Parent) => {
    for (let i = 0; i < parent.children.length; i++) {
      const child = parent.children[i]!;
      const already = linkedTerm(child, hrefToId);
      if (already) used.add(already);
      if (child.type === 'text') {
        const pieces = splitText(child as Text);
        if (pieces) {
          parent.children.splice(i, 1, ...pieces);
          i += pieces.length - 1;
        }
      } else if ('children' in child && !isSkipped(child)) {
        walk(child as Parent);
      }
    }
  };
  if ('children' in tree) walk(tree as Parent);
  return linked;
}

/** Reads every entry's id, term, forms and avoided phrases from the glossary folder. */
export function readGlossaryTerms(folder: string): LinkTerm[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const data = parse(readFileSync(join(folder, name), 'utf8')) as Partial<LinkTerm> | null;
      if (!data || typeof data.term !== 'string')
        throw new Error(`Glossary: ${join(folder, name)} needs a "term".`);
      return {
        id: name.slice(0, -'.yaml'.length),
        term: data.term,
        forms: data.forms ?? [],
        avoid: data.avoid ?? [],
      };
    });
}

/**
 * The rehype plugin. Terms are read once per build (restart `npm run dev` after editing the
 * glossary's forms; definitions reload on their own, through the content collection).
 */
export function rehypeGlossaryLinks(options: GlossaryLinkOptions) {
  return () => (tree: Node, file: { path?: string; history?: string[] }) => {
    const path = file.path ?? file.history?.[0] ?? '';
    if (options.include && !options.include(path)) return;
    linkGlossaryTerms(tree, options);
  };
}
