import { test, expect } from '../support/fixtures';
import { expectExerciseFailsThenPasses, exerciseIds, output, runAllCells } from '../support/lesson';
import { expectQuizMarksWrongThenRight } from '../support/quiz';

// Lesson 10 run as a reader runs it, on WebAssembly (the fast backend on these machines): every cell
// ends without an error, the exercise fails on its starter code and passes with its solution, and
// the quiz marks right and wrong answers by an answer key written here, independently of the page.
const LESSON = '/lessons/transfer-in-practice/?backend=wasm';

/** The accuracies a cell's result table shows, keyed by its first column. */
async function tableColumn(page: import('@playwright/test').Page, id: string, column: string) {
  const table = output(page, id).locator('.tl-out--table');
  const headers = await table.locator('thead th').allTextContents();
  const index = headers.indexOf(column);
  expect(index, `column "${column}" in ${headers.join(', ')}`).toBeGreaterThan(-1);
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
  return rows.map((row) => ({ name: row[0]!, value: Number.parseFloat(row[index]!) }));
}

test.describe('lesson 10: transfer learning in practice', () => {
  test('renders with its diagram and quiz, and no console error', async ({ page }) => {
    await page.goto(LESSON);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Transfer learning in practice' }),
    ).toBeVisible();
    const diagram = page.getByRole('img', { name: /Five places transfer learning is used/ });
    await expect(diagram).toBeVisible();
    await expect(page.locator('form.tl-quiz__question')).toHaveCount(9);
    // The glossary linker ran on this page: its first "linear probe" links to the entry.
    await expect(page.locator('a.tl-term[data-term="linear-probe"]')).toHaveCount(1);
  });

  test('Run all finishes with no cell in error, and the exercise fails then passes', async ({ page }) => {
    test.setTimeout(360_000);
    await page.goto(LESSON);
    const seconds = await runAllCells(page, { timeout: 300_000 });
    console.log(`transfer-in-practice: Run all took ${seconds.toFixed(1)} s`);
    await expect(page.locator('html')).toHaveAttribute('data-kernel-backend', 'wasm');

    const vision = await tableColumn(page, 'vision', 'probe accuracy on 5-9');
    const source = await tableColumn(page, 'vision', 'accuracy on 0-4');
    console.log(
      'vision (source accuracy, probe accuracy):',
      JSON.stringify(vision.map((row, i) => [row.name, source[i]!.value, row.value])),
    );
    expect(vision).toHaveLength(3);
    console.log('domain:', await output(page, 'domain').innerText());
    await expect(output(page, 'domain').locator('canvas')).toHaveCount(10);

    expect(await exerciseIds(page)).toEqual(['exercise-domain']);
    await expectExerciseFailsThenPasses(page, 'exercise-domain');
  });

  test('the quiz marks each answer by the course, not by the page', async ({ page }) => {
    // The answer key, from the lessons themselves: question id -> the right choices' indices.
    const key: Record<string, number[]> = {
      'source-target': [1],
      'feature-extraction': [1],
      lora: [1],
      'negative-transfer': [0, 1, 3],
      'bert-gpt-t5': [2],
      'instruction-tuning': [0],
      'in-context': [1],
      'domain-repair': [2],
      distillation: [0],
    };
    await page.goto(LESSON);
    await expectQuizMarksWrongThenRight(page, key);
  });
});
