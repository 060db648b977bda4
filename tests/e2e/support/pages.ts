import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The folder the e2e server serves (playwright.config.ts builds into it). */
export const outDir = process.env.TL_OUT_DIR ?? 'dist';

/** Astro's page for a moved URL: a bare `<meta http-equiv="refresh">` that leaves at once. */
function isRedirect(file: string): boolean {
  return /<meta http-equiv="refresh"/.test(readFileSync(file, 'utf8'));
}

/**
 * Every built HTML page as a URL path (`/lessons/notebook/`), read from the build so new lessons
 * are covered without listing them. `with404` adds the not-found page, which has no folder;
 * `withRedirects` keeps the pages that only send the reader on (left out by default: they have no
 * content to check, and they navigate away while a check runs).
 */
export function builtPages({ with404 = false, withRedirects = false } = {}): string[] {
  const walk = (dir: string, prefix: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name === '_astro' || name === 'pagefind' || name === 'models') return [];
        return walk(path, `${prefix}/${name}`);
      }
      if (name !== 'index.html' || (!withRedirects && isRedirect(path))) return [];
      return [`${prefix}/`];
    });
  const pages = walk(outDir, '');
  if (with404 && existsSync(join(outDir, '404.html'))) pages.push('/404.html');
  return pages;
}

/** The built HTML file behind a page path. */
export function builtFile(page: string): string {
  return join(outDir, page.endsWith('/') ? `${page}index.html` : page);
}
