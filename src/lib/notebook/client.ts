/**
 * The page's handle on the notebook kernel (the worker in kernel.worker.ts). Runs are queued and
 * answered in order; `stop` ends whatever runs within a moment by terminating the worker, and the
 * next run starts a fresh kernel. No reader code is ever evaluated on the page.
 */
import type { BackendPreference } from '../backend/names';
import type { BackendChoice } from '../backend/names';
import type { CellError, ChartSpec, FromKernel, Output, ToKernel } from './protocol';
import type { CellLanguage } from './transform';

export interface CellSource {
  /** Stable id of the cell on its page. */
  id: string;
  code: string;
  language: CellLanguage;
  check?: string;
}

export interface RunCallbacks {
  onOutput(output: Output): void;
  onChartUpdate(chart: string, spec: ChartSpec): void;
}

export interface RunResult {
  outcome: 'done' | 'error' | 'stopped';
  seconds: number;
  error: CellError | null;
}

export interface KernelOptions {
  preference: BackendPreference;
  /** Called with the kernel's backend each time a kernel starts. */
  onBackend?(choice: BackendChoice): void;
  /** Called when a stop threw away the kernel's state (variables, models). */
  onRestart?(): void;
  /** For tests; the default starts kernel.worker.ts. */
  createWorker?(): Worker;
}

interface Pending {
  callbacks: RunCallbacks;
  resolve(result: RunResult): void;
  started: number;
}

export class NotebookKernel {
  /** Counts kernels started; a cell knows it ran "in this kernel" by remembering the number. */
  generation = 0;
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  /** The latest finished run of each cell: output that arrives late (a timer, a stray rejection) still shows. */
  private readonly finished = new Map<string, { run: number; callbacks: RunCallbacks }>();
  private runs = 0;

  constructor(private readonly options: KernelOptions) {}

  /** Whether any run is queued or running. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  run(cell: CellSource, callbacks: RunCallbacks): Promise<RunResult> {
    const worker = this.ensureWorker();
    const run = ++this.runs;
    return new Promise<RunResult>((resolve) => {
      this.pending.set(run, { callbacks, resolve, started: performance.now() });
      this.finished.delete(cell.id);
      const message: ToKernel = {
        type: 'run',
        run,
        cell: cell.id,
        code: cell.code,
        language: cell.language,
        check: cell.check,
      };
      worker.postMessage(message);
    });
  }

  /** Ends every queued and running cell now. The kernel's state is lost; the next run starts afresh. */
  stop(): void {
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = null;
    this.finished.clear();
    for (const [run, pending] of this.pending) {
      this.pending.delete(run);
      pending.resolve({
        outcome: 'stopped',
        seconds: (performance.now() - pending.started) / 1000,
        error: null,
      });
    }
    this.options.onRestart?.();
    // Start the next kernel now, so the reader's next run does not wait for it.
    this.ensureWorker();
  }

  destroy(): void {
    this.worker?.terminate();
    this.worker = null;
    this.pending.clear();
    this.finished.clear();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.options.createWorker
      ? this.options.createWorker()
      : new Worker(new URL('./kernel.worker.ts', import.meta.url), {
          type: 'module',
          name: 'notebook-kernel',
        });
    this.generation++;
    worker.addEventListener('message', (event: MessageEvent<FromKernel>) => this.receive(event.data));
    worker.addEventListener('error', (event) => {
      // The worker script itself failed to load: fail the waiting runs rather than hang.
      event.preventDefault();
      for (const [run, pending] of this.pending) {
        this.pending.delete(run);
        pending.resolve({
          outcome: 'error',
          seconds: 0,
          error: {
            name: 'KernelError',
            message: `The notebook kernel could not start: ${event.message || 'unknown error'}. Reload the page.`,
            line: null,
            beforeRunning: true,
          },
        });
      }
    });
    const start: ToKernel = { type: 'start', preference: this.options.preference };
    worker.postMessage(start);
    this.worker = worker;
    return worker;
  }

  private receive(message: FromKernel): void {
    if (message.type === 'ready') {
      this.options.onBackend?.(message.backend);
      return;
    }
    if (message.type === 'backend-failed') return;
    const pending = this.pending.get(message.run);
    if (!pending) {
      const late = this.finished.get(message.cell);
      if (late?.run !== message.run) return;
      if (message.type === 'output') late.callbacks.onOutput(message.output);
      else if (message.type === 'chart-update') late.callbacks.onChartUpdate(message.chart, message.spec);
      return;
    }
    if (message.type === 'output') pending.callbacks.onOutput(message.output);
    else if (message.type === 'chart-update') pending.callbacks.onChartUpdate(message.chart, message.spec);
    else if (message.type === 'done') {
      this.pending.delete(message.run);
      this.finished.set(message.cell, { run: message.run, callbacks: pending.callbacks });
      pending.resolve({
        outcome: message.error ? 'error' : 'done',
        seconds: message.seconds,
        error: message.error,
      });
    }
  }
}
