import type { Locator } from '@playwright/test';
import { test, expect } from '../support/fixtures';
import { expectQuizMarksWrongThenRight } from '../support/quiz';
import {
  cell,
  cellStatuses,
  exerciseIds,
  expectExerciseFailsThenPasses,
  output,
  runAllCells,
} from '../support/lesson';
import { QUICK_LEARNING_CURVE } from '../../../src/lib/experiments/learning-curve-config';

const LESSON = '/lessons/what-is-transfer-learning/';

/** The widget's configuration as its controls show it. */
async function formState(widget: Locator) {
  return widget.locator('form').evaluate((form) => {
    const data = new FormData(form as HTMLFormElement);
    return {
      labelsPerClass: data.getAll('perClass').map(Number),
      strategies: data.getAll('strategy').map(String),
      seeds: String(data.get('seeds')).split(',').map(Number),
      testPerClass: data.get('testPerClass') === 'all' ? 'all' : Number(data.get('testPerClass')),
    };
  });
}

/** A run small enough for CI: one label per digit, 20 test digits per digit. */
async function shrink(widget: Locator) {
  for (const size of [5, 10, 50]) await widget.locator(`input[name="perClass"][value="${size}"]`).uncheck();
  await widget.locator('select[name="testPerClass"]').selectOption('20');
}

