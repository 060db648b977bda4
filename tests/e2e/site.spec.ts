import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './support/fixtures';
import { outDir } from './support/pages';
import { watchScripts } from './support/scripts';

test.describe('the site', () => {
  test('serves the landing page with the course outline and a browser check', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'The lessons' })).toBeVisible();
    await expect(page.locator('.tl-lessons > li').first()).toBeVisible();
    await expect(page.locator('tl-browser-support')).toHaveAttribute('data-support', 'webgpu');
    await expect(page.locator('tl-browser-support')).toContainText('WebGPU');
  });

  // Every reader's page loading without a console error or a failed request: a11y.spec.ts, which
  // opens each one for axe-core.

  test('finds a lesson with the full-text search', async ({ page }) => {
    test.setTimeout(30_000);
    await page.goto('/');
    await page
      .getByRole('button', { name: /search/i })
      .first()
      .click();
    await page
      .getByRole('dialog', { name: 'Search' })
      .getByRole('textbox', { name: 'Search' })
      .fill('matrices');
    // Several lessons mention matrices (LoRA ranks them first); First steps must be among the results.
    await expect(page.locator('.pagefind-ui__result-link', { hasText: 'First steps' })).toBeVisible();
  });

  // Lessons with code cells and widgets are measured too: no editor, kernel or tfjs before use.
  for (const lesson of [
    '/lessons/first-steps/',
    '/lessons/notebook/',
    '/lessons/what-is-transfer-learning/',
    '/lessons/transfer-workflow/',
    '/lessons/language-models/',
    '/lessons/instruction-tuning/',
    '/lessons/prompting-or-fine-tuning/',
  ]) {
    test(`keeps ${lesson} under 60 KB of JavaScript before interaction`, async ({ page }) => {
      const scripts = watchScripts(page);
      await page.goto(lesson);
      await page.waitForLoadState('networkidle');
      const { files: jsBytes, total } = scripts.gzipped();
      expect(jsBytes.size, 'a lesson page loads some JavaScript (its cells and widgets)').toBeGreaterThan(0);
      console.log(
        `JavaScript loaded by ${lesson} before interaction: ${(total / 1024).toFixed(1)} KB gzipped in ${jsBytes.size} files`,
      );
      expect([...jsBytes.keys()].filter((url) => /tfjs|tensorflow|transformers|onnx/i.test(url))).toEqual([]);
      expect(total).toBeLessThan(60 * 1024);
      // The same files are in the build; make sure none of them is a tfjs chunk by content either.
      for (const url of jsBytes.keys()) {
        const file = join(outDir, new URL(url).pathname);
        expect(readFileSync(file, 'utf8')).not.toContain('tfjs-core');
      }
    });
  }
});
