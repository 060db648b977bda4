/**
 * The notebook of one page: its single kernel (shared by every cell, so names and models carry
 * from cell to cell) and its cells in document order. Loaded on the first interaction with a cell.
 * The kernel's state is mirrored on <html> for the indicator and for tests: data-kernel-backend,
 * data-kernel-mode ("frame" or "worker"), data-kernel-state and data-kernel-generation.
 */
import { NotebookKernel, type RunResult } from '../../notebook/host/client';
import { currentPreference, publishActiveBackend } from '../../lib/backend';
import { CellView } from './cell-view';

let kernel: NotebookKernel | null = null;
const views = new Map<HTMLElement, CellView>();

export function getKernel(): NotebookKernel {
  const html = document.documentElement;
  kernel ??= new NotebookKernel({
    preference: currentPreference().preference,
    onBackend: (choice, mode) => {
      publishActiveBackend(choice, 'kernel');
      html.dataset.kernelBackend = choice.name;
      if (mode) html.dataset.kernelMode = mode;
    },
    onRestart: () => {
      for (const view of views.values()) view.kernelRestarted();
    },
    onState: (state, generation) => {
      html.dataset.kernelState = state;
      html.dataset.kernelGeneration = String(generation);
    },
  });
  return kernel;
}

/** The view of a cell element, mounting its editor the first time. */
export function viewOf(element: HTMLElement): CellView {
  let view = views.get(element);
  if (!view) {
    view = new CellView(element, { kernel: getKernel, beforeRun: runSetupBefore, stopAll, restartKernel });
    views.set(element, view);
    // The reader is about to run something: start the kernel while they read or type.
    getKernel().warm();
  }
  return view;
}

function allCells(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('tl-code-cell')];
}

/** Setup cells (hidden, run automatically) above `element` that have not run in this kernel yet. */
async function runSetupBefore(element: HTMLElement): Promise<RunResult | null> {
  const generation = getKernel().generation;
  for (const cell of allCells()) {
    if (cell === element) break;
    if (cell.dataset.mode !== 'setup') continue;
    const view = viewOf(cell);
    if (view.ranInGeneration === generation) continue;
    const result = await view.run({ skipSetup: true });
    if (result.outcome !== 'done') return result;
  }
  return null;
}

function stopAll(): void {
  kernel?.stop();
}

/** A fresh kernel: every variable and model goes, the cells' code stays. */
export function restartKernel(): void {
  getKernel().restart();
}

export type RunAllOutcome = RunResult['outcome'] | 'timed-out';

/**
 * Runs every cell of the page from the top, stopping at the first error or stop. With a time
 * limit, a run that takes longer is stopped (the kernel restarts) and the outcome says so.
 */
export async function runAll(
  onProgress?: (fraction: number, status: string) => void,
  options: { timeLimitSeconds?: number } = {},
): Promise<RunAllOutcome> {
  const cells = allCells();
  const limit = options.timeLimitSeconds;
  let timedOut = false;
  const timer =
    limit && limit > 0
      ? setTimeout(() => {
          timedOut = true;
          kernel?.stop();
        }, limit * 1000)
      : null;
  try {
    for (const [index, cell] of cells.entries()) {
      onProgress?.(index / cells.length, `Running cell ${index + 1} of ${cells.length}`);
      const result = await viewOf(cell).run({ skipSetup: true });
      // A cell that shows an error on purpose (CodeCell's `fails`) does not stop the others.
      if (result.outcome === 'error' && cell.dataset.fails !== undefined) continue;
      if (result.outcome !== 'done') {
        const status = timedOut
          ? `Stopped at cell ${index + 1}: Run all reached its time limit of ${limit} s`
          : result.outcome === 'stopped'
            ? 'Stopped'
            : `Cell ${index + 1} failed; fix it and run again`;
        onProgress?.(index / cells.length, status);
        return timedOut ? 'timed-out' : result.outcome;
      }
    }
    onProgress?.(1, `Ran all ${cells.length} cells`);
    return 'done';
  } finally {
    if (timer) clearTimeout(timer);
  }
}
