import { chromium } from '@playwright/test';
import { test, expect, watchPage } from './support/fixtures';
import { chromiumArgs, chromiumPath } from './support/chromium';

test.describe('the backend module', () => {
  test('picks WebGPU when Chromium has it, and tfjs really runs on it', async ({ page }) => {
    await page.goto('/lessons/first-steps/');
    await expect(page.locator('tl-backend-indicator [data-role="summary"]')).toContainText(
      'Will run on WebGPU',
    );
    await page.getByRole('button', { name: /Multiply two/ }).click();
    const result = page.locator('tl-selftest [data-role="result"]');
    await expect(result).toContainText('Done on WebGPU', { timeout: 60_000 });
    await expect(result).toContainText('every entry equals 256');
    await expect(page.locator('tl-selftest')).toHaveAttribute('data-backend', 'webgpu');
    await expect(page.locator('tl-backend-indicator')).toHaveAttribute('data-active', 'webgpu');
    await expect(page.locator('tl-backend-indicator [data-role="summary"]')).toContainText(
      /Running on WebGPU - .*swiftshader/i,
    );
  });

  test('falls through to WebGL when the browser has no WebGPU adapter, and says why', async ({ baseURL }) => {
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: chromiumArgs({ webgpu: false }),
    });
    try {
      const page = await browser.newPage();
      const problems = watchPage(page, baseURL!);
      await page.goto(`${baseURL}/lessons/first-steps/`);
      await expect(page.locator('tl-backend-indicator [data-role="detail"]')).toContainText(
        'WebGPU unavailable',
      );
      await page.getByRole('button', { name: /Multiply two/ }).click();
      await expect(page.locator('tl-selftest [data-role="result"]')).toContainText('Done on WebGL', {
        timeout: 60_000,
      });
      await expect(page.locator('tl-selftest')).toHaveAttribute('data-backend', 'webgl');
      await expect(page.locator('tl-backend-indicator [data-role="detail"]')).toContainText(
        'WebGPU unavailable: no adapter',
      );
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.externalRequests).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  test('falls through to WebAssembly when the browser has neither WebGPU nor WebGL, and says why', async ({
    baseURL,
  }) => {
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: chromiumArgs({ webgpu: false }),
    });
    try {
      const page = await browser.newPage();
      // No WebGL either: every canvas refuses a WebGL context, as in a browser with WebGL turned off.
      await page.addInitScript(() => {
        for (const Canvas of [globalThis.HTMLCanvasElement, globalThis.OffscreenCanvas]) {
          if (!Canvas) continue;
          const original = Canvas.prototype.getContext as (this: unknown, ...args: unknown[]) => unknown;
          Canvas.prototype.getContext = function (this: unknown, kind: string, ...rest: unknown[]) {
            return /webgl/.test(kind) ? null : original.call(this, kind, ...rest);
          } as typeof Canvas.prototype.getContext;
        }
      });
      const problems = watchPage(page, baseURL!);
      await page.goto(`${baseURL}/lessons/first-steps/`);
      await expect(page.locator('tl-backend-indicator [data-role="summary"]')).toContainText(
        'Will run on WebAssembly',
      );
      await expect(page.locator('tl-backend-indicator [data-role="detail"]')).toContainText(
        'WebGL unavailable',
      );
      await page.getByRole('button', { name: /Multiply two/ }).click();
      const result = page.locator('tl-selftest [data-role="result"]');
      await expect(result).toContainText('Done on WebAssembly', { timeout: 60_000 });
      await expect(result).toContainText('every entry equals 256');
      await expect(page.locator('tl-selftest')).toHaveAttribute('data-backend', 'wasm');
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.externalRequests).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  test('obeys ?backend=cpu', async ({ page }) => {
    await page.goto('/lessons/first-steps/?backend=cpu');
    await page.getByRole('button', { name: /Multiply two/ }).click();
    await expect(page.locator('tl-selftest [data-role="result"]')).toContainText('Done on CPU', {
      timeout: 60_000,
    });
    await expect(page.locator('tl-selftest')).toHaveAttribute('data-backend', 'cpu');
  });

  test('lets the reader override the backend with the control, and remembers it', async ({ page }) => {
    await page.goto('/lessons/first-steps/');
    // Choosing reloads the page: let its lazy chunks finish first, or the reload aborts them and
    // the aborted requests read as failures.
    await page.waitForLoadState('networkidle');
    await page.getByLabel('Choose the backend').selectOption('webgl');
    await page.waitForURL(/backend=webgl/);
    await page.getByRole('button', { name: /Multiply two/ }).click();
    await expect(page.locator('tl-selftest')).toHaveAttribute('data-backend', 'webgl', { timeout: 60_000 });
    // Saved: a plain visit uses it too.
    await page.goto('/lessons/first-steps/');
    await expect(page.getByLabel('Choose the backend')).toHaveValue('webgl');
    await page.getByRole('button', { name: /Multiply two/ }).click();
    await expect(page.locator('tl-selftest')).toHaveAttribute('data-backend', 'webgl', { timeout: 60_000 });
  });
});
