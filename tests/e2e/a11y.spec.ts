import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { builtPages } from './support/pages';
import { runCell } from './support/lesson';
import { COLOUR_RULES, seriousViolations } from './support/axe';

/**
 * Every page readers get (the not-found page too), as a reader opens it: it loads without a console
 * error or a failed request (the fixture checks both), and axe-core finds no serious or critical
 * violation in light or dark mode. The page list comes from the build, so a new lesson is checked
 * without being listed here; the harness pages under /lab/, left out of readers' builds, are not.
 */
type Theme = 'light' | 'dark';

/** The page's serious findings once Expressive Code has finished laying out its code blocks. */
async function pageViolations(page: Page, rules?: string[]) {
  // Expressive Code makes a code block that scrolls sideways focusable a moment after layout (a
  // resize observer, then an idle callback): check the page as the reader gets it, after that.
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.expressive-code pre')].every(
        (pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'),
      ),
    null,
    { timeout: 10_000 },
  );
  return seriousViolations(page, { rules });
}

/** Switches theme the way Starlight's picker does: the stored choice and the root attribute. */
async function useTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((choice) => {
    localStorage.setItem('starlight-theme', choice);
    document.documentElement.dataset.theme = choice;
  }, theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test.describe('accessibility (axe-core)', () => {
  for (const path of builtPages({ with404: true }).filter((path) => !path.startsWith('/lab/'))) {
    test(`${path} loads cleanly, with no serious or critical violation in light and dark mode`, async ({
      page,
    }) => {
      // The code cell API page lists every name with its example: axe needs most of a minute on it.
      test.setTimeout(300_000);
      await page.addInitScript(() => localStorage.setItem('starlight-theme', 'light'));
      await page.goto(path);
      await expect(page.locator('main')).toBeVisible();
      // Everything the page asks for arrives (the fixture fails the test on a failed request).
      await page.waitForLoadState('networkidle');
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
      expect(await pageViolations(page), 'light mode').toEqual([]);
      // Only colours change with the theme.
      await useTheme(page, 'dark');
      expect(await pageViolations(page, COLOUR_RULES), 'dark mode').toEqual([]);
    });
  }

  test('cell outputs (log, table, digits, chart, error) and editors pass in light and dark mode', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto('/lessons/notebook/?backend=wasm');
    for (const id of ['tensors', 'error', 'chart', 'digits']) {
      expect(await runCell(page, id), id).toBe(id === 'error' ? 'error' : 'done');
    }
    const outputs = page.locator('tl-code-cell .tl-cell__output');
    await expect(outputs.locator('.tl-out--table table').first()).toBeVisible();
    await expect(outputs.locator('.tl-out--chart svg').first()).toBeVisible();
    await expect(outputs.locator('.tl-out--error').first()).toBeVisible();
    await expect(outputs.locator('.tl-out--images canvas').first()).toBeVisible();
    await expect(page.locator('.cm-editor').first()).toBeVisible();
    await useTheme(page, 'light');
    expect(await pageViolations(page), 'light mode').toEqual([]);
    await useTheme(page, 'dark');
    expect(await pageViolations(page, COLOUR_RULES), 'dark mode').toEqual([]);
  });
});
