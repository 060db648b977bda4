import { describe, expect, it } from 'vitest';
import { brokenLinks, readPage } from '../../e2e/support/links';

// Hand-written pages and the links a reader would follow; the expected broken ones are worked out
// by hand, so the link walk in tests/e2e/links.spec.ts is known to fail on a real broken link.
const site = new Map([
  [
    '/lessons/lora/',
    readPage(`<main><h2 id="summary">Summary</h2>
      <p><a href="/reference/glossary/#term-lora" class="tl-term">LoRA</a>,
      <a href="/reference/glossary/#term-no-such-term">typo</a>,
      <a href="/reference/references/#ref-hu2021">Hu et al.</a>,
      <a href="/lessons/not-merged/">lesson 9</a>, <a href="#summary">up</a>, <a href="#missing">down</a>,
      <a href="/reference/glossary">no slash</a>, <a href="/data/sentences.json">data</a>,
      <a href="https://arxiv.org/abs/2106.09685">arXiv</a>, <a href="#_top">top</a>,
      <a href="/reference/references/?q=1&amp;x=2#ref-hu2021">query</a></p></main>`),
  ],
  ['/reference/glossary/', readPage('<dl><dt id="term-lora">LoRA</dt></dl>')],
  ['/reference/references/', readPage('<li id="ref-hu2021">Hu et al. 2021</li>')],
]);

describe('the link walk', () => {
  it('reads ids and hrefs out of built HTML', () => {
    const page = readPage(
      '<h2 id="a&amp;b">x</h2><a name="old"></a><a class="x" href="/p/?a=1&amp;b=2#f">y</a>',
    );
    expect([...page.ids]).toEqual(['a&b', 'old']);
    expect(page.links).toEqual(['/p/?a=1&b=2#f']);
  });

  it('reports a missing fragment, a missing page and a missing file, and nothing else', () => {
    const files = new Set(['/data/sentences.json']);
    expect(brokenLinks(site, (path) => files.has(path))).toEqual([
      {
        from: '/lessons/lora/',
        href: '/reference/glossary/#term-no-such-term',
        why: 'no element with id "term-no-such-term"',
      },
      { from: '/lessons/lora/', href: '/lessons/not-merged/', why: 'no such page or file' },
      { from: '/lessons/lora/', href: '#missing', why: 'no element with id "missing"' },
    ]);
    expect(brokenLinks(site, () => false).map((b) => b.href)).toContain('/data/sentences.json');
    // A page allowed to be missing for now (a planned lesson) is not broken; its fragments are not checked.
    expect(
      brokenLinks(
        site,
        (path) => files.has(path),
        (path) => path === '/lessons/not-merged/',
      ).map((b) => b.href),
    ).toEqual(['/reference/glossary/#term-no-such-term', '#missing']);
  });
});
