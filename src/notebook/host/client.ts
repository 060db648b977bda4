/**
 * The page's handle on the notebook kernel. Runs are queued and answered in order. Every message
 * from the kernel is checked (validate.ts) before it reaches a cell, and only the run it names may
 * receive it: a forged message cannot write into another cell's run or relabel the backend.
 * `stop` and `restart` throw the kernel away (its frame is removed); a kernel that dies on its own
 * (out of memory, a crash, a lost GPU) fails its run with a clear message and is replaced at once.
 * No reader code is ever run on the page.
 */
import type { BackendPreference } from '../../lib/backend/names';
import type { BackendChoice } from '../../lib/backend/names';
import { MAX_CHARACTERS, MAX_CHART_UPDATES, MAX_OUTPUTS, OutputBudget } from '../budget';
import type { CellError, CellLanguage, ChartSpec, KernelMode, Output } from '../protocol';
import { answerRequest, type KernelRequest } from './bridge';
import { startFrameTransport, type KernelTransport, type StartTransport } from './frame-host';
import { checkMessage } from './validate';

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

export type KernelState = 'starting' | 'ready' | 'failed';

export interface KernelOptions {
  preference: BackendPreference;
  /** Called with the kernel's backend each time a kernel starts. */
  onBackend?(choice: BackendChoice, mode: KernelMode | null): void;
  /** Called when the kernel's state (variables, models) was thrown away. */
  onRestart?(reason: 'stopped' | 'restarted' | 'died'): void;
  /** Called as a kernel starts, becomes ready, or fails to start. */
  onState?(state: KernelState, generation: number): void;
  /** For tests; the default starts the sandboxed frame (frame-host.ts). */
  startTransport?: StartTransport;
  /** The page URL charts' relative links resolve against, and the site base for the bridge. */
  pageUrl?: () => string;
  siteBase?: () => string;
}

interface Pending {
  cell: string;
  token: string;
  callbacks: RunCallbacks;
  resolve(result: RunResult): void;
  started: number;
  budget: OutputBudget;
  /** Reasons already told to this run's cell, so a flood of bad messages gives one note each. */
  told: Set<string>;
}

interface Finished {
  run: number;
  token: string;
  callbacks: RunCallbacks;
  budget: OutputBudget;
}

/** The page's own caps sit a little above the kernel's, so an honest run is capped (and told) once. */
const pageBudget = () => new OutputBudget(MAX_OUTPUTS + 10, MAX_CHARACTERS * 2, MAX_CHART_UPDATES + 10);

/** Outputs that may still arrive after their run ended (a timer's log or chart); never a check's verdict. */
const LATE_KINDS: ReadonlySet<Output['kind']> = new Set([
  'log',
  'value',
  'note',
  'tensor',
  'table',
  'images',
  'chart',
]);

/** 128 random bits, as hex: a run's token. */
function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function outputSize(output: Output): number {
  if ('text' in output) return output.text.length;
  if (output.kind === 'images')
    return Math.ceil(output.images.reduce((sum, image) => sum + image.width * image.height, 0) / 100);
  return 200;
}

export class NotebookKernel {
  /** Counts kernels started; a cell knows it ran "in this kernel" by remembering the number. */
  generation = 0;
  private transport: KernelTransport | null = null;
  private readonly pending = new Map<number, Pending>();
  /** The latest finished run of each cell: output that arrives late (a timer, a stray rejection) still shows. */
  private readonly finished = new Map<string, Finished>();
  private runs = 0;
  private backendReported = false;
  /** After the GPU device was lost, later kernels start on WebGL. */
  private fallback: BackendPreference | null = null;
  private fallbackNote: string | null = null;

  constructor(private readonly options: KernelOptions) {}

  /** Whether any run is queued or running. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Whether a kernel exists (started, starting or running). */
  get started(): boolean {
    return this.transport !== null;
  }

  /** Starts the kernel now if none runs, so a first run does not wait for it. */
  warm(): void {
    this.ensureKernel();
  }

  run(cell: CellSource, callbacks: RunCallbacks): Promise<RunResult> {
    const transport = this.ensureKernel();
    const run = ++this.runs;
    const token = newToken();
    return new Promise<RunResult>((resolve) => {
      this.pending.set(run, {
        cell: cell.id,
        token,
        callbacks,
        resolve,
        started: performance.now(),
        budget: pageBudget(),
        told: new Set(),
      });
      this.finished.delete(cell.id);
      transport.send({
        type: 'run',
        run,
        token,
        cell: cell.id,
        code: cell.code,
        language: cell.language,
        check: cell.check,
      });
    });
  }

  /** Ends every queued and running cell now. The kernel's state is lost; a fresh one starts. */
  stop(): void {
    if (!this.transport) return;
    this.replace('stopped', () => ({ outcome: 'stopped', error: null }));
  }

  /** Throws the kernel's state away and starts a fresh kernel, running or not. */
  restart(): void {
    if (!this.transport) {
      this.ensureKernel();
      return;
    }
    this.replace('restarted', () => ({ outcome: 'stopped', error: null }));
  }

  private replace(
    reason: 'stopped' | 'restarted' | 'died',
    end: (first: boolean) => Pick<RunResult, 'outcome' | 'error'>,
    startNext = true,
  ): void {
    this.transport?.dispose();
    this.transport = null;
    this.finished.clear();
    let first = true;
    for (const [run, pending] of this.pending) {
      this.pending.delete(run);
      pending.resolve({ ...end(first), seconds: (performance.now() - pending.started) / 1000 });
      first = false;
    }
    this.options.onRestart?.(reason);
    // Start the next kernel now, so the reader's next run does not wait for it.
    if (startNext) this.ensureKernel();
  }

