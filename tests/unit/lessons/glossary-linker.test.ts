import { describe, expect, it } from 'vitest';
import { compileMatcher, linkGlossaryTerms, type LinkTerm } from '../../../src/lessons/glossary-linker';

// Hand-made hast trees, the shape @mdx-js/mdx hands rehype plugins, and hand-written expectations:
// which words become links, in which order, and what the text around them still says.
type AnyNode = {
  type: string;
  value?: string;
  tagName?: string;
  children?: AnyNode[];
  [key: string]: unknown;
};
const text = (value: string): AnyNode => ({ type: 'text', value });
const el = (tagName: string, children: AnyNode[], properties: Record<string, unknown> = {}): AnyNode => ({
  type: 'element',
  tagName,
  properties,
  children,
});
const jsx = (
  name: string,
  children: AnyNode[],
  attributes: { name: string; value: unknown }[] = [],
): AnyNode => ({
  type: 'mdxJsxFlowElement',
  name,
  attributes: attributes.map((a) => ({ type: 'mdxJsxAttribute', ...a })),
  children,
});
const root = (...children: AnyNode[]): AnyNode => ({ type: 'root', children });

const TERMS: LinkTerm[] = [
  { id: 'fine-tuning', term: 'fine-tuning', forms: ['fine-tune', 'fine-tuned', 'fine-tunes'] },
  { id: 'head', term: 'head', forms: ['heads'], avoid: ['head start'] },
  { id: 'transfer-learning', term: 'transfer learning' },
  { id: 'in-context-learning', term: 'in-context learning' },
  { id: 'lora', term: 'LoRA' },
  { id: 'encoder', term: 'encoder', forms: ['encoders'] },
  { id: 'encoder-decoder', term: 'encoder-decoder' },
];
const options = { terms: TERMS, href: (id: string) => `/g/#${id}` };

/** The tree back as text, with links written [text](id), so expectations read like the page. */
function render(node: AnyNode): string {
  if (node.type === 'text') return node.value ?? '';
  const inner = (node.children ?? []).map(render).join('');
  if (node.type === 'element' && node.tagName === 'a') {
    const href = String((node.properties as { href?: string }).href);
    return href.startsWith('/g/#') ? `[${inner}](${href.slice(4)})` : `<a>${inner}</a>`;
  }
  return inner;
}

function link(tree: AnyNode): { ids: string[]; page: string } {
  const ids = linkGlossaryTerms(tree, options);
  return { ids, page: render(tree) };
}

describe('the glossary linker', () => {
  it('links only the first use of each term on a page', () => {
    const { ids, page } = link(
      root(
        el('p', [text('We fine-tune the model. Later we fine-tune it again.')]),
        el('p', [text('fine-tuning works; LoRA too, and LoRA is cheap.')]),
      ),
    );
    expect(ids).toEqual(['fine-tuning', 'lora']);
    expect(page).toBe(
      'We [fine-tune](fine-tuning) the model. Later we fine-tune it again.fine-tuning works; [LoRA](lora) too, and LoRA is cheap.',
    );
  });

  it('matches any case and the listed inflections, but not parts of longer words', () => {
    const { page } = link(
      root(
        el('p', [text('Fine-Tuned weights. A multi-head layer, ahead of its heads, and lora-like names.')]),
      ),
    );
    // "multi-head" and "ahead" contain "head" but are not uses; "heads" is; "lora-like" is one word.
    expect(page).toBe(
      '[Fine-Tuned](fine-tuning) weights. A multi-head layer, ahead of its [heads](head), and lora-like names.',
    );
  });

  it('prefers the longest phrase, and avoided phrases neither link nor use up the term', () => {
    const { page } = link(
      root(
        el('p', [
          text(
            'A head start, then in-context learning and transfer\nlearning; an encoder-decoder has an encoder; the head.',
          ),
        ]),
      ),
    );
    expect(page).toBe(
      'A head start, then [in-context learning](in-context-learning) and [transfer\nlearning](transfer-learning); an [encoder-decoder](encoder-decoder) has an [encoder](encoder); the [head](head).',
    );
  });

  it('never links inside headings, code, existing links, maths, SVG or table headers', () => {
    const { ids, page } = link(
      root(
        el('h2', [text('Fine-tuning')]),
        el('p', [
          el('code', [text('fine-tune()')]),
          text(' and '),
          el('a', [text('LoRA')], { href: '/lessons/lora/' }),
        ]),
        el('span', [text('head')], { className: ['katex'] }),
        el('svg', [el('text', [text('encoder')])]),
        el('table', [el('tr', [el('th', [text('head')]), el('td', [text('encoder')])])]),
        el('p', [text('Now fine-tuning and LoRA and the head.')]),
      ),
    );
    expect(ids).toEqual(['encoder', 'fine-tuning', 'lora', 'head']);
    expect(page).toBe(
      'Fine-tuningfine-tune() and <a>LoRA</a>headencoderhead[encoder](encoder)Now [fine-tuning](fine-tuning) and [LoRA](lora) and the [head](head).',
    );
  });

  it('descends into prose components but skips code cells and citation components', () => {
    const { ids } = link(
      root(
        jsx('CodeCell', [text('fine-tune')], [{ name: 'code', value: 'fine-tune(model)' }]),
        jsx('Aside', [el('p', [text('LoRA in an aside')])]),
        jsx('pre', [text('encoder')]),
      ),
    );
    expect(ids).toEqual(['lora']);
  });

  it('counts a link the author already wrote to an entry as its first use', () => {
    const { ids, page } = link(
      root(el('p', [el('a', [text('LoRA')], { href: '/g/#lora' }), text(': LoRA again.')])),
    );
    expect(ids).toEqual([]);
    expect(page).toBe('[LoRA](lora): LoRA again.');
  });

  it('refuses a phrase claimed by two entries, or by an entry and its avoid list', () => {
    expect(() => compileMatcher([...TERMS, { id: 'other', term: 'LoRA' }])).toThrow(
      /"LoRA" names both "lora" and "other"/,
    );
    expect(() => compileMatcher([{ id: 'x', term: 'head', avoid: ['head'] }])).toThrow(
      /both a form of "x" and avoided/,
    );
  });
});
