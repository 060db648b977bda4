/**
 * The notebook of one page: its single kernel (shared by every cell, so names and models carry
 * from cell to cell) and its cells in document order. Loaded on the first interaction with a cell.
 */
import { NotebookKernel, type RunResult } from '../../lib/notebook/client';
import { currentPreference, publishActiveBackend } from '../../lib/backend';
import { CellView } from './cell-view';

let kernel: NotebookKernel | null = null;
const views = new Map<HTMLElement, CellView>();

export function getKernel(): NotebookKernel {
  kernel ??= new NotebookKernel({
    preference: currentPreference().preference,
    onBackend: (choice) => {
      publishActiveBackend(choice, 'kernel');
      document.documentElement.dataset.kernelBackend = choice.name;
    },
    onRestart: () => {
      for (const view of views.values()) view.kernelRestarted();
    },
  });
  return kernel;
}

/** The view of a cell element, mounting its editor the first time. */
export function viewOf(element: HTMLElement): CellView {
  let view = views.get(element);
  if (!view) {
    view = new CellView(element, { kernel: getKernel, beforeRun: runSetupBefore, stopAll });
    views.set(element, view);
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

/** Runs every cell of the page from the top, stopping at the first error or stop. */
export async function runAll(
  onProgress?: (fraction: number, status: string) => void,
): Promise<RunResult['outcome']> {
  const cells = allCells();
  for (const [index, cell] of cells.entries()) {
    onProgress?.(index / cells.length, `Running cell ${index + 1} of ${cells.length}`);
    const result = await viewOf(cell).run({ skipSetup: true });
    // A cell that shows an error on purpose (CodeCell's `fails`) does not stop the others.
    if (result.outcome === 'error' && cell.dataset.fails !== undefined) continue;
    if (result.outcome !== 'done') {
      onProgress?.(
        index / cells.length,
        result.outcome === 'stopped' ? 'Stopped' : `Cell ${index + 1} failed; fix it and run again`,
      );
      return result.outcome;
    }
  }
  onProgress?.(1, `Ran all ${cells.length} cells`);
  return 'done';
}