test.describe('the "What transfer learning is" lesson', () => {
  test('renders its objectives, diagrams and the benchmark curve without errors', async ({ page }) => {
    await page.goto(LESSON);
    await expect(page.getByRole('heading', { name: 'What transfer learning is', level: 1 })).toBeVisible();
    await expect(page.locator('.tl-lesson-card')).toContainText('Run a learning curve');
    await expect(page.getByRole('group', { name: /kinds of transfer learning/ })).toBeVisible();
    await expect(
      page.getByRole('img', { name: /from scratch, sequential transfer and multitask/i }),
    ).toBeVisible();
    // The benchmark chart: three strategies, one dot per size, drawn at build time.
    const bench = page.locator('tl-learning-curve [data-role="bench"] svg');
    await expect(bench).toHaveAttribute('role', 'img');
    for (const strategy of ['scratch', 'feature-extraction', 'fine-tune']) {
      await expect(bench.locator(`g[data-strategy="${strategy}"] circle`)).toHaveCount(5);
    }
    await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible();
    await expect(page.locator('.tl-further-reading li').first()).toBeVisible();
  });

  test('sends readers of the old transfer-learning address here', async ({ page }) => {
    await page.goto('/lessons/transfer-learning/');
    await expect(page).toHaveURL(/\/lessons\/what-is-transfer-learning\/$/);
  });

  test('runs every cell on WebGL, frees its tensors, and its exercise fails on the starter code and passes with the solution', async ({
    page,
  }) => {
    test.setTimeout(150_000);
    await page.goto(`${LESSON}?backend=webgl`);
    const seconds = await runAllCells(page, { timeout: 120_000 });
    console.log(`what-is-transfer-learning: Run all took ${seconds.toFixed(1)} s`);
    console.log((await cellStatuses(page)).join('; '));
    await expect(page.locator('html')).toHaveAttribute('data-kernel-backend', 'webgl');
    await expect(output(page, 'tasks').locator('canvas')).toHaveCount(24);
    await expect(output(page, 'source').locator('.tl-out--table tbody tr')).toHaveCount(6);
    await expect(output(page, 'filters').locator('canvas')).toHaveCount(32);
    // How far each layer moved from the source model's seeded start: every layer with weights, and
    // cosines that are real cosines.
    const moved = output(page, 'filters').locator('.tl-out--table tbody tr');
    await expect(moved).toHaveCount(4);
    for (const text of await moved.locator('td:nth-child(4)').allTextContents()) {
      expect(Math.abs(Number(text))).toBeLessThanOrEqual(1);
    }
    await expect(output(page, 'activations').locator('canvas')).toHaveCount(17);
    await expect(output(page, 'activations').locator('.tl-out--chart svg')).toHaveCount(1);
    // Every model and tensor the cells made is freed.
    await expect(output(page, 'free').locator('.tl-out--value')).toHaveText('0');
    expect(await exerciseIds(page)).toEqual(['exercise-map']);
    await expectExerciseFailsThenPasses(page, 'exercise-map');
    await expect(cell(page, 'exercise-map')).toHaveAttribute('data-status', 'done');
  });

  test('offers the quick curve by default, runs a small one on WebAssembly, and leaks no tensors', async ({
    page,
  }) => {
    test.setTimeout(150_000);
    await page.goto(`${LESSON}?backend=wasm`);
    const widget = page.locator('tl-learning-curve');
    // What a reader gets without touching anything is the library's quick configuration.
    expect(await formState(widget)).toEqual(QUICK_LEARNING_CURVE);
    await shrink(widget);
    await widget.getByRole('button', { name: 'Start' }).click();
    await expect(widget).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(widget).toHaveAttribute('data-backend', 'wasm');
    const cells = widget.locator('table[data-role="table"] td[data-strategy]');
    await expect(cells).toHaveCount(3);
    for (const value of await cells.evaluateAll((tds) =>
      tds.map((td) => Number((td as HTMLElement).dataset.mean)),
    )) {
      // 100 test digits: every accuracy is a whole number of them.
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
      expect(Math.abs(value * 100 - Math.round(value * 100))).toBeLessThan(1e-6);
    }
    await expect(widget.locator('[data-role="chart"] svg circle')).toHaveCount(3);
    const tensors = Number(await widget.getAttribute('data-tensors'));
    expect(tensors).toBe(0);
    // A second run starts from the same memory and ends there.
    await widget.getByRole('button', { name: 'Start' }).click();
    await expect(widget).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    expect(Number(await widget.getAttribute('data-tensors'))).toBe(tensors);
  });

  test('says plainly what is wrong with an impossible choice, and keeps working', async ({ page }) => {
    await page.goto(LESSON);
    const widget = page.locator('tl-learning-curve');
    for (const strategy of ['scratch', 'feature-extraction', 'fine-tune']) {
      await widget.locator(`input[name="strategy"][value="${strategy}"]`).uncheck();
    }
    await widget.getByRole('button', { name: 'Start' }).click();
    await expect(widget).toHaveAttribute('data-state', 'error');
    await expect(widget.locator('[data-role="message"]')).toHaveText(
      'The learning curve cannot run: choose at least one strategy.',
    );
    await expect(widget.getByRole('button', { name: 'Start' })).toBeEnabled();
    await expect(widget.getByRole('button', { name: 'Stop' })).toBeDisabled();
  });

  test('stops the default run when asked, keeping what finished and freeing the rest', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`${LESSON}?backend=wasm`);
    const widget = page.locator('tl-learning-curve');
    await widget.getByRole('button', { name: 'Start' }).click();
    await expect(widget).toHaveAttribute('data-state', 'running');
    // Stop once a first model has been measured (on WebAssembly two can land between two looks).
    const measured = widget.locator('table[data-role="table"] td[data-strategy]');
    await expect.poll(() => measured.count(), { timeout: 90_000 }).toBeGreaterThan(0);
    await widget.getByRole('button', { name: 'Stop' }).click();
    await expect(widget).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
    const message = (await widget.locator('[data-role="message"]').textContent()) ?? '';
    const finished = Number(/Stopped after (\d+) of 12 runs/.exec(message)?.[1]);
    expect(finished, message).toBeGreaterThan(0);
    expect(finished, message).toBeLessThan(12);
    // What finished is kept: one row per finished run.
    await expect(measured).toHaveCount(finished);
    expect(Number(await widget.getAttribute('data-tensors'))).toBe(0);
    await expect(widget.getByRole('button', { name: 'Start' })).toBeEnabled();
  });
});

// The lesson's quiz, by an answer key written here (question id -> the right choices), not read
// from the page: each question is answered wrongly, then rightly.
test.describe('what-is-transfer-learning: the quiz', () => {
  test('marks each answer wrong, then right', async ({ page }) => {
    await page.goto('/lessons/what-is-transfer-learning/');
    await expectQuizMarksWrongThenRight(page, {
      'what-differs': [1],
      'no-source-data': [1],
      head: [1],
      'one-run': [1],
      'zero-shot': [2],
    });
  });
});
