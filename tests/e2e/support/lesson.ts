import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Drives a lesson's code cells the way a reader does. Shared by every lesson's end-to-end test. */

export const cell = (page: Page, id: string) => page.locator(`tl-code-cell[data-cell="${id}"]`);
export const output = (page: Page, id: string) => cell(page, id).locator('[data-role="output"]');

/** Replaces a cell's code as a reader would: click into it (loading the editor), select all, type. */
export async function setCode(page: Page, id: string, code: string): Promise<void> {
  const target = cell(page, id);
  await target.locator('[data-role="editor"]').click();
  const content = target.locator('.cm-content');
  await expect(content).toBeVisible();
  await content.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(code);
  await expect(content).toHaveText(code.split('\n').join(''), { useInnerText: false });
}

/** Runs one cell and waits until it is no longer running; returns its final status. */
export async function runCell(
  page: Page,
  id: string,
  { how = 'button', timeout = 60_000 }: { how?: 'button' | 'shift-enter'; timeout?: number } = {},
): Promise<string | null> {
  const target = cell(page, id);
  const runsBefore = Number((await target.getAttribute('data-runs')) ?? 0);
  if (how === 'button') await target.locator('button[data-action="run"]').click();
  else await target.locator('.cm-content').press('Shift+Enter');
  await expect(target).toHaveAttribute('data-runs', String(runsBefore + 1), { timeout });
  return target.getAttribute('data-status');
}

/**
 * Presses the page's first "Run all cells" and waits for it to finish; then no cell may be in
 * error except those the lesson marks as failing on purpose (`fails`). Returns the seconds it took.
 */
export async function runAllCells(page: Page, { timeout = 90_000 } = {}): Promise<number> {
  const started = Date.now();
  await page.getByRole('button', { name: 'Run all cells' }).first().click();
  await expect(page.locator('tl-run-all').first()).toHaveAttribute('data-outcome', 'done', { timeout });
  const broken = await page
    .locator('tl-code-cell[data-status="error"]:not([data-fails])')
    .evaluateAll((cells) => cells.map((element) => (element as HTMLElement).dataset.cell));
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
