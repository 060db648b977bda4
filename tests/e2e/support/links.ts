/**
 * The link walk over the built site: every link from one page of the site to another (a glossary
 * term, a citation, a lesson, a heading) must land on a page that exists and, when it names a
 * fragment, on an element with that id. Pure functions over HTML text, so a unit test can feed them
 * a broken case and see it caught (tests/unit/e2e-support/links.test.ts).
 */

export interface BuiltPage {
  /** Every id (and legacy `name`) an address's fragment can land on. */
  ids: Set<string>;
  /** Every href of an <a>, as written (entities decoded). */
  links: string[];
}

const decode = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** Reads ids and link targets out of a built page (Astro writes plain, double-quoted attributes). */
export function readPage(html: string): BuiltPage {
  const ids = new Set<string>();
  for (const match of html.matchAll(/<[a-zA-Z][^>]*?\s(?:id|name)="([^"]*)"/g)) ids.add(decode(match[1]!));
  const links: string[] = [];
  for (const match of html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)) links.push(decode(match[1]!));
  return { ids, links };
}

export interface BrokenLink {
  from: string;
  href: string;
  why: string;
}

/**
 * The links that do not resolve. `pages` maps each page's path (`/lessons/lora/`) to what it holds;
 * `fileExists` answers for non-page addresses (`/data/sentences.json`). External links (another
 * origin, mailto:) are not followed: tests have no network.
 */
export function brokenLinks(
  pages: ReadonlyMap<string, BuiltPage>,
  fileExists: (path: string) => boolean,
  /** Pages allowed to be missing for now (a planned lesson not merged yet); their links are not broken. */
  pending: (path: string) => boolean = () => false,
): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const [from, page] of pages) {
    for (const href of page.links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue;
      const url = new URL(href, `http://site${from}`);
      const fragment = decodeURIComponent(url.hash.slice(1));
      let path = decodeURIComponent(url.pathname);
      // Starlight's own "back to top" target is the page itself.
      if (fragment === '_top') continue;
      if (!pages.has(path) && !path.endsWith('/') && !/\.[a-z0-9]+$/i.test(path) && pages.has(`${path}/`))
        path = `${path}/`;
      const target = pages.get(path);
      if (!target) {
        if (!fileExists(path) && !pending(path)) broken.push({ from, href, why: 'no such page or file' });
        continue;
      }
      if (fragment && !target.ids.has(fragment))
        broken.push({ from, href, why: `no element with id "${fragment}"` });
    }
  }
  return broken;
}
