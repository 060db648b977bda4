import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
// The built site Playwright's server serves (playwright.config.ts).
import { outDir } from './pages';

/**
 * Records every JavaScript file a page loads, for the "JS before interaction" budgets. The handler
 * only notes the address (nothing asynchronous, nothing to lose); the files are then read from the
 * built site, and a file that is not there fails the test instead of counting as 0 bytes.
 */
export function watchScripts(page: Page) {
  const urls = new Set<string>();
  page.on('response', (response) => {
    const url = response.url();
    if (response.request().resourceType() === 'script' || /\.m?js(\?|$)/.test(url)) urls.add(url);
  });
  const text = (url: string): string => {
    const { origin, pathname } = new URL(url);
    if (origin !== new URL(page.url()).origin) throw new Error(`A script from another origin loaded: ${url}`);
    return readFileSync(join(outDir, decodeURIComponent(pathname)), 'utf8');
  };
  return {
    urls: () => [...urls],
    /** Each script's text, as built. */
    texts: () => [...urls].map(text),
    /** Each script's gzipped size in bytes, and the total. */
    gzipped(): { files: Map<string, number>; total: number } {
      const files = new Map([...urls].map((url) => [url, gzipSync(text(url)).length]));
      return { files, total: [...files.values()].reduce((sum, bytes) => sum + bytes, 0) };
    },
  };
}
