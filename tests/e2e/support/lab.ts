import type { Page } from '@playwright/test';
import type * as Library from '../../../src/lib';

// The bare lab page (src/lab/claims.astro) that claim tests run the library on.
declare global {
  interface Window {
    lab: typeof Library;
    loadLab(): Promise<boolean>;
  }
}

/** Opens the lab page and loads the whole library as `window.lab`. */
export async function openLab(page: Page): Promise<void> {
  await page.goto('/lab/claims/');
  await page.waitForFunction(() => 'labReady' in window);
  await page.evaluate(() => window.loadLab());
}

/** Opens the lab for a claim test, forwarding the page's `claim:` progress lines to the test log. */
export async function openLabForClaims(page: Page): Promise<void> {
  page.on('console', (message) => {
    if (message.text().startsWith('claim:')) console.log(message.text());
  });
  await openLab(page);
}
