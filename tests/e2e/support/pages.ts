import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The folder the e2e server serves (playwright.config.ts builds into it). */
export const outDir = process.env.TL_OUT_DIR ?? 'dist';

/**
 * Every built HTML page as a URL path (`/lessons/notebook/`), read from the build so new lessons
 * are covered without listing them. `with404` adds the not-found page, which has no folder.
 */
export function builtPages({ with404 = false } = {}): string[] {
  const walk = (dir: string, prefix: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name === '_astro' || name === 'pagefind' || name === 'models') return [];
        return walk(path, `${prefix}/${name}`);
      }
      return name === 'index.html' ? [`${prefix}/`] : [];
    });
  const pages = walk(outDir, '');
  if (with404 && existsSync(join(outDir, '404.html'))) pages.push('/404.html');
  return pages;
}

/** The built HTML file behind a page path. */
export function builtFile(page: string): string {
  return join(outDir, page.endsWith('/') ? `${page}index.html` : page);
}
