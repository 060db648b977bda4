import { gzipSync } from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures';

/** A configuration small enough for SwiftShader: a few hundred transfer images, one or two epochs. */
interface Small {
  hidden?: number;
  perDigit?: string;
  epochs?: number;
  testPerDigit?: string;
  largeBatch?: string;
  runs?: number;
  seed?: number;
}

async function configure(demo: Locator, small: Small = {}): Promise<void> {
  await demo.locator('select[name="student"]').selectOption(`mlp:${small.hidden ?? 8}`);
  await demo.locator('select[name="transferPerClass"]').selectOption(small.perDigit ?? '50');
  await demo.locator('input[name="epochs"]').fill(String(small.epochs ?? 2));
  await demo.locator('input[name="seed"]').fill(String(small.seed ?? 7));
  const details = demo.locator('details');
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) {
    await details.locator('summary').click();
  }
  await demo.locator('select[name="testPerClass"]').selectOption(small.testPerDigit ?? '20');
  await demo.locator('select[name="largeBatch"]').selectOption(small.largeBatch ?? '64');
  await demo.locator('input[name="latencyRuns"]').fill(String(small.runs ?? 2));
}

async function runToCompletion(demo: Locator, timeout = 60_000): Promise<void> {
  await demo.getByRole('button', { name: 'Start' }).click();
  await expect(demo).toHaveAttribute('data-state', 'running');
  await expect(demo).toHaveAttribute('data-state', 'done', { timeout });
}

interface Row {
  model: string;
  accuracy: number;
  errors: number;
  count: number;
  params: number;
  kilobytes: number;
  latency: { batchSize: number; msPerImage: number }[];
  speedUp: number[];
  agreement: number;
}

async function readTable(demo: Locator): Promise<Record<string, Row>> {
  const rows = await demo.locator('table[data-role="table"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const d = (tr as HTMLElement).dataset;
      return {
        model: d.model!,
        accuracy: Number(d.accuracy),
        errors: Number(d.errors),
        count: Number(d.count),
        params: Number(d.params),
        kilobytes: Number(d.kilobytes),
        latency: JSON.parse(d.latency!) as Row['latency'],
        speedUp: JSON.parse(d.speedUp!) as number[],
        agreement: Number(d.agreement),
      };
    }),
  );
  return Object.fromEntries(rows.map((row) => [row.model, row]));
}

function demoOn(page: Page): Locator {
  return page.locator('tl-distillation');
}

