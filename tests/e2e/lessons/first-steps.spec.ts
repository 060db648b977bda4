import { test, expect } from '../support/fixtures';
import { expectQuizMarksWrongThenRight } from '../support/quiz';
import {
  cell,
  cellStatuses,
  exerciseIds,
  expectExerciseFailsThenPasses,
  output,
  runAllCells,
  tableRows,
} from '../support/lesson';

const LESSON = '/lessons/first-steps/';

/** A number as a table shows it (1,234,567 or 0.671). */
const shown = (text: string | undefined) => Number((text ?? '').replace(/,/g, ''));

test.describe('lesson 1, first-steps', () => {
  test('renders its objectives, the backend-order diagram, a summary and references without errors', async ({
    page,
  }) => {
    await page.goto(LESSON);
    await expect(page.getByRole('heading', { name: 'First steps', level: 1 })).toBeVisible();
    await expect(page.locator('.tl-lesson-card')).toContainText('Count the floating-point operations');
    const diagram = page.getByRole('img', { name: /WebGPU, then WebGL, then WebAssembly, then CPU/ });
    await expect(diagram).toBeVisible();
    // Drawn from the library's own order, one column per backend.
    expect(
      await diagram
        .locator('g[data-backend]')
        .evaluateAll((groups) => groups.map((g) => g.getAttribute('data-backend'))),
    ).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible();
    await expect(page.locator('.tl-further-reading li')).toHaveCount(3);
    await expect(page.locator('.tl-further-reading')).toContainText(
      'TensorFlow.js: Machine Learning for the Web and Beyond',
    );
  });

  test('runs every cell on WebGL, frees its tensors, and its exercise fails on the starter code and passes with the solution', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.goto(`${LESSON}?backend=webgl`);
    const seconds = await runAllCells(page, { timeout: 60_000 });
    console.log(`first-steps: Run all took ${seconds.toFixed(1)} s`);
    console.log((await cellStatuses(page)).join('; '));
    await expect(page.locator('html')).toHaveAttribute('data-kernel-backend', 'webgl');
    // The cell reports the backend that really ran, and the tensor it made: [[1,2,3],[4,5,6]] + 10.
    await expect(output(page, 'backend')).toContainText('TensorFlow.js computes on: webgl');
    await expect(output(page, 'backend').locator('.tl-out--tensor pre')).toHaveText(
      '[[11, 12, 13], [14, 15, 16]]',
    );

    // One row per size; each speed agrees with 2n^3 over the row's own time (both shown to three
    // significant digits, so within about 1%).
    const speeds = await tableRows(page, 'speed');
    expect(speeds.map((row) => shown(row['n']))).toEqual([128, 256, 512]);
    for (const row of speeds) {
      const n = shown(row['n']);
      const seconds = shown(row['fastest time (ms)']) / 1000;
      const gflops = shown(row['GFLOP/s']);
      expect(seconds).toBeGreaterThan(0);
      const expected = (2 * n ** 3) / seconds / 1e9;
      expect(Math.abs(gflops - expected) / expected).toBeLessThan(0.015);
    }
    await expect(output(page, 'speed')).toContainText('backend: webgl | tensors left over: 0');

    expect(await exerciseIds(page)).toEqual(['exercise-flops']);
    await expectExerciseFailsThenPasses(page, 'exercise-flops');
    await expect(cell(page, 'exercise-flops')).toHaveAttribute('data-status', 'done');
    // The solution's table matches counts worked out by hand.
    expect((await tableRows(page, 'exercise-flops')).map((row) => shown(row['flops']))).toEqual([
      2, 48, 33_554_432, 1_605_632,
    ]);
  });
});

// The lesson's quiz, by an answer key written here (question id -> the right choices), not read
// from the page: each question is answered wrongly, then rightly.
test.describe('first-steps: the quiz', () => {
  test('marks each answer wrong, then right', async ({ page }) => {
    await page.goto('/lessons/first-steps/');
    await expectQuizMarksWrongThenRight(page, {
      'why-cpu': [1],
      flops: [1],
      scaling: [2],
      'check-sum': [0],
    });
  });
});
