import type { BackendChoice } from './names';

/**
 * Page-wide record of the backend in use, so the indicator can show what a widget or the code-cell
 * kernel (which reports from its worker) actually ran on. Holds no tfjs: cheap to import anywhere.
 */
export interface ActiveBackend {
  choice: BackendChoice;
  /** Who reported it: "page" for widgets, "kernel" for the code-cell worker. */
  where: 'page' | 'kernel';
}

type Listener = (active: ActiveBackend) => void;
const listeners = new Set<Listener>();
let latest: ActiveBackend | null = null;

/**
 * Tells the page's listeners (the backend indicator) which backend now runs.
 * @param choice the backend chosen by useBackend
 * @param where 'page' (default) or 'kernel': which side chose it
 * @example
 * publishActiveBackend(await useBackend('cpu'));
 */
export function publishActiveBackend(choice: BackendChoice, where: ActiveBackend['where'] = 'page'): void {
  latest = { choice, where };
  for (const listener of listeners) listener(latest);
}

/**
 * Calls `listener` now (if a backend is known) and on every change; returns an unsubscribe.
 * @param listener called with the backend each time one is chosen (and at once, if one already is)
 * @returns a function that stops listening
 * @example
 * const stop = onActiveBackend((active) => console.log(active.choice.label));
 * stop();
 */
export function onActiveBackend(listener: Listener): () => void {
  listeners.add(listener);
  if (latest) listener(latest);
  return () => listeners.delete(listener);
}
