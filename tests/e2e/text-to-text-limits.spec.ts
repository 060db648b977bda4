import { test, expect } from './support/fixtures';
import { textModelEntry } from '../../src/lib/text/registry';
import {
  correctSamples,
  generate,
  startLongAnswer,
  playground,
  textWorker,
  visibleText,
} from './support/text';

// The mini T5 has one token per known word and appends </s>: N words are N + 1 tokens. That is the
// independent count the counter is checked against.
const LIMIT = textModelEntry('mini-t5').maxInputTokens;
const WORDS = ['red', 'apple', 'cat', 'blue'];
const words = (n: number) => Array.from({ length: n }, (_, i) => WORDS[i % WORDS.length]).join(' ');
const RUNTIME_WORDS = /OrtRun|bad_alloc|ERROR_CODE|std::|RuntimeError/;
const LESSON = '/lessons/instruction-tuning/';

test.describe('prompt length', () => {
  test('the counter follows typing; an over-long prompt is explained in plain words and cut to fit', async ({
    page,
  }) => {
    await page.goto(`${LESSON}?textDevice=wasm`);
    const widget = playground(page);
    const prompt = widget.getByLabel('Prompt', { exact: true });
    const counter = widget.locator('[data-role="token-count"]');
    await expect(counter).toContainText(`Limit: ${LIMIT.toLocaleString('en')} tokens`);
    await prompt.fill('');
    await prompt.pressSequentially('reverse : red');
    // The first count starts the text worker and loads the tokenizer.
    await expect(widget).toHaveAttribute('data-prompt-tokens', '4', { timeout: 30_000 });
    await expect(counter).toHaveText(`Prompt length: 4 of ${LIMIT.toLocaleString('en')} tokens.`);
    await prompt.pressSequentially(' cat blue');
    await expect(widget).toHaveAttribute('data-prompt-tokens', '6');

    // A long paste (8,000 words): the counter says it is over, and Generate explains why.
    const long = `reverse : ${words(7998)}`;
    await prompt.fill(long);
    await expect(widget).toHaveAttribute('data-over-limit', 'true');
    await expect(counter).toContainText(`8,001 of ${LIMIT.toLocaleString('en')} tokens: too long`);
    await generate(page, long, true);
    await expect(widget).toHaveAttribute('data-error', 'too-long');
    await expect(widget.locator('[data-role="error-text"]')).toHaveText(
      `This prompt is too long for the model to process in your browser's memory (8001 tokens; the limit is ${LIMIT}). Shorten it, or cut it to fit.`,
    );
    expect(await visibleText(page)).not.toMatch(RUNTIME_WORDS);

    await widget.getByRole('button', { name: 'Cut the prompt to fit' }).click();
    await expect(widget).toHaveAttribute('data-prompt-tokens', String(LIMIT));
    await expect(widget).toHaveAttribute('data-over-limit', 'false');
    expect(await prompt.inputValue()).toBe(`reverse : ${words(LIMIT - 3)}`);
    const before = Number((await widget.getAttribute('data-done')) ?? 0);
    await widget.getByRole('button', { name: 'Generate' }).click();
    await expect(widget).toHaveAttribute('data-done', String(before + 1), { timeout: 60_000 });
    await expect(widget.locator('[data-role="error"]')).toBeHidden();
  });
});

