import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures';
import { expectQuizMarksWrongThenRight } from '../support/quiz';
import {
  cellStatuses,
  exerciseIds,
  expectExerciseFailsThenPasses,
  output,
  runAllCells,
} from '../support/lesson';

const LESSON = '/lessons/transfer-workflow/';

/** A cell's table as one object per row, keyed by the column headers. */
async function tableRows(page: Page, id: string): Promise<Record<string, string>[]> {
  const table = output(page, id).locator('.tl-out--table').first();
  const headers = await table.locator('thead th').allTextContents();
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
  return rows.map((row) => Object.fromEntries(headers.map((header, i) => [header, row[i] ?? ''])));
}

test.describe('the transfer-workflow lesson', () => {
  test('renders its steps and the freeze-boundary diagram without errors', async ({ page }) => {
    await page.goto(LESSON);
    await expect(page.getByRole('heading', { name: 'The transfer workflow', level: 1 })).toBeVisible();
    for (const step of [1, 2, 3, 4, 5, 6]) {
      await expect(page.getByRole('heading', { name: new RegExp(`^Step ${step}:`) })).toBeVisible();
    }
    await expect(page.getByRole('img', { name: 'Where each strategy freezes the source CNN' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible();
  });

  test('runs every cell on WebAssembly with the weight counts worked out by hand, frees its tensors, and its exercise fails on the starter code and passes with the solution', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.goto(`${LESSON}?backend=wasm`);
    const seconds = await runAllCells(page, { timeout: 150_000 });
    console.log(`transfer-workflow: Run all took ${seconds.toFixed(1)} s`);
    console.log((await cellStatuses(page)).join('; '));
    await expect(page.locator('html')).toHaveAttribute('data-kernel-backend', 'wasm');

    // The source CNN: conv1 3x3x1x16 + 16 = 160, conv2 3x3x16x32 + 32 = 4,640, features 800x128 + 128
    // = 102,528, and a new head 128x5 + 5 = 645 weights; 107,973 in all.
    const layers = Object.fromEntries(
      (await tableRows(page, 'layers')).map((row) => [row['learns from'], row]),
    );
    const weights = (from: string) => Number(layers[from]!['trainable weights']!.replace(/,/g, ''));
    expect(weights('logits')).toBe(645);
    expect(weights('features')).toBe(102_528 + 645);
    expect(weights('conv2')).toBe(4_640 + 102_528 + 645);
    expect(weights('conv1')).toBe(160 + 4_640 + 102_528 + 645);
    expect(layers['features']!['share of all weights']).toBe(`${((100 * 103_173) / 107_973).toFixed(1)}%`);
    expect(layers['conv1']!['layers that learn']).toBe('conv1, conv2, features, logits');

    // The new head: five outputs, the only layer that learns before training.
    const head = await tableRows(page, 'head');
    expect(head.filter((row) => row.trainable === 'true').map((row) => row.name)).toEqual(['logits']);
    await expect(output(page, 'data')).toContainText('labelled: 50 images; with augmentation: 150');
    await expect(output(page, 'data').locator('canvas')).toHaveCount(9);

    // Training: the chart shows validation accuracy, and phase 2 trains every layer.
    await expect(output(page, 'train').locator('.tl-out--chart')).toHaveCount(1);
    const trained = (await output(page, 'train').locator('.tl-out--value').textContent()) ?? '';
    expect(trained).toContain('"layers that learned in phase 2": "conv1, conv2, features, logits"');
    for (const match of trained.matchAll(/"after phase \d[^"]*": ([0-9.]+)/g)) {
      // Five digits: guessing scores 20 %; a trained head is far above that.
      expect(Number(match[1])).toBeGreaterThan(0.5);
    }
    await expect(output(page, 'evaluate')).toContainText(/test accuracy: [0-9.]+% on 975 images/);
    await expect(output(page, 'evaluate').locator('.tl-out--chart')).toHaveCount(2);

    expect(await exerciseIds(page)).toEqual(['exercise-rates']);
    await expectExerciseFailsThenPasses(page, 'exercise-rates');
    // Freed after the exercise's own model: every model the page made is gone.
    await expect(output(page, 'cleanup').locator('.tl-out--value')).toHaveText('0');
  });
});

// The lesson's quiz, by an answer key written here (question id -> the right choices), not read
// from the page: each question is answered wrongly, then rightly.
test.describe('transfer-workflow: the quiz', () => {
  test('marks each answer wrong, then right', async ({ page }) => {
    await page.goto('/lessons/transfer-workflow/');
    await expectQuizMarksWrongThenRight(page, {
      'freeze-cost': [0],
      'head-first': [0],
      rates: [0],
      'test-once': [1],
      augment: [1],
    });
  });
});
