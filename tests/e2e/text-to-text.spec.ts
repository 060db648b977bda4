import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { PROMPT_PRESETS } from '../../src/lib/text/presets';
import { generate, startLongAnswer, miniT5Evaluation, playground } from './support/text';

const LESSON = '/lessons/instruction-tuning/';

/** Records every change to the output element, so a test can see text arrive in pieces. */
async function watchOutput(page: Page) {
  await page.evaluate(() => {
    const output = document.querySelector('tl-prompt-playground [data-role="output"]')!;
    const log: string[] = [];
    (window as unknown as { outputLog: string[] }).outputLog = log;
    new MutationObserver(() => log.push(output.textContent ?? '')).observe(output, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
}

test.describe('the prompt playground with the mini T5', () => {
  test('ships no transformers.js until used, then streams an answer on WebAssembly', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${LESSON}?textDevice=wasm`);
    await expect(page.locator('tl-prompt-playground [data-role="cache-summary"]')).not.toHaveText(
      'checking…',
    );
    expect(requests.filter((url) => /ort-wasm|\/models\/mini-t5\/|text\.worker/.test(url))).toEqual([]);
    const transformersBefore = requests.filter((url) => /transformers|onnxruntime/i.test(url));

    await watchOutput(page);
    const widget = await generate(page, 'translate english to german : seven four');
    await expect(widget.locator('[data-role="output"]')).toHaveText('sieben vier');
    await expect(widget).toHaveAttribute('data-device', 'wasm');
    const log = await page.evaluate(() => (window as unknown as { outputLog: string[] }).outputLog);
    expect(
      new Set(log.filter(Boolean)).size,
      `output grew in pieces: ${JSON.stringify(log)}`,
    ).toBeGreaterThan(1);
    expect(Number(await widget.getAttribute('data-pieces'))).toBeGreaterThan(1);
    await expect(widget.locator('[data-role="timings"]')).toContainText(/tokens\/s/);
    // The text model's device has its own line; the tfjs backend indicator is not claimed by it.
    const indicator = page.locator('tl-backend-indicator');
    await expect(indicator).toHaveAttribute('data-text-device', 'wasm');
    await expect(indicator.locator('[data-role="text-device"]')).toContainText('Text model: WebAssembly');
    await expect(indicator).not.toHaveAttribute('data-active');
    // transformers.js ran in the text worker, with the runtime's files from this site.
    expect(page.workers().some((worker) => worker.url().includes('text.worker'))).toBe(true);
    expect(requests.some((url) => url.endsWith('/ort/ort-wasm-simd-threaded.asyncify.wasm'))).toBe(true);
    expect(transformersBefore).toEqual([]);

    await widget.getByRole('button', { name: 'Show tokens' }).click();
    await expect(widget.locator('[data-role="tokens"] li').first()).toContainText('translate · ');
    await expect(widget.locator('[data-role="tokens"] li').last()).toHaveText('</s> · 1');
    await expect(widget).toHaveAttribute('data-token-count', '8');
  });

  // Choosing WebGPU in the Device menu, and the page saying so, is checked at the start of
  // text-to-text-limits.spec.ts's WebGPU test, which goes on with that model (one costly load).

  test('Stop ends a long sampled answer early', async ({ page }) => {
    await page.goto(`${LESSON}?textDevice=wasm`);
    const widget = playground(page);
    await widget.getByRole('button', { name: 'Load model' }).click();
    await expect(widget).toHaveAttribute('data-loaded', 'mini-t5', { timeout: 60_000 });
    await startLongAnswer(page);
    await widget.getByRole('button', { name: 'Stop' }).click();
    await expect(widget).toHaveAttribute('data-stopped', 'true');
    expect(Number(await widget.getAttribute('data-tokens'))).toBeLessThan(256);
    await expect(widget.locator('[data-role="timings"]')).toContainText('Stopped after');
  });
});

test.describe("the text lessons' widgets", () => {
  test('the instruction check asks every phrasing preset and marks the answers', async ({ page }) => {
    await page.goto(`${LESSON}?textDevice=wasm&backend=cpu`);
    const check = page.locator('tl-instruction-check');
    // Phrasing presets only: few-shot presets test something else.
    const presets = PROMPT_PRESETS.filter((p) => p.group === 'mini' && p.shots === undefined);
    await check.getByRole('button', { name: /Ask the mini T5/ }).click();
    await expect(check).toHaveAttribute('data-correct', /\d+/, { timeout: 60_000 });
    // eval.json gives each task's accuracy per phrasing group (100 examples each): the expected
    // number right is the sum of those accuracies over the presets. The presets are a handful of
    // fixed prompts, not a random draw, so allow two binomial standard deviations (at least 2).
    const accuracy = miniT5Evaluation().accuracy;
    const rates = presets.map((p) => accuracy[p.task!][p.heldOut ? 'held_out' : 'seen']);
    const predicted = rates.reduce((a, b) => a + b, 0);
    const tolerance = Math.max(2, 2 * Math.sqrt(rates.reduce((sum, p) => sum + p * (1 - p), 0)));
    const correct = Number(await check.getAttribute('data-correct'));
    expect(
      Math.abs(correct - predicted),
      `${correct} right; eval.json predicts ${predicted.toFixed(1)} ± ${tolerance.toFixed(1)}`,
    ).toBeLessThanOrEqual(tolerance);
    await expect(check.locator('[data-role="status"]')).toContainText(
      `${correct} of ${presets.length} right, including`,
    );
  });

  test('the feature-head widget trains a head on the mini T5 encoder', async ({ page }) => {
    await page.goto('/lessons/language-models/?textDevice=wasm&backend=cpu');
    const head = page.locator('tl-feature-head');
    await head.getByRole('button', { name: 'Extract features and train the head' }).click();
    await expect(head).toHaveAttribute('data-accuracy', /\d/, { timeout: 60_000 });
    // Sentiment with four labelled sentences per class; half the test sentences are of each class.
    expect(Number(await head.getAttribute('data-accuracy'))).toBeGreaterThan(0.7);
    await expect(head).toHaveAttribute('data-features', '128');
    await expect(head.locator('[data-role="status"]')).toContainText('unseen sentences correctly');
  });
});
