/**
 * Shows a text-model error the way every text widget does: the plain message, with the runtime's
 * own text folded away under "Technical details". Works on any widget that contains the markup
 * from `TextError.astro` (`[data-role="error"]` with `error-text`, `error-details`, `error-detail`).
 */
import { errorSummary } from '../../lib/util/errors';

export function showTextError(root: HTMLElement, error: unknown, fallback = 'Something went wrong.'): void {
  const box = root.querySelector<HTMLElement>('[data-role="error"]');
  if (!box) return;
  if (error === null) {
    box.hidden = true;
    return;
  }
  const message = error instanceof Error && error.message ? error.message : fallback;
  const detail = (error as { detail?: string }).detail ?? errorSummary(error);
  box.hidden = false;
  root.querySelector('[data-role="error-text"]')!.textContent = message;
  root.querySelector('[data-role="error-detail"]')!.textContent = detail;
  root.querySelector<HTMLDetailsElement>('[data-role="error-details"]')!.open = false;
}
