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

export function publishActiveBackend(choice: BackendChoice, where: ActiveBackend['where'] = 'page'): void {
  latest = { choice, where };
  for (const listener of listeners) listener(latest);
}

/** Calls `listener` now (if a backend is known) and on every change; returns an unsubscribe. */
export function onActiveBackend(listener: Listener): () => void {
  listeners.add(listener);
  if (latest) listener(latest);
  return () => listeners.delete(listener);
}
