/**
 * The messages between the page and the code-cell kernel. Everything here is plain data
 * (structured clone): the kernel runs in a sandboxed frame with an opaque origin, so it describes
 * outputs and the page draws them, after checking every message (host/validate.ts), because the
 * reader's code runs next to the kernel and can post anything.
 */
import type { BackendChoice } from '../lib/backend/names';
import type { BackendPreference } from '../lib/backend/names';
import type { KeptModel } from '../lib/models/kept-store';

export type CellLanguage = 'ts' | 'js';

/** Bumped when the page and the frame's supervisor stop understanding each other. */
export const PROTOCOL_VERSION = 1;

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

export interface ImageData8 {
  width: number;
  height: number;
  /** RGBA, width * height * 4 bytes. */
  data: Uint8ClampedArray;
  label?: string;
}

export type Output =
  | { kind: 'log'; level: 'log' | 'info' | 'warn' | 'error'; text: string }
  | { kind: 'value'; text: string }
  | { kind: 'table'; columns: string[]; rows: TableValue[][]; total: number }
  | { kind: 'tensor'; shape: number[]; dtype: string; text: string; size: number }
  | { kind: 'chart'; chart: string; spec: ChartSpec }
  | { kind: 'images'; images: ImageData8[]; scale: number }
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
  /**
   * A random secret of this run, chosen by the page. Every message about the run carries it, and
   * the page accepts none without it: code in another cell cannot write into this one without
   * knowing it (the kernel keeps it out of reader code's reach, see kernel/entry.ts).
   */
  token: string;
  cell: string;
  code: string;
  language: CellLanguage;
  /** Source of an exercise check: an expression that evaluates to `(answer) => verdict`. */
  check?: string;
}

/** How the kernel runs inside the frame: in the frame's document, or in a worker the frame starts. */
export type KernelMode = 'frame' | 'worker';

/** What the kernel needs to start (sent by the page once the frame has said hello). */
export interface BootRequest {
  type: 'boot';
  mode: KernelMode;
  /** The kernel bundle's source text (the frame cannot fetch the site's files itself). */
  source: string;
  /** The site's root URL, e.g. https://host/base/: site paths in cells resolve against it. */
  siteBase: string;
  preference: BackendPreference;
}

/** Page -> frame supervisor, before the kernel exists. */
export type ToSupervisor = { type: 'spin'; ms: number } | BootRequest;

/** Frame supervisor -> page. */
export type FromSupervisor =
  | { type: 'hello'; version: number }
  | { type: 'spun'; start: number; end: number }
  /** The kernel worker failed (its script did not load, or the browser ended it). */
  | { type: 'kernel-died'; message: string };

/** Page -> kernel. */
export type ToKernel =
  | RunRequest
  | {
      type: 'fetched';
      id: number;
      status: number;
      statusText: string;
      headers: [string, string][];
      body: ArrayBuffer;
    }
  | { type: 'bridge-failed'; id: number; message: string }
  | { type: 'shared-model'; id: number; artifacts: SharedModelArtifacts };

/** A model the page deliberately kept for code cells (tfjs model artifacts, weights in one buffer). */
export type SharedModelArtifacts = KeptModel['artifacts'];

/** Kernel -> page. */
export type FromKernel =
  | { type: 'ready'; backend: BackendChoice }
  | { type: 'backend-failed'; message: string }
  | { type: 'output'; run: number; token: string; cell: string; output: Output }
  /** Re-draw a chart already shown (a live chart's new data). */
  | { type: 'chart-update'; run: number; token: string; cell: string; chart: string; spec: ChartSpec }
  | { type: 'done'; run: number; token: string; cell: string; seconds: number; error: CellError | null }
  /** The GPU device under tfjs's WebGPU backend was lost: the page restarts the kernel on WebGL. */
  | { type: 'device-lost'; message: string }
  /** A request for one of the site's files (data, models, ONNX Runtime), which the page fetches. */
  | { type: 'fetch'; id: number; url: string }
  /** A request for a model the page kept for code cells (`tf.loadLayersModel('indexeddb://name')`). */
  | { type: 'load-shared-model'; id: number; name: string };
