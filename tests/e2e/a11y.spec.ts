import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { builtPages } from './support/pages';
import { runCell } from './support/lesson';

/**
 * axe-core on every built page, in light and dark mode: no serious or critical violation. The
 * experimental Label-in-Name rule is switched on, since the search button once failed it. The
 * page list comes from the build, so a new lesson is checked without being listed here.
 */
type Theme = 'light' | 'dark';

interface Finding {
  rule: string;
  impact: string;
  targets: string[];
}

async function seriousViolations(page: Page, rules?: string[]): Promise<Finding[]> {
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
  let builder = new AxeBuilder({ page }).options({
    rules: { 'label-content-name-mismatch': { enabled: true } },
    // Only violations are read below; axe then skips listing every node that passed.
    resultTypes: ['violations'],
  });
  if (rules) builder = builder.withRules(rules);
  const { violations } = await builder.analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
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
  for (const path of builtPages({ with404: true })) {
    test(`${path} has no serious or critical violation in light and dark mode`, async ({ page }) => {
      // The code cell API page lists every name with its example: axe needs a minute or more on it.
      test.setTimeout(300_000);
      await page.addInitScript(() => localStorage.setItem('starlight-theme', 'light'));
      await page.goto(path);
      // The lab pages (bench results, claims) are bare pages without Starlight's themes.
      const themed = await page.evaluate(() => 'StarlightThemeProvider' in window);
      if (themed) await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
      expect(await seriousViolations(page), 'light mode').toEqual([]);
      if (!themed) return;
      // Only colours change with the theme, so dark mode needs only the contrast rule.
      await useTheme(page, 'dark');
      expect(await seriousViolations(page, ['color-contrast']), 'dark mode').toEqual([]);
    });
  }

  test('cell outputs (log, table, digits, chart, error) and editors pass in light and dark mode', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto('/lessons/notebook/?backend=webgl');
    for (const id of ['tensors', 'error', 'chart', 'digits']) {
      expect(await runCell(page, id), id).toBe(id === 'error' ? 'error' : 'done');
    }
    const outputs = page.locator('tl-code-cell .tl-cell__output');
    await expect(outputs.locator('.tl-out--table table').first()).toBeVisible();
    await expect(outputs.locator('.tl-out--chart svg').first()).toBeVisible();
    await expect(outputs.locator('.tl-out--error').first()).toBeVisible();
    await expect(outputs.locator('.tl-out--images canvas').first()).toBeVisible();
    await expect(page.locator('.cm-editor').first()).toBeVisible();
    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      expect(await seriousViolations(page), `${theme} mode`).toEqual([]);
    }
  });
});
