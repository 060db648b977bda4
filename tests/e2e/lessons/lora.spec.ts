import { test, expect } from '../support/fixtures';
import { expectQuizMarksWrongThenRight } from '../support/quiz';
import {
  cellStatuses,
  exerciseIds,
  expectExerciseFailsThenPasses,
  numberIn,
  output,
  runAllCells,
  tableRows,
  valueText,
} from '../support/lesson';

const LESSON = '/lessons/lora/';

// The source CNN's weights, worked out by hand: conv1 3x3x1x16 + 16 = 160, conv2 3x3x16x32 + 32 =
// 4,640, features 800x128 + 128 = 102,528, a five-output head 128x5 + 5 = 645.
const SOURCE_WITH_NEW_HEAD = 160 + 4_640 + 102_528 + 645;

test.describe('the LoRA lesson', () => {
  test('renders the LoRA diagram, a summary and further reading without errors', async ({ page }) => {
    await page.goto(LESSON);
    await expect(
      page.getByRole('heading', { name: 'Parameter-efficient fine-tuning: LoRA', level: 1 }),
    ).toBeVisible();
    await expect(page.getByRole('img', { name: 'The LoRA update of a dense layer' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Further reading' })).toBeVisible();
    await expect(page.locator('.tl-further-reading li')).toHaveCount(7);
  });

  test('runs every cell on WebAssembly with the counts worked out by hand, merges without changing an answer, frees its tensors, and its exercises fail on the starter code and pass with the solution', async ({
    page,
  }) => {
    test.setTimeout(540_000);
    await page.goto(`${LESSON}?backend=wasm`);
    const seconds = await runAllCells(page, { timeout: 420_000 });
    console.log(`lora: Run all took ${seconds.toFixed(1)} s`);
    console.log((await cellStatuses(page)).join('; '));
    await expect(page.locator('html')).toHaveAttribute('data-kernel-backend', 'wasm');

    // LLaMA-7B by hand: 32 x (4 x 4096^2 + 3 x 4096 x 11008 + 2 x 4096) + 2 x 32000 x 4096 + 4096.
    const arithmetic = await valueText(page, 'llm-arithmetic');
    expect(numberIn(arithmetic, 'total')).toBe(6_738_415_616);
    // 32 layers x 2 matrices x 8 x (4096 + 4096).
    expect(numberIn(arithmetic, 'lora')).toBe(4_194_304);

    // The adapted model: features is a LoraDense with r (800 + 128) trainable numbers, the head trains in full.
    const layers = Object.fromEntries((await tableRows(page, 'lora')).map((row) => [row.name, row]));
    expect(layers.features!.type).toBe('LoraDense');
    expect(layers.logits!.type).toBe('Dense');
    expect(layers.logits!.trainable).toBe('true');
    expect(layers.conv1!.trainable).toBe('false');
    await expect(output(page, 'lora')).toContainText(
      `trains ${(4 * (800 + 128) + 645).toLocaleString('en')} of ${(SOURCE_WITH_NEW_HEAD + 4 * (800 + 128)).toLocaleString('en')} weights`,
    );
    // Five digits: guessing scores 20 %.
    expect(Number(await valueText(page, 'lora'))).toBeGreaterThan(0.4);

    // Merging: the original's weight count, the same answer on every test digit, outputs within rounding.
    const merge = await valueText(page, 'merge');
    expect(numberIn(merge, 'weights, merged model')).toBe(SOURCE_WITH_NEW_HEAD);
    expect(numberIn(merge, 'weights, the original source CNN')).toBe(160 + 4_640 + 102_528 + 128 * 5 + 5);
    expect(numberIn(merge, 'same answer')).toBe(numberIn(merge, 'test digits'));
    expect(numberIn(merge, 'largest difference in an output')).toBeLessThan(1e-4);

    // The rank sweep: head only, ranks 1, 4 and 16, everything; each trains the weights worked out by hand.
    const sweep = await tableRows(page, 'ranks');
    expect(sweep.map((row) => row.label)).toEqual([
      'head only',
      'LoRA r=1',
      'LoRA r=4',
      'LoRA r=16',
      'fine-tune all',
    ]);
    const trained = sweep.map((row) => Number(row.trainableParams!.replace(/,/g, '')));
    expect(trained).toEqual([645, ...[1, 4, 16].map((r) => r * (800 + 128) + 645), SOURCE_WITH_NEW_HEAD]);
    await expect(output(page, 'ranks').locator('.tl-out--chart svg')).toHaveCount(1);

    // Two adapters on one base: each is r (800 + 128) plus a five-output head.
    const tasks = await tableRows(page, 'two-tasks');
    expect(tasks.map((row) => row.adapter)).toEqual(['MNIST 5-9', 'optical 0-4']);
    for (const row of tasks)
      expect(Number(row['numbers in the adapter']!.replace(/,/g, ''))).toBe(3_712 + 645);
    await expect(output(page, 'two-tasks')).toContainText(
      `the shared base: ${(160 + 4_640 + 102_528).toLocaleString('en')} frozen weights`,
    );

    // Every model the page made is freed (the exercises free their own).
    expect(await valueText(page, 'cleanup')).toBe('0');

    expect(await exerciseIds(page)).toEqual(['exercise-head', 'exercise-attention']);
    await expectExerciseFailsThenPasses(page, 'exercise-head');
    await expectExerciseFailsThenPasses(page, 'exercise-attention');
  });
});

// The lesson's quiz, by an answer key written here (question id -> the right choices), not read
// from the page: each question is answered wrongly, then rightly.
test.describe('lora: the quiz', () => {
  test('marks each answer wrong, then right', async ({ page }) => {
    await page.goto('/lessons/lora/');
    await expectQuizMarksWrongThenRight(page, {
      count: [0],
      'b-zero': [0],
      'random-head': [0],
      merge: [1],
      'many-tasks': [1],
    });
  });
});
