import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { startHubServer, type HubServer } from './support/hub-server';

/**
 * Lesson 8's "teach the mini T5 a phrasing" widget, run small: a few steps of LoRA on the translate
 * task's held-out phrasing, a Stop in the middle of a run, typed pairs with unknown words, and an
 * empty set of pairs. Every run must say which backend trained (tfjs WebAssembly here).
 */
const LESSON = '/lessons/instruction-tuning/?backend=webgl&textDevice=wasm';

async function open(page: Page): Promise<Locator> {
  await page.goto(LESSON);
  const widget = page.locator('tl-teach-phrasing');
  await widget.scrollIntoViewIfNeeded();
  return widget;
}

async function small(widget: Locator, { steps = 6, stopEarly = true } = {}): Promise<void> {
  await widget.locator('input[name="maxSteps"]').fill(String(steps));
  await widget.locator('input[name="batchSize"]').fill('16');
  const stop = widget.locator('input[name="stopEarly"]');
  if ((await stop.isChecked()) !== stopEarly) await stop.click();
}

test.describe('the teach-a-phrasing widget', () => {
  test('teaches the held-out translate phrasing with LoRA on WebAssembly', async ({ page }) => {
    test.setTimeout(240_000);
    const widget = await open(page);
    await small(widget, { steps: 20 });
    await widget.getByRole('button', { name: 'Start' }).click();
    await expect(widget).toHaveAttribute('data-state', 'running');
    await expect(widget).toHaveAttribute('data-state', 'done', { timeout: 200_000 });
    await expect(widget).toHaveAttribute('data-backend', 'wasm');
    const before = Number(await widget.getAttribute('data-before'));
    const after = Number(await widget.getAttribute('data-after'));
    console.log(
      `teach-phrasing: translate held-out ${before} -> ${after} in ${await widget.getAttribute('data-steps')} steps`,
    );
    // The model card's 45 % on this phrasing: LoRA must lift it (the bench checks by how much over seeds).
    expect(after).toBeGreaterThan(before);
    await expect(widget.locator('[data-role="forgetting"] tbody tr')).toHaveCount(6);
    await expect(widget.locator('[data-role="curve"] svg')).toHaveCount(2);
    // Ask the tuned model in the held-out phrasing.
    await widget.locator('[data-role="question"]').fill('what is seven in german ?');
    await widget.getByRole('button', { name: 'Ask' }).click();
    await expect(widget.locator('[data-role="answer"]')).toHaveText(/\S/);
    const download = page.waitForEvent('download');
    await widget.getByRole('button', { name: 'Download the LoRA adapter' }).click();
    expect((await download).suggestedFilename()).toMatch(/lora-adapter/);
    // The merged weights: every weight of the mini T5 (828,544 of them, 4 bytes each) plus a header.
    const merged = page.waitForEvent('download');
    await widget.getByRole('button', { name: 'Download merged weights' }).click();
    expect((await merged).suggestedFilename()).toMatch(/merged-weights.*\.safetensors$/);
    await expect(widget.locator('[data-role="saved"]')).toContainText(/Saved .* \(3,3\d\d,\d{3} bytes\)/);
  });

  // Stop must be clickable while training runs: on WebAssembly every promise of a step resolves as
  // a microtask, and before the training loop yielded to the event loop, the page neither painted a
  // step nor read the click until all 400 steps were done.
  test('stops in the middle of a run and reports the steps it took', async ({ page }) => {
    test.setTimeout(420_000);
    const widget = await open(page);
    await small(widget, { steps: 400, stopEarly: false });
    await widget.getByRole('button', { name: 'Start' }).click();
    await expect(widget.locator('[data-role="message"]')).toContainText('Step 2', { timeout: 300_000 });
    await widget.getByRole('button', { name: 'Stop' }).click();
    await expect(widget).toHaveAttribute('data-state', 'stopped', { timeout: 120_000 });
    const steps = Number(await widget.getAttribute('data-steps'));
    expect(steps).toBeGreaterThanOrEqual(2);
    expect(steps).toBeLessThan(400);
    await expect(widget).toHaveAttribute('data-backend', 'wasm');
    await expect(widget.getByRole('button', { name: 'Start' })).toBeEnabled();
  });

  test('shows typed words the model does not know as <unk> and does not train', async ({ page }) => {
    test.setTimeout(120_000);
    const widget = await open(page);
    await widget.locator('select[name="task"]').selectOption('custom');
    await widget
      .locator('textarea[name="pairs"]')
      .fill('first word : cat dog -> cat\nsay in english : drei -> three');
    await widget.getByRole('button', { name: 'Start' }).click();
    await expect(widget).toHaveAttribute('data-state', 'unknown-words', { timeout: 90_000 });
    await expect(widget).toHaveAttribute('data-unknown', 'first word');
    await expect(widget.locator('[data-role="unknown"] li')).toHaveText(['<unk> <unk> : cat dog -> cat']);
    await expect(widget.locator('[data-role="results"]')).toBeHidden();
  });

  test('says plainly that an empty set of pairs has nothing to train on', async ({ page }) => {
    const widget = await open(page);
    await widget.locator('select[name="task"]').selectOption('custom');
    await widget.locator('textarea[name="pairs"]').fill('# nothing here\n\n');
    await widget.getByRole('button', { name: 'Start' }).click();
    await expect(widget).toHaveAttribute('data-state', 'invalid');
    await expect(widget.locator('[data-role="message"]')).toContainText('nothing to train on');
  });

  test.describe('with FLAN-T5 from a Hub', () => {
    // A local stand-in for the Hub serves the mini T5's files under FLAN-T5's name: the same
    // download, size check and timed first step as the real thing, with nothing leaving the machine.
    let hub: HubServer;
    test.beforeAll(async () => {
      hub = await startHubServer();
    });
    test.afterAll(async () => {
      await hub.close();
    });

    test('shows the download size first, downloads only after a yes, and estimates the time a step takes', async ({
      page,
    }) => {
      test.setTimeout(240_000);
      await page.goto(`${LESSON}&hub=${encodeURIComponent(hub.url)}`);
      const widget = page.locator('tl-teach-phrasing');
      await widget.locator('input[name="model"][value="flan-t5-small"]').check();
      await small(widget, { steps: 3, stopEarly: false });
      await widget.getByRole('button', { name: 'Start' }).click();
      await expect(widget.locator('[data-role="message"]')).toContainText('Download and continue', {
        timeout: 60_000,
      });
      expect(Number(await widget.getAttribute('data-download-bytes'))).toBeGreaterThan(1_000_000);
      expect(hub.modelDownloads()).toEqual([]);
      await widget.getByRole('button', { name: 'Download and continue' }).click();
      await expect(widget).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
      await expect(widget.locator('[data-role="message"]')).toContainText(/Done: 3 steps in/);
      expect(hub.modelDownloads().length).toBeGreaterThan(0);
      await expect(widget).toHaveAttribute('data-backend', 'wasm');
    });
  });
});
