import { test, expect } from '../support/fixtures';
import { expectQuizMarksWrongThenRight } from '../support/quiz';
import { cellTimes } from './tables';
import { exerciseIds, expectExerciseFailsThenPasses, output, runAllCells } from '../support/lesson';

const LESSON = '/lessons/instruction-tuning/?backend=webgl&textDevice=wasm';

test.describe('the instruction-tuning lesson', () => {
  test('runs every cell with the mini T5 inside the kernel, and its exercise fails then passes', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.goto(LESSON);
    const seconds = await runAllCells(page, { timeout: 150_000 });
    console.log(`instruction-tuning: Run all took ${seconds.toFixed(1)} s`, await cellTimes(page));

    // Greedy and beam search agree on the sort prompt; the sampled rows are there too.
    const decoding = output(page, 'decoding').locator('.tl-out--table tbody tr');
    await expect(decoding).toHaveCount(11);
    console.log('instruction-tuning, decoding:', JSON.stringify(await decoding.allTextContents()));
    console.log(
      'instruction-tuning, own prompts:',
      JSON.stringify(await output(page, 'ask').locator('.tl-out--table tbody tr').allTextContents()),
    );
    await expect(decoding.nth(0)).toContainText('apple cat pear');
    await expect(decoding.nth(1)).toContainText('apple cat pear');
    // What the prose says: at temperature 0.5 the draws agree with greedy decoding, at 3 they scatter.
    const answers = await decoding.evaluateAll((rows) =>
      rows.map((row) => row.lastElementChild?.textContent ?? ''),
    );
    expect(answers.slice(2, 5)).toEqual(['apple cat pear', 'apple cat pear', 'apple cat pear']);
    expect(answers.slice(8).some((answer) => answer !== 'apple cat pear')).toBe(true);
    await expect(output(page, 'ask').locator('.tl-out--table tbody tr')).toHaveCount(3);

    expect(await exerciseIds(page)).toEqual(['exercise-phrasing']);
    await expectExerciseFailsThenPasses(page, 'exercise-phrasing');
  });

  test('draws the two new tasks as curves, one line per seed, with a text alternative', async ({ page }) => {
    await page.goto(LESSON);
    const figure = page.getByRole('img', {
      name: 'Learning a task the model never saw: accuracy against steps',
    });
    await expect(figure).toBeVisible();
    // Three seeds of each task (the bench's part "new"): the plotted lines, and the description.
    await expect(figure.locator('path.tl-curve--a')).toHaveCount(3);
    await expect(figure.locator('path.tl-curve--b')).toHaveCount(3);
    await expect(figure.locator('desc')).toContainText('Last word: all 3 seeds reached 90');
    await expect(figure.locator('desc')).toContainText('German to English: 0 of 3 seeds reached 90');
  });

  test('the old text-to-text address redirects here', async ({ page }) => {
    await page.goto('/lessons/text-to-text/');
    await expect(page).toHaveURL(/\/lessons\/instruction-tuning\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Instruction tuning and FLAN-T5');
  });
});

// The lesson's quiz, by an answer key written here (question id -> the right choices), not read
// from the page: each question is answered wrongly, then rightly.
test.describe('instruction-tuning: the quiz', () => {
  test('marks each answer wrong, then right', async ({ page }) => {
    await page.goto('/lessons/instruction-tuning/');
    await expectQuizMarksWrongThenRight(page, {
      'stronger-test': [1],
      'mini-multitask': [0],
      phrasings: [0],
      greedy: [0],
    });
  });
});
