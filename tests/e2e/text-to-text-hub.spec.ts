import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { startHubServer, type HubServer } from './support/hub-server';

// The Hub code path, offline: transformers.js downloads "Xenova/flan-t5-small" from a local server
// that serves the mini T5's files in the Hub's URL layout (see support/hub-server.ts).
let hub: HubServer;
test.beforeAll(async () => {
  hub = await startHubServer();
});
test.afterAll(async () => {
  await hub.close();
});
test.beforeEach(() => {
  hub.mode = 'normal';
});

const cacheEntry = (page: Page) =>
  page.locator('tl-prompt-playground [data-role="cache-list"] li[data-model="Xenova/flan-t5-small"]');

async function openHubModel(page: Page, { device = 'wasm', dtype = 'fp32' as string | null } = {}) {
  await page.goto(`/lessons/instruction-tuning/?textDevice=${device}&hub=${encodeURIComponent(hub.url)}`);
  const playground = page.locator('tl-prompt-playground');
  await playground.getByLabel('Model').selectOption('flan-t5-small');
  if (dtype) await playground.getByLabel('Weight format').selectOption(dtype);
  return playground;
}

/** Bytes the Hub server sent in full downloads (not the one-byte size checks), by file. */
function downloadedFiles(): Map<string, number> {
  const files = new Map<string, number>();
  for (const request of hub.requests) {
    const match = request.match(/^GET \/[^/]+\/[^/]+\/resolve\/[^/]+\/(\S+)$/);
    if (match) files.set(match[1], statSync(join(process.cwd(), 'public/models/mini-t5', match[1])).size);
  }
  return files;
}

async function confirmAndLoad(page: Page) {
  const playground = page.locator('tl-prompt-playground');
  await playground.getByRole('button', { name: 'Load model' }).click();
  await expect(playground).toHaveAttribute('data-size-checked', 'true');
  await playground.getByRole('button', { name: 'Download and load' }).click();
  return playground;
}

