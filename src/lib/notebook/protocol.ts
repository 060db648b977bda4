/**
 * The messages between the page and the kernel worker. Everything here is plain data (structured
 * clone), because the worker has no DOM: it describes outputs, the page draws them.
 */
import type { BackendChoice } from '../backend/names';
import type { BackendPreference } from '../backend/names';
import type { CellLanguage } from './transform';

/** One scalar in a table cell. */
export type TableValue = string | number | boolean | null;

/** A Plot mark as data: `Plot[mark](data, options)` on the page. */
export interface MarkSpec {
  mark: string;
  data: Record<string, unknown>[] | number[] | null;
  options: Record<string, unknown>;
}

/** `Plot.plot(options)` as data: the marks plus plain options (width, height, x, y, color, ...). */
export interface ChartSpec {
  marks: MarkSpec[];
  options: Record<string, unknown>;
}

export type Output =
  | { kind: 'log'; level: 'log' | 'info' | 'warn' | 'error'; text: string }
  | { kind: 'value'; text: string }
  | { kind: 'table'; columns: string[]; rows: TableValue[][]; total: number }
  | { kind: 'tensor'; shape: number[]; dtype: string; text: string; size: number }
  | { kind: 'chart'; chart: string; spec: ChartSpec }
  | {
      kind: 'images';
      images: { width: number; height: number; data: Uint8ClampedArray; label?: string }[];
      scale: number;
    }
  | { kind: 'note'; text: string }
  | { kind: 'check'; passed: boolean; message: string };

/** Where a failure happened, in the reader's own line numbers. */
export interface CellError {
  name: string;
  message: string;
  /** 1-based line in the cell's code, when known. */
  line: number | null;
  /** Failed before running (a syntax error): nothing in the cell ran. */
  beforeRunning: boolean;
}

export interface RunRequest {
  type: 'run';
  run: number;
  cell: string;
  code: string;
  language: CellLanguage;
  /** Source of an exercise check: an expression that evaluates to `(answer) => verdict`. */
  check?: string;
}

export type ToKernel = { type: 'start'; preference: BackendPreference } | RunRequest;

export type FromKernel =
  | { type: 'ready'; backend: BackendChoice }
  | { type: 'backend-failed'; message: string }
  | { type: 'output'; run: number; cell: string; output: Output }
  /** Re-draw a chart already shown (a live chart's new data). */
  | { type: 'chart-update'; run: number; cell: string; chart: string; spec: ChartSpec }
  | { type: 'done'; run: number; cell: string; seconds: number; error: CellError | null };