test.describe('a failure never poisons later runs', () => {
  // The page logs the runtime's own error text to the console on purpose (for bug reports).
  test.use({
    allowedProblems: [/OrtRun|bad_alloc|device|WebGPU|GPU|Inputs given to model|model execution/i],
  });

  test('on WebAssembly: after the runtime fails, a fresh one answers the next prompt', async ({ page }) => {
    await page.goto(`${LESSON}?textDevice=wasm`);
    const widget = playground(page);
    const [sample] = correctSamples();
    await generate(page, sample.input);
    await expect(widget.locator('[data-role="output"]')).toHaveText(sample.output);

    // Exhaust the runtime the way a too-large prompt does: from now on every run in this worker
    // fails with ONNX Runtime's allocation error, as the issue saw ("only a reload brings it back").
    const broken = await textWorker(page);
    await broken.evaluate(() =>
      (self as unknown as { tlTextTesting: { poison(): void } }).tlTextTesting.poison(),
    );
    await generate(page, sample.input, true);
    await expect(widget).toHaveAttribute('data-error', 'out-of-memory');
    await expect(widget.locator('[data-role="error-text"]')).toContainText(
      `ran out of memory in your browser while reading`,
    );
    await expect(widget.locator('[data-role="error-text"]')).toContainText('The text model was restarted');
    expect(await visibleText(page)).not.toMatch(RUNTIME_WORDS);
    await expect(widget.locator('[data-role="error-detail"]')).toContainText('std::bad_alloc');

    await generate(page, 'translate english to german : seven four');
    await expect(widget.locator('[data-role="output"]')).toHaveText('sieben vier');
    await expect(widget).toHaveAttribute('data-restarts', '1');
    await expect(widget).toHaveAttribute('data-device', 'wasm');
    await expect(widget.locator('[data-role="timings"]')).toContainText(
      /restarted after the last failure: .* took \d+\.\d\d s/,
    );
    expect(page.workers()).not.toContain(broken);
  });

  test('on WebGPU when the reader asks for it, and says so; after a runtime failure the next prompt answers on WebGPU; after a lost device, on WebAssembly', async ({
    page,
  }) => {
    // One load of the model on WebGPU for all three (SwiftShader makes each load costly here).
    await page.goto(LESSON);
    const widget = playground(page);
    await widget.getByLabel('Device').selectOption('webgpu');
    const [sample] = correctSamples();
    await generate(page, sample.input);
    await expect(widget.locator('[data-role="output"]')).toHaveText(sample.output);
    await expect(widget).toHaveAttribute('data-device', 'webgpu');
    await expect(widget.locator('[data-role="timings"]')).toContainText(/WebGPU - .*swiftshader/i);
    await expect(page.locator('tl-backend-indicator')).toHaveAttribute('data-text-device', 'webgpu');

    await (
      await textWorker(page)
    ).evaluate(() => (self as unknown as { tlTextTesting: { poison(): void } }).tlTextTesting.poison());
    await generate(page, sample.input, true);
    await expect(widget).toHaveAttribute('data-error', 'out-of-memory');
    await generate(page, sample.input);
    await expect(widget.locator('[data-role="output"]')).toHaveText(sample.output);
    await expect(widget).toHaveAttribute('data-device', 'webgpu');

    // Destroy the GPU device in the middle of a long answer.
    await startLongAnswer(page);
    const lost = await (
      await textWorker(page)
    ).evaluate(() =>
      (self as unknown as { tlTextTesting: { loseGpuDevice(): boolean } }).tlTextTesting.loseGpuDevice(),
    );
    expect(lost).toBe(true);
    await expect(widget.locator('[data-role="error"]')).toBeVisible({ timeout: 30_000 });
    await expect(widget).toHaveAttribute('data-error', 'device-lost');
    await expect(widget.locator('[data-role="error-text"]')).toContainText(
      'The graphics card (WebGPU) stopped working while the model ran',
    );
    expect(await visibleText(page)).not.toMatch(RUNTIME_WORDS);

    await widget.getByLabel('Decoding strategy').selectOption('greedy');
    await widget.getByLabel('Min new tokens').fill('0');
    await generate(page, sample.input);
    await expect(widget.locator('[data-role="output"]')).toHaveText(sample.output);
    await expect(widget).toHaveAttribute('data-device', 'wasm');
    await expect(page.locator('tl-backend-indicator')).toHaveAttribute('data-text-device', 'wasm');
    await expect(page.locator('tl-backend-indicator [data-role="text-device"]')).toContainText(
      'device was lost earlier on this page',
    );
  });
});