test.describe('downloading a Hub model (served locally)', () => {
  test('shows the size first, downloads with one progress figure, caches, and reloads from the cache', async ({
    page,
  }) => {
    const playground = await openHubModel(page);
    await playground.getByRole('button', { name: 'Load model' }).click();
    await expect(playground.locator('[data-role="size"]')).toContainText(/in fp32: 3\.\d MB in 6 files/);
    expect(hub.modelDownloads()).toEqual([]);
    await playground.getByRole('button', { name: 'Download and load' }).click();
    await expect(playground).toHaveAttribute('data-loaded', 'flan-t5-small', { timeout: 60_000 });
    expect(Number(await playground.getAttribute('data-progress'))).toBe(1);
    expect(hub.modelDownloads()).toHaveLength(2);
    await playground.getByLabel('Prompt', { exact: true }).fill('what is the plural of mouse ?');
    await playground.getByRole('button', { name: 'Generate' }).click();
    await expect(playground.locator('[data-role="output"]')).toHaveText('mice', { timeout: 60_000 });
    await expect(cacheEntry(page)).toContainText('6 files');

    // A new visit reads the model from the browser's cache: no model file is downloaded again.
    await openHubModel(page);
    await playground.getByRole('button', { name: 'Load model' }).click();
    await expect(playground.locator('[data-role="size"]')).toContainText('already in this browser');
    await playground.getByRole('button', { name: 'Download and load' }).click();
    await expect(playground).toHaveAttribute('data-loaded', 'flan-t5-small', { timeout: 60_000 });
    expect(hub.modelDownloads()).toHaveLength(2);

    await playground.locator('[data-role="cache-panel"] summary').click();
    await playground.getByRole('button', { name: 'Remove cached models' }).click();
    await expect(cacheEntry(page)).toHaveCount(0);
  });

  test('by default, the size shown is exactly what is downloaded, on WebGPU and on WebAssembly', async ({
    page,
  }) => {
    // No weight format chosen: the library decides it once (fp32 where WebGPU comes first, q8 on
    // WebAssembly) and the size check and the load use that same decision.
    for (const [device, dtype, model] of [
      ['auto', 'fp32', 'encoder_model.onnx'],
      ['wasm', 'q8', 'encoder_model_quantized.onnx'],
    ] as const) {
      hub.requests.length = 0;
      const playground = await openHubModel(page, { device, dtype: null });
      await playground.getByRole('button', { name: 'Load model' }).click();
      await expect(playground).toHaveAttribute('data-size-checked', 'true', { timeout: 30_000 });
      await expect(playground).toHaveAttribute('data-download-dtype', dtype);
      const plannedBytes = Number(await playground.getAttribute('data-download-bytes'));
      const plannedFiles = (await playground.getAttribute('data-download-files'))!.split(' ').sort();
      expect(plannedFiles).toContain(`onnx/${model}`);
      await playground.getByRole('button', { name: 'Download and load' }).click();
      await expect(playground).toHaveAttribute('data-loaded', 'flan-t5-small', { timeout: 60_000 });
      await expect(playground).toHaveAttribute('data-dtype', dtype);
      await expect(playground).toHaveAttribute('data-device', device === 'auto' ? 'webgpu' : 'wasm');
      const fetched = downloadedFiles();
      expect([...fetched.keys()].sort(), `${device}: files fetched`).toEqual(plannedFiles);
      expect(
        [...fetched.values()].reduce((a, b) => a + b, 0),
        `${device}: bytes fetched`,
      ).toBe(plannedBytes);
      await playground.locator('[data-role="cache-panel"] summary').click();
      await playground.getByRole('button', { name: 'Remove cached models' }).click();
      await expect(cacheEntry(page)).toHaveCount(0);
    }
  });

  test.describe('when a download goes wrong', () => {
    test.use({ allowedProblems: [/decoder_model_merged|protobuf|session|config\.json|404|Failed to load/i] });

    test('a truncated model file gives a clear error, leaves nothing in the cache, and Retry works', async ({
      page,
    }) => {
      hub.mode = 'truncated-model';
      const playground = await openHubModel(page);
      await confirmAndLoad(page);
      await expect(playground.locator('[data-role="error"]')).toBeVisible({ timeout: 60_000 });
      await expect(playground).toHaveAttribute('data-error', 'corrupt');
      await expect(playground.locator('[data-role="error-text"]')).toContainText('damaged or incomplete');
      // The damaged file never reached the cache (intact files that finished later may have).
      const cached = await page.evaluate(async () => {
        const cache = await caches.open('transformers-cache');
        return (await cache.keys()).map((request) => request.url);
      });
      expect(cached.filter((url) => url.includes('decoder_model_merged'))).toEqual([]);

      hub.mode = 'normal';
      await playground.getByRole('button', { name: 'Retry' }).click();
      await expect(playground).toHaveAttribute('data-loaded', 'flan-t5-small', { timeout: 60_000 });
      await expect(playground.locator('[data-role="error"]')).toBeHidden();
    });

    test('an HTML 404 page for config.json gives a clear error, and Retry works', async ({ page }) => {
      hub.mode = 'html-404-config';
      const playground = await openHubModel(page);
      await playground.getByRole('button', { name: 'Load model' }).click();
      await expect(playground).toHaveAttribute('data-error', 'not-found', { timeout: 30_000 });
      await expect(playground.locator('[data-role="error-text"]')).toContainText('has no file "config.json"');
      await expect(cacheEntry(page)).toHaveCount(0);

      hub.mode = 'normal';
      await playground.getByRole('button', { name: 'Retry' }).click();
      await expect(playground).toHaveAttribute('data-size-checked', 'true');
      await playground.getByRole('button', { name: 'Download and load' }).click();
      await expect(playground).toHaveAttribute('data-loaded', 'flan-t5-small', { timeout: 60_000 });
    });
  });
});
