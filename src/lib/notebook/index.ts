// The notebook runtime for code cells: the page-side kernel handle, the output protocol and edit
// storage. The kernel itself (kernel.worker.ts) runs in a Web Worker and is not imported here.
export {
  NotebookKernel,
  type CellSource,
  type RunCallbacks,
  type RunResult,
  type KernelOptions,
} from './client';
export type { Output, ChartSpec, MarkSpec, CellError, TableValue } from './protocol';
export { cellStorageKey, loadEdit, saveEdit, clearEdit, hashCode } from './storage';
export type { CellLanguage } from './transform';
