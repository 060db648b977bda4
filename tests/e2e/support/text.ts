import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Worker } from '@playwright/test';
import { expect } from './fixtures';

/** The mini T5's evaluation, written by its training script: the truth tests compare with. */
export interface MiniT5Evaluation {
  accuracy: Record<string, { seen: number; held_out: number }>;
  samples: Record<string, Record<'seen' | 'held_out', { input: string; target: string; output: string }[]>>;
}

export function miniT5Evaluation(): MiniT5Evaluation {
  return JSON.parse(readFileSync(join(process.cwd(), 'public/models/mini-t5/eval.json'), 'utf8'));
}

/** Evaluation prompts the model answers correctly (its recorded output is the target), seen phrasings first. */
export function correctSamples(): { input: string; output: string }[] {
  const evaluation = miniT5Evaluation();
  return (['seen', 'held_out'] as const).flatMap((split) =>
    Object.values(evaluation.samples).flatMap((splits) => splits[split].filter((s) => s.output === s.target)),
  );
}

export const playground = (page: Page) => page.locator('tl-prompt-playground');

/** Types a prompt into the playground and presses Generate; waits until the run has finished. */
export async function generate(page: Page, prompt: string, expectError = false) {
  const widget = playground(page);
  await widget.getByLabel('Prompt', { exact: true }).fill(prompt);
  const before = Number((await widget.getAttribute('data-done')) ?? 0);
  await widget.getByRole('button', { name: 'Generate' }).click();
  if (expectError) await expect(widget.locator('[data-role="error"]')).toBeVisible({ timeout: 90_000 });
  else await expect(widget).toHaveAttribute('data-done', String(before + 1), { timeout: 90_000 });
  return widget;
}

/** The page's text worker (transformers.js runs there, not on the page). */
export async function textWorker(page: Page): Promise<Worker> {
  await expect
    .poll(() => page.workers().filter((w) => w.url().includes('text.worker')).length)
    .toBeGreaterThan(0);
  const workers = page.workers().filter((w) => w.url().includes('text.worker'));
  return workers[workers.length - 1];
}

/** Everything a reader can read in the widget (the folded technical details excluded). */
export async function visibleText(page: Page): Promise<string> {
  return playground(page).evaluate((root) => (root as HTMLElement).innerText);
}

/** Starts a long sampled answer (200+ tokens) and waits until a few pieces have arrived. */
export async function startLongAnswer(page: Page) {
  const widget = playground(page);
  await widget.getByLabel('Decoding strategy').selectOption('sample');
  await widget.getByLabel('Max new tokens').fill('256');
  // A minimum length is an advanced setting, folded away as a reader finds it.
  await widget.getByText('More settings').click();
  await widget.getByLabel('Min new tokens').fill('200');
  await widget.getByLabel('Prompt', { exact: true }).fill('reverse : red blue green yellow cat dog fox owl');
  await widget.getByRole('button', { name: 'Generate' }).click();
  await expect
    .poll(async () => Number(await widget.getAttribute('data-pieces')), { timeout: 60_000 })
    .toBeGreaterThan(2);
}
