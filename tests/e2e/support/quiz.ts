import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { runCell } from './lesson';

/**
 * Answers a lesson's quiz the way a reader does: for every question, Check with nothing ticked
 * (asked to choose), then a wrong choice (marked wrong, explanation shown), then exactly the right
 * ones (marked right). `key` is the answer key written in the test, independently of the page:
 * question id -> the right choices' indices, in page order.
 */
export async function expectQuizMarksWrongThenRight(
  page: Page,
  key: Record<string, number[]>,
): Promise<void> {
  const forms = page.locator('form.tl-quiz__question');
  expect(await forms.evaluateAll((all) => all.map((f) => (f as HTMLElement).dataset.question))).toEqual(
    Object.keys(key),
  );
  for (const [id, right] of Object.entries(key)) {
    const form = page.locator(`form.tl-quiz__question[data-question="${id}"]`);
    const choices = form.locator('input');
    const count = await choices.count();
    const check = form.getByRole('button', { name: 'Check' });
    await check.click();
    await expect(form).toHaveAttribute('data-result', 'unanswered');
    const wrong = [...Array(count).keys()].find((i) => !right.includes(i));
    expect(wrong, `${id}: a question needs at least one wrong choice`).toBeDefined();
    await choices.nth(wrong!).check();
    await check.click();
    await expect(form, `${id}: choice ${wrong} is wrong`).toHaveAttribute('data-result', 'wrong');
    await expect(form.locator('[data-role="explanation"]')).toBeVisible();
    if (right.length > 1) await choices.nth(wrong!).uncheck();
    for (const i of right) await choices.nth(i).check();
    await check.click();
    await expect(form, `${id}: choices ${right.join(', ')} are right`).toHaveAttribute(
      'data-result',
      'right',
    );
  }
}

/**
 * A predict-then-run exercise as a reader meets it: its cell is locked until a guess is locked in;
 * then it runs, and once it has finished the guess is compared with the outcome. Guesses `guess`
 * and expects the verdict `expected` ('right' or 'wrong'). Returns the verdict's text.
 */
export async function predictThenRun(
  page: Page,
  id: string,
  { guess, expected, timeout = 60_000 }: { guess: number; expected: 'right' | 'wrong'; timeout?: number },
): Promise<string> {
  const box = page.locator(`tl-predict[data-predict="${id}"]`);
  const cellBox = box.locator('[data-role="cell"]');
  await expect(cellBox, `${id}: the cell is locked before a guess`).toHaveAttribute('inert', '');
  // Locking in nothing asks for a choice and keeps the cell locked.
  await box.getByRole('button', { name: 'Lock in my guess' }).click();
  await expect(box).toHaveAttribute('data-state', 'guessing');
  await box.locator('input[type="radio"]').nth(guess).check();
  await box.getByRole('button', { name: 'Lock in my guess' }).click();
  await expect(cellBox).not.toHaveAttribute('inert', '');
  const cellId = await cellBox.locator('tl-code-cell').getAttribute('data-cell');
  // A cell that already ran (Run all) is compared at once; otherwise run it now.
  if ((await box.getAttribute('data-state')) !== 'revealed') {
    expect(await runCell(page, cellId!, { timeout }), `${id}: the experiment ran`).toBe('done');
  }
  await expect(box).toHaveAttribute('data-state', 'revealed');
  await expect(box, `${id}: guess ${guess}`).toHaveAttribute('data-result', expected);
  const verdict = box.locator('[data-role="verdict"]');
  await expect(verdict).toBeVisible();
  return (await verdict.innerText()).trim();
}