test.describe('the distillation demo', () => {
  test('ships no ML code before the reader presses Start', async ({ page }) => {
    const jsBytes = new Map<string, number>();
    page.on('response', async (response) => {
      if (!/\.m?js(\?|$)/.test(response.url())) return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      jsBytes.set(response.url(), gzipSync(body).length);
    });
    await page.goto('/lessons/distillation/');
    await page.waitForLoadState('networkidle');
    await expect(demoOn(page)).toHaveAttribute('data-state', 'idle');
    const total = [...jsBytes.values()].reduce((sum, bytes) => sum + bytes, 0);
    expect(total, 'gzipped JavaScript before interaction').toBeLessThan(60 * 1024);
    const bodies = await Promise.all(
      [...jsBytes.keys()].map((url) => page.request.get(url).then((r) => r.text())),
    );
    for (const body of bodies) expect(body).not.toContain('tfjs-core');
  });

  test('runs a small experiment to completion, fills the table with consistent numbers, and leaks no tensors on a second run', async ({
    page,
  }) => {
    await page.goto('/lessons/distillation/?backend=webgl');
    const demo = demoOn(page);
    await configure(demo);
    await runToCompletion(demo);
    await expect(demo).toHaveAttribute('data-backend', 'webgl');
    await expect(demo.locator('[data-role="backend"]')).toContainText('Running on WebGL');

    const table = await readTable(demo);
    expect(Object.keys(table).sort()).toEqual(['alone', 'distilled', 'teacher']);
    for (const row of Object.values(table)) {
      expect(row.count, row.model).toBe(200);
      expect(row.accuracy, row.model).toBeGreaterThan(0);
      expect(row.errors, row.model).toBe(Math.round((1 - row.accuracy) * row.count));
      expect(row.latency.map((point) => point.batchSize)).toEqual([1, 64]);
      for (const point of row.latency) expect(point.msPerImage, `${row.model} latency`).toBeGreaterThan(0);
      expect(row.kilobytes, row.model).toBeGreaterThan(0);
      expect(row.agreement).toBeGreaterThanOrEqual(0);
      expect(row.agreement).toBeLessThanOrEqual(1);
    }
    expect(table.teacher!.accuracy).toBeGreaterThan(0.9);
    expect(table.teacher!.agreement).toBe(1);
    expect(table.distilled!.params).toBe(table.alone!.params);
    expect(table.distilled!.params).toBeLessThan(table.teacher!.params);
    expect(table.distilled!.kilobytes).toBeLessThan(table.teacher!.kilobytes);
    for (const [i, ratio] of table.distilled!.speedUp.entries()) {
      const expected = table.teacher!.latency[i]!.msPerImage / table.distilled!.latency[i]!.msPerImage;
      expect(ratio).toBeCloseTo(expected, 6);
    }
    // The visible text matches the numbers behind it.
    await expect(demo.locator('tr[data-model="distilled"] td').nth(1)).toHaveText(
      String(table.distilled!.errors),
    );
    await expect(demo.locator('[data-role="summary"]')).toContainText(
      `The distilled student made ${table.distilled!.errors} errors, the student alone ${table.alone!.errors}`,
    );

    // Both learning curves, three confusion matrices, the dark-knowledge chart.
    await expect(demo.locator('[data-role="curves"] svg').first()).toBeVisible();
    await expect(demo.locator('[data-role="curves"]')).toContainText('distilled student');
    await expect(demo.locator('[data-role="confusion"] [data-model]')).toHaveCount(3);
    await expect(demo.locator('[data-role="confusion"] [data-model="distilled"] svg').first()).toBeVisible();
    await expect(demo.locator('[data-role="dark"]')).toContainText('teacher, T = 1');
    await expect(demo).toHaveAttribute('data-digit', /\d+/);

    // The distilled student can be taken away: downloaded as tfjs files, and kept for code cells.
    const download = page.waitForEvent('download');
    await demo.getByRole('button', { name: 'Download the distilled student' }).click();
    expect((await download).suggestedFilename()).toMatch(/^distilled-student\.(json|weights\.bin)$/);
    await demo.getByRole('button', { name: 'Keep it in this browser' }).click();
    await expect(demo.locator('[data-role="saved"]')).toContainText(
      "tf.loadLayersModel('indexeddb://distilled-student')",
    );

    // A second run frees the first run's students before making its own: the tensor count is unchanged.
    const afterFirst = Number(await demo.getAttribute('data-tensors'));
    expect(afterFirst).toBeGreaterThan(0);
    await configure(demo, { epochs: 1, seed: 8 });
    await runToCompletion(demo);
    expect(Number(await demo.getAttribute('data-tensors'))).toBe(afterFirst);
  });

  test('stops mid-run and leaves a clean demo that runs again', async ({ page }) => {
    await page.goto('/lessons/distillation/?backend=webgl');
    const demo = demoOn(page);
    await configure(demo, { epochs: 40, perDigit: '100' });
    await demo.getByRole('button', { name: 'Start' }).click();
    await expect(demo.locator('[data-role="message"]')).toContainText('epoch 2 of 40', { timeout: 60_000 });
    await demo.getByRole('button', { name: 'Stop' }).click();
    await expect(demo).toHaveAttribute('data-state', 'stopped', { timeout: 15_000 });
    await expect(demo.locator('[data-role="message"]')).toContainText('Stopped');
    await expect(demo.getByRole('button', { name: 'Start' })).toBeEnabled();
    await expect(demo.getByRole('button', { name: 'Stop' })).toBeDisabled();
    await expect(demo.locator('input[name="epochs"]')).toBeEnabled();
    await expect(demo.locator('[data-role="results"]')).toBeHidden();

    await configure(demo, { epochs: 1 });
    await runToCompletion(demo);
    await expect(demo.locator('table[data-role="table"] tbody tr')).toHaveCount(3);
  });

  test('runs on WebGPU when the browser has it', async ({ page }) => {
    // No ?backend=: auto picks WebGPU (SwiftShader here, slow, so the run is tiny).
    await page.goto('/lessons/distillation/');
    const demo = demoOn(page);
    await configure(demo, { perDigit: '5', epochs: 1, testPerDigit: '20', largeBatch: '32', runs: 1 });
    await runToCompletion(demo, 110_000);
    await expect(demo).toHaveAttribute('data-backend', 'webgpu');
    await expect(demo.locator('[data-role="backend"]')).toContainText(/Running on WebGPU/);
    const table = await readTable(demo);
    expect(table.distilled!.errors).toBe(
      Math.round((1 - table.distilled!.accuracy) * table.distilled!.count),
    );
  });
});
