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
/** The latest report from each side: widgets and code cells may run on different backends. */
const latest = new Map<ActiveBackend['where'], ActiveBackend>();

/**
 * Tells the page's listeners (the backend indicator) which backend now runs.
 * @param choice the backend chosen by useBackend
 * @param where 'page' (default) or 'kernel': which side chose it
 * @example
 * publishActiveBackend(await useBackend('cpu'));
 */
export function publishActiveBackend(choice: BackendChoice, where: ActiveBackend['where'] = 'page'): void {
  const active = { choice, where };
  latest.delete(where); // Re-inserted last, so a new listener hears the sides in the order they reported.
  latest.set(where, active);
  for (const listener of listeners) listener(active);
}

/**
 * Calls `listener` now (once per side already known) and on every change; returns an unsubscribe.
 * @param listener called with the backend each time one is chosen (and at once, if one already is)
 * @returns a function that stops listening
 * @example
 * const stop = onActiveBackend((active) => console.log(active.choice.label));
 * stop();
 */
export function onActiveBackend(listener: Listener): () => void {
  listeners.add(listener);
  for (const active of latest.values()) listener(active);
  return () => listeners.delete(listener);
}

/** The indicator's words for what ran: one line, and the reasons behind it. */
export interface ActiveSummary {
  summary: string;
  detail: string;
}

/**
 * Says where widgets (the page) and code cells (the kernel) ran. They can differ: a kernel in a
 * worker has no WebGL in WebKit, so its cells run on the CPU while the page's widgets use WebGL, and
 * the reader is told so rather than shown whichever side reported last.
 */
export function describeActive(page: BackendChoice | null, cells: BackendChoice | null): ActiveSummary {
  const unique = (lines: string[]) => [...new Set(lines)].join('. ');
  if (page && cells) {
    if (page.name === cells.name)
      return {
        summary: `Running on ${page.label} (widgets and code cells)`,
        detail: unique([...page.skipped, ...cells.skipped]),
      };
    return {
      summary: `Widgets run on ${page.label}; code cells run on ${cells.label}`,
      detail: unique([
        `Code cells run on another backend than the widgets in this browser. ${cells.skipped.join('. ')}`,
        ...page.skipped,
      ]),
    };
  }
  if (page) return { summary: `Running on ${page.label}`, detail: unique(page.skipped) };
  if (cells) return { summary: `Running on ${cells.label} (code cells)`, detail: unique(cells.skipped) };
  return { summary: '', detail: '' };
}
