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

const LESSON = '/lessons/when-transfer-fails/';

// The teacher CNN's weights, worked out by hand: conv1 3x3x1x16 + 16 = 160, conv2 3x3x16x32 + 32 =
// 4,640, features 800x128 + 128 = 102,528, logits 128x10 + 10 = 1,290.
const TEACHER = 160 + 4_640 + 102_528 + 1_290;

test.describe('the lesson on when transfer helps and when it fails', () => {
  test('renders the domain-shift diagram and the benchmark tables without errors', async ({ page }) => {
    await page.goto(LESSON);
    await expect(
      page.getByRole('heading', { name: 'When transfer helps, and when it fails', level: 1 }),
    ).toBeVisible();
    await expect(page.getByRole('img', { name: 'Domain shift: same classes, moved inputs' })).toBeVisible();
    // The optical-digits curve: 1, 5 and 10 labels per class, three strategies, mean ± sd.
    // Each measured table links its entry on the "How we measured" page.
    const table = (suite: string) =>
      page
        .locator('.tl-bench-table')
        .filter({ has: page.locator(`a[href="/reference/how-we-measured/#${suite}"]`) });
    const curve = table('optdigits-curve');
    await expect(curve.locator('tbody tr')).toHaveCount(3);
    await expect(curve.locator('tbody td').first()).toHaveText(/^\d+\.\d ± \d+\.\d %$/);
    const forgetting = table('forgetting');
    await expect(forgetting.locator('tbody tr')).toHaveCount(5);
    await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible();
    await expect(page.locator('.tl-further-reading li')).toHaveCount(9);
  });

  test('runs every cell on WebAssembly, with the counts worked out by hand and the untouched base after LoRA, frees its tensors, and its exercise fails on the starter code and passes with the solution', async ({
    page,
  }) => {
    test.setTimeout(720_000);
    await page.goto(`${LESSON}?backend=wasm`);
    const seconds = await runAllCells(page, { timeout: 600_000 });
    console.log(`when-transfer-fails: Run all took ${seconds.toFixed(1)} s`);
    console.log((await cellStatuses(page)).join('; '));
    await expect(page.locator('html')).toHaveAttribute('data-kernel-backend', 'wasm');

    await expect(output(page, 'domains')).toContainText('optical digits: 896 train and 901 test digits');
    await expect(output(page, 'domains').locator('canvas')).toHaveCount(24);

    // The teacher on the first 1,000 MNIST test digits (98.6 % on all 10,000, says its model card).
    const zeroShot = await valueText(page, 'zero-shot');
    expect(numberIn(zeroShot, 'MNIST')).toBeGreaterThan(0.96);
    expect(await tableRows(page, 'zero-shot')).toHaveLength(10);

    await expect(output(page, 'synthetic').locator('.tl-out--chart svg')).toHaveCount(3);
    await expect(output(page, 'synthetic').locator('canvas')).toHaveCount(4);

    const adapt = await tableRows(page, 'adapt');
    expect(adapt.map((row) => row.strategy)).toEqual(['scratch', 'feature-extraction', 'fine-tune']);

    const forgetting = await valueText(page, 'forgetting');
    // The same teacher on the same digits through the experiment's own scoring: the same number.
    expect(numberIn(forgetting, 'MNIST before')).toBe(numberIn(zeroShot, 'MNIST'));
    const remedies = Object.fromEntries((await tableRows(page, 'remedies')).map((row) => [row.method, row]));
    expect(Object.keys(remedies)).toEqual(['fine-tune', 'freeze', 'lora', 'rehearsal']);
    const trained = (method: string) => Number(remedies[method]!['weights trained']!.replace(/,/g, ''));
    expect(trained('fine-tune')).toBe(TEACHER);
    expect(trained('freeze')).toBe(1_290);
    // Rank-4 adapters on features (800 -> 128) and logits (128 -> 10).
    expect(trained('lora')).toBe(4 * (800 + 128) + 4 * (128 + 10));
    // Switched off, the adapter leaves the teacher exactly as it was.
    expect(remedies.lora!['MNIST, adapter off']).toBe(String(numberIn(forgetting, 'MNIST before')));

    expect(await tableRows(page, 'multitask')).toHaveLength(3);
    expect((await tableRows(page, 'negative')).map((row) => row.strategy)).toEqual(['scratch', 'fine-tune']);

    expect(await valueText(page, 'cleanup')).toBe('0');
    expect(await exerciseIds(page)).toEqual(['exercise-rotation']);
    await expectExerciseFailsThenPasses(page, 'exercise-rotation');
  });
});

// The lesson's quiz, by an answer key written here (question id -> the right choices), not read
// from the page: each question is answered wrongly, then rightly.
test.describe('when-transfer-fails: the quiz', () => {
  test('marks each answer wrong, then right', async ({ page }) => {
    await page.goto('/lessons/when-transfer-fails/');
    await expectQuizMarksWrongThenRight(page, {
      shift: [1],
      forgetting: [1],
      'rehearsal-cost': [0],
      negative: [0],
      multitask: [1],
    });
  });
});
