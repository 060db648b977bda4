import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Drives a lesson's code cells the way a reader does. Shared by every lesson's end-to-end test. */

export const cell = (page: Page, id: string) => page.locator(`tl-code-cell[data-cell="${id}"]`);
export const output = (page: Page, id: string) => cell(page, id).locator('[data-role="output"]');

/** Replaces a cell's code as a reader would: click into it (loading the editor), select all, type. */
export async function setCode(page: Page, id: string, code: string): Promise<void> {
  const target = cell(page, id);
  await target.locator('[data-role="editor"]').click();
  const content = target.locator('.cm-content');
  await expect(content).toBeVisible();
  // Empty the cell first and wait until it is empty: typing '' over a selection does not always
  // delete it (CI saw "1 + 1" survive), and the editor may take the first keys before it is ready.
  await expect(async () => {
    await content.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await expect(content).toHaveText('', { useInnerText: false, timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  if (code) await page.keyboard.insertText(code);
  await expect(content).toHaveText(code.split('\n').join(''), { useInnerText: false });
}

/**
 * A cell inside a predict-then-run exercise is locked (inert: it takes no clicks) until a guess is
 * in. As a reader must, lock in a guess (the first choice) before running it; the exercise itself
 * is checked by predictThenRun in support/quiz.ts.
 */
async function unlockPrediction(page: Page, id: string): Promise<void> {
  const box = page.locator('tl-predict', { has: cell(page, id) });
  if ((await box.count()) === 0 || (await box.getAttribute('data-state')) !== 'guessing') return;
  await box.locator('input[type="radio"]').first().check();
  await box.getByRole('button', { name: 'Lock in my guess' }).click();
  await expect(box.locator('[data-role="cell"]')).not.toHaveAttribute('inert', '');
}

/** Runs one cell and waits until it is no longer running; returns its final status. */
export async function runCell(
  page: Page,
  id: string,
  { how = 'button', timeout = 60_000 }: { how?: 'button' | 'shift-enter'; timeout?: number } = {},
): Promise<string | null> {
  const target = cell(page, id);
  await unlockPrediction(page, id);
  const runsBefore = Number((await target.getAttribute('data-runs')) ?? 0);
  if (how === 'button') await target.locator('button[data-action="run"]').click();
  else await target.locator('.cm-content').press('Shift+Enter');
  await expect(target).toHaveAttribute('data-runs', String(runsBefore + 1), { timeout });
  return target.getAttribute('data-status');
}

/**
 * Runs every cell of the page in order, as a reader pressing each Run button would (hidden setup
 * cells run by themselves before the cells below them). Each cell is its own test step, named after
 * it, and a cell that ends in an error fails softly: the step names the cell and the cells after it
 * still run and report. Cells the lesson marks as failing on purpose (`fails`) may end in an error.
 * `timeout` guards each cell against a hang. Returns the seconds the whole page took.
 */
export async function runAllCells(page: Page, { timeout = 90_000 } = {}): Promise<number> {
  const started = Date.now();
  const cells = await page.locator('tl-code-cell:not([data-mode="setup"])').evaluateAll((found) =>
    found.map((element) => ({
      id: (element as HTMLElement).dataset.cell ?? '',
      fails: element.hasAttribute('data-fails'),
    })),
  );
  expect(cells.length, 'a lesson page has code cells').toBeGreaterThan(0);
  const broken: string[] = [];
  for (const { id, fails } of cells) {
    await test.step(`cell "${id}"`, async () => {
      const status = await runCell(page, id, { timeout });
      if (fails) return;
      const error =
        status === 'error' ? await output(page, id).locator('.tl-out--error').first().textContent() : '';
      if (status === 'error') broken.push(id);
      expect.soft(status, `cell "${id}" ended in an error: ${error ?? ''}`).not.toBe('error');
    });
  }
  expect(broken, 'cells that ended in an error').toEqual([]);
  return (Date.now() - started) / 1000;
}

/** The ids of the page's exercise cells, in page order. */
export function exerciseIds(page: Page): Promise<string[]> {
  return page
    .locator('tl-code-cell[data-mode="exercise"]')
    .evaluateAll((cells) => cells.map((element) => (element as HTMLElement).dataset.cell ?? ''));
}

/**
 * An exercise must fail on its starter code and pass with its solution. Runs the starter code
 * unless it has already run (after Run all), then puts the solution in through the reader's own
 * "Show a solution" control and runs it.
 */
export async function expectExerciseFailsThenPasses(
  page: Page,
  id: string,
  { timeout = 60_000 } = {},
): Promise<void> {
  const target = cell(page, id);
  const check = output(page, id).locator('.tl-out--check');
  if ((await check.count()) === 0) await runCell(page, id, { timeout });
  await expect(check, `exercise "${id}" on its starter code`).toHaveAttribute('data-passed', 'false');
  await target.locator('.tl-cell__solution summary').click();
  await target.getByRole('button', { name: 'Put this solution in the cell' }).click();
  await runCell(page, id, { timeout });
  await expect(check, `exercise "${id}" with its solution`).toHaveAttribute('data-passed', 'true');
}

/** A cell's (first) table as one object per row, keyed by the column headers. */
export async function tableRows(page: Page, id: string): Promise<Record<string, string>[]> {
  const table = output(page, id).locator('.tl-out--table').first();
  const headers = await table.locator('thead th').allTextContents();
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
  return rows.map((row) => Object.fromEntries(headers.map((header, i) => [header, row[i] ?? ''])));
}

/** A number in a cell's value text as the notebook prints it (1,234,567 or 0.9123), under a bare or a quoted key. */
export function numberIn(text: string, key: string): number {
  const match = new RegExp(`(?:"${key}"|\\b${key}): (-?[0-9.,e+-]+)`).exec(text);
  if (!match) throw new Error(`no "${key}" in ${text}`);
  return Number(match[1]!.replace(/,/g, ''));
}

/** The value a cell's last line showed, as text (objects show as JSON-like text). */
export async function valueText(page: Page, id: string): Promise<string> {
  return (await output(page, id).locator('.tl-out--value').last().textContent()) ?? '';
}

/** Each cell's id and status line (e.g. "Done in 2.3 s"), in page order: how long each cell took. */
export function cellStatuses(page: Page): Promise<string[]> {
  return page
    .locator('tl-code-cell')
    .evaluateAll((cells) =>
      cells.map(
        (c) =>
          `${(c as HTMLElement).dataset.cell}: ${c.querySelector('[data-role="status"]')?.textContent ?? ''}`,
      ),
    );
}
