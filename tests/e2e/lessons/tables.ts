import type { Page } from '@playwright/test';
import { cell, output } from '../support/lesson';

/** The rows of the last table a cell showed, as objects keyed by column header (cell text). */
export function tableRows(page: Page, id: string): Promise<Record<string, string>[]> {
  return output(page, id)
    .locator('.tl-out--table')
    .last()
    .evaluate((table) => {
      const headers = Array.from(table.querySelectorAll('thead th'), (th) => th.textContent ?? '');
      return Array.from(table.querySelectorAll('tbody tr'), (tr) =>
        Object.fromEntries(
          Array.from(tr.querySelectorAll('td'), (td, i) => [headers[i], td.textContent ?? '']),
        ),
      );
    });
}

/** Each cell's status line after a run ("Done in 2.31 s"), to see where a lesson's time goes. */
export async function cellTimes(page: Page): Promise<Record<string, string>> {
  const ids = await page
    .locator('tl-code-cell')
    .evaluateAll((cells) => cells.map((element) => (element as HTMLElement).dataset.cell ?? ''));
  const times: Record<string, string> = {};
  for (const id of ids)
    times[id] = (await cell(page, id).locator('[data-role="status"]').textContent()) ?? '';
  return times;
}