  private died(reason: string, name = 'KernelError'): void {
    // A kernel that never started (its files did not load) is not retried in a loop: the next run tries again.
    const startNext = this.backendReported;
    this.replace(
      'died',
      (first) => ({
        outcome: 'error',
        error: {
          name,
          message: first
            ? reason
            : 'This cell did not run: the kernel stopped while a cell above was running.',
          line: null,
          beforeRunning: !first,
        },
      }),
      startNext,
    );
  }

  private ensureKernel(): KernelTransport {
    if (this.transport) return this.transport;
    const start = this.options.startTransport ?? startFrameTransport;
    const generation = ++this.generation;
    this.backendReported = false;
    this.options.onState?.('starting', generation);
    const transport = start(this.fallback ?? this.options.preference, {
      message: (raw) => {
        if (this.transport === transport) this.receive(raw);
      },
      died: (reason) => {
        if (this.transport !== transport) return;
        this.options.onState?.('failed', generation);
        this.died(reason);
      },
    });
    this.transport = transport;
    return transport;
  }

  private pageUrl(): string {
    return this.options.pageUrl?.() ?? location.href;
  }

  private siteBase(): string {
    return this.options.siteBase?.() ?? new URL(import.meta.env.BASE_URL, location.href).href;
  }

  /**
   * The run a message may go to: the cell's running run, or its finished one for late output, and
   * only with that run's token (which code in another cell does not know).
   */
  private target(message: { run: number; cell: string; token: string }, late: boolean) {
    const { run, cell, token } = message;
    const pending = this.pending.get(run);
    if (pending) return pending.cell === cell && pending.token === token ? pending : null;
    const finished = this.finished.get(cell);
    return late && finished?.run === run && finished.token === token ? finished : null;
  }

  /** Tells the running cell (if any) that a message was dropped, once per reason and run. */
  private dropped(reason: string): void {
    const running = this.pending.values().next().value;
    if (!running || running.told.has(reason)) return;
    running.told.add(reason);
    const note = `A message from the kernel was dropped: ${reason}.`;
    if (running.budget.admitSize(note.length) === 'show')
      running.callbacks.onOutput({ kind: 'note', text: note });
  }

  private receive(raw: unknown): void {
    const checked = checkMessage(raw, this.pageUrl());
    if (!checked.ok) return this.dropped(checked.reason);
    const message = checked.message;
    switch (message.type) {
      case 'ready':
        if (this.backendReported) return this.dropped('the backend was already reported for this kernel');
        this.backendReported = true;
        this.options.onState?.('ready', this.generation);
        this.options.onBackend?.(this.withNotes(message.backend), this.transport?.mode ?? null);
        return;
      case 'backend-failed':
        this.options.onState?.('failed', this.generation);
        return;
      case 'device-lost':
        this.fallback = 'webgl';
        this.fallbackNote = `WebGPU lost its device in a code cell (${message.message.replace(/^The GPU device was lost/, '').replace(/^[:\s(]+|\)$/g, '') || 'no reason given'}); code cells use WebGL until the page is reloaded`;
        return this.died(
          `${message.message}. This run stopped, and the kernel restarted on WebGL: run the cells above again, then this one.`,
          'DeviceLostError',
        );
      case 'fetch':
      case 'load-shared-model':
        return void this.answer(message);
      case 'output': {
        const target = this.target(message, LATE_KINDS.has(message.output.kind));
        if (!target)
          return this.dropped(
            `it named a run (${message.run}) that is not running in cell "${message.cell}"`,
          );
        const verdict = target.budget.admitSize(outputSize(message.output));
        if (verdict === 'announce')
          target.callbacks.onOutput({ kind: 'note', text: target.budget.capNote() });
        if (verdict === 'show') target.callbacks.onOutput(message.output);
        return this.noteDrops(target, checked.notes);
      }
      case 'chart-update': {
        const target = this.target(message, true);
        if (!target)
          return this.dropped(
            `it named a run (${message.run}) that is not running in cell "${message.cell}"`,
          );
        const verdict = target.budget.admitUpdate();
        if (verdict === 'announce')
          target.callbacks.onOutput({ kind: 'note', text: target.budget.updateCapNote() });
        if (verdict === 'show') target.callbacks.onChartUpdate(message.chart, message.spec);
        return this.noteDrops(target, checked.notes);
      }
      case 'done': {
        const pending = this.pending.get(message.run);
        if (!pending || pending.cell !== message.cell || pending.token !== message.token)
          return this.dropped(`it ended a run (${message.run}) that is not running`);
        this.pending.delete(message.run);
        this.finished.set(message.cell, {
          run: message.run,
          token: pending.token,
          callbacks: pending.callbacks,
          budget: pending.budget,
        });
        pending.resolve({
          outcome: message.error ? 'error' : 'done',
          seconds: message.seconds,
          error: message.error,
        });
      }
    }
  }

  private noteDrops(target: { budget: OutputBudget; callbacks: RunCallbacks }, notes: string[]): void {
    for (const text of notes)
      if (target.budget.admitSize(text.length) === 'show') target.callbacks.onOutput({ kind: 'note', text });
  }

  private withNotes(choice: BackendChoice): BackendChoice {
    const skipped = [...choice.skipped];
    if (this.fallbackNote) skipped.push(this.fallbackNote);
    if (this.transport?.mode === 'worker' && choice.name !== 'webgpu')
      skipped.push('Code cells run in an isolated worker in this browser, where WebGPU is not available');
    return { ...choice, skipped };
  }

  private async answer(request: KernelRequest): Promise<void> {
    const transport = this.transport;
    const reply = await answerRequest(request, this.siteBase());
    if (this.transport === transport) transport?.send(reply.message, reply.transfer);
  }
}
