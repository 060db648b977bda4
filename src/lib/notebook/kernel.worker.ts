/// <reference lib="webworker" />
/**
 * The notebook kernel: one per page, in a Web Worker, so a cell that loops forever never freezes
 * the page (the page stops it by terminating this worker). Cells share one scope object, so names
 * and trained models survive from cell to cell. Everything shown goes to the page as data.
 */
import type { CellError, ChartSpec, FromKernel, Output, RunRequest, ToKernel } from './protocol';
import { CellSyntaxError, LINE_OFFSET, transformCell, transformCheck } from './transform';
import { createHelpers } from './helpers';
import { containsTensor, logText, outputsFor, readTensors } from './format';
import { OutputBudget } from './budget';
import { guardWebGpuSyncReads } from './webgpu-reads';
import type { BackendChoice } from '../backend/names';
import { errorMessage, errorSummary } from '../util/errors';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromKernel) => self.postMessage(message);

/** The cell whose outputs we are collecting (late logs from timers go to the last cell run). */
let current: { run: number; cell: string; budget: OutputBudget } | null = null;

// Outputs leave in the order they were produced, even when one must first read tensor values
// (asynchronously), so every output goes through this chain. The budget is checked at once, so
// an endless loop of console.log cannot pile up work here.
let chain: Promise<void> = Promise.resolve();

function queue(make: () => Output[] | Promise<Output[]>, size: number): void {
  if (!current) return;
  const { run, cell, budget } = current;
  const verdict = budget.admitSize(size);
  if (verdict === 'drop') return;
  const job =
    verdict === 'announce' ? () => [{ kind: 'note', text: budget.capNote() } satisfies Output] : make;
  chain = chain
    .then(job)
    .then((outputs) => outputs.forEach((output) => post({ type: 'output', run, cell, output })))
    .catch((failure: unknown) =>
      post({
        type: 'output',
        run,
        cell,
        output: {
          kind: 'log',
          level: 'error',
          text: `Could not show a value: ${errorMessage(failure)}`,
        },
      }),
    );
}

/** The cell (and run) that drew each chart: a live chart's later updates go back to it. */
const chartOwners = new Map<string, { run: number; cell: string }>();

function emit(output: Output): void {
  if (output.kind === 'chart' && current)
    chartOwners.set(output.chart, { run: current.run, cell: current.cell });
  queue(() => [output], 'text' in output ? output.text.length : 200);
}

/** Shows values the rich way (tensors, tables, models), after reading any tensor's values. */
function emitValues(values: readonly unknown[]): void {
  for (const value of values) {
    queue(async () => {
      if (containsTensor([value])) await readTensors([value]);
      return outputsFor(value);
    }, 200);
  }
}

function emitLog(level: 'log' | 'info' | 'warn' | 'error', args: unknown[]): void {
  // Past the cap, count without formatting: a flood of logs then costs almost nothing.
  if (current?.budget.exhausted) {
    current.budget.admitSize(0);
    return;
  }
  if (!containsTensor(args)) {
    const text = logText(args);
    queue(() => [{ kind: 'log', level, text }], text.length);
    return;
  }
  queue(async () => {
    await readTensors(args);
    return [{ kind: 'log', level, text: logText(args) }];
  }, 200);
}

function updateChart(chart: string, spec: ChartSpec): void {
  // Not `current`: a live chart may update after its cell finished and another one started.
  const owner = chartOwners.get(chart);
  if (!owner) return;
  chain = chain.then(() => post({ type: 'chart-update', run: owner.run, cell: owner.cell, chart, spec }));
}

for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  console[level] = (...args: unknown[]) => emitLog(level === 'debug' ? 'log' : level, args);
}

const helpers = createHelpers({ emit, emitValues, emitLater: (make) => queue(make, 200), updateChart });
// A null prototype: names like `constructor` or `toString` in a cell must not resolve to Object's.
const scope: Record<string, unknown> = Object.create(null);
let ready: Promise<BackendChoice> | null = null;

async function start(preference: ToKernel & { type: 'start' }): Promise<BackendChoice> {
  const library = await import('../index');
  Object.assign(scope, library, helpers);
  const choice = await library.useBackend(preference.preference);
  guardWebGpuSyncReads(library.tf);
  return choice;
}

/** The reader's line for an error thrown while their cell ran, from the stack's frame in `file`. */
function lineIn(error: unknown, file: string): number | null {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const match = new RegExp(`${file.replace('.', '\\.')}:(\\d+):\\d+`).exec(stack);
  if (!match) return null;
  const line = Number(match[1]) - LINE_OFFSET;
  return line >= 1 ? line : null;
}

function cellError(error: unknown, file: string): CellError {
  if (error instanceof CellSyntaxError) {
    return { name: 'SyntaxError', message: error.message, line: error.line, beforeRunning: true };
  }
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : `Thrown: ${logText([error])}`;
  return { name, message, line: lineIn(error, file), beforeRunning: false };
}

function evaluate<T>(source: string, file: string): T {
  // Indirect eval runs in the worker's global scope (never in the page); sourceURL names the
  // cell in stack traces, which is how runtime errors find their line.
  return (0, eval)(`${source}\n//# sourceURL=${file}`) as T;
}

type Verdict = boolean | string | { pass: boolean; message?: string } | undefined;

function checkOutput(verdict: Verdict): Output {
  if (verdict === true || verdict === undefined) return { kind: 'check', passed: true, message: 'Correct!' };
  if (verdict === false)
    return { kind: 'check', passed: false, message: 'Not yet: the check did not pass. Try again.' };
  if (typeof verdict === 'string') return { kind: 'check', passed: false, message: verdict };
  return {
    kind: 'check',
    passed: Boolean(verdict.pass),
    message: verdict.message ?? (verdict.pass ? 'Correct!' : 'Not yet.'),
  };
}

async function runCell(request: RunRequest): Promise<void> {
  const started = performance.now();
  const file = `cell-${request.run}.js`;
  current = { run: request.run, cell: request.cell, budget: new OutputBudget() };
  let error: CellError | null = null;
  try {
    const cell = transformCell(request.code, request.language);
    // Every cell waits for the library and the backend (the first run pays for loading them).
    await (ready ?? Promise.reject(new Error('The kernel was not started.')));
    for (const name of cell.declared) if (!(name in scope)) scope[name] = undefined;
    const body = evaluate<(scope: object) => Promise<unknown>>(cell.source, file);
    let value = await body(scope);
    if (value && typeof (value as PromiseLike<unknown>).then === 'function') value = await value;
    if (cell.returnsValue) emitValues([value]);
    if (request.check) {
      const checkFile = `check-${request.run}.js`;
      try {
        const makeCheck = evaluate<
          (scope: object) => Promise<(answer: unknown) => Verdict | Promise<Verdict>>
        >(transformCheck(request.check, 'ts'), checkFile);
        const check = await makeCheck(scope);
        emit(checkOutput(await check(value)));
      } catch (failure) {
        emit({
          kind: 'check',
          passed: false,
          message: `Not yet: ${errorMessage(failure)}`,
        });
      }
    }
  } catch (failure) {
    error = cellError(failure, file);
  }
  await chain;
  const note = current.budget.finalNote();
  if (note)
    post({ type: 'output', run: request.run, cell: request.cell, output: { kind: 'note', text: note } });
  post({
    type: 'done',
    run: request.run,
    cell: request.cell,
    seconds: (performance.now() - started) / 1000,
    error,
  });
}

function reportStray(reason: unknown, what: string): void {
  const file = current ? `cell-${current.run}.js` : '';
  const line = file ? lineIn(reason, file) : null;
  const message = reason instanceof Error ? errorSummary(reason) : logText([reason]);
  emit({ kind: 'log', level: 'error', text: `${what}: ${message}${line ? ` (line ${line})` : ''}` });
}

self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  reportStray(event.reason, 'Unhandled promise rejection');
});
self.addEventListener('error', (event) => {
  event.preventDefault();
  reportStray(event.error ?? event.message, 'Uncaught error');
});

// Cells run one after another, in the order the page sent them.
let runs: Promise<void> = Promise.resolve();

self.addEventListener('message', (event: MessageEvent<ToKernel>) => {
  const message = event.data;
  if (message.type === 'start') {
    ready = start(message);
    ready.then(
      (backend) => post({ type: 'ready', backend }),
      (failure: unknown) =>
        post({
          type: 'backend-failed',
          message: errorMessage(failure),
        }),
    );
  } else if (message.type === 'run') {
    runs = runs.then(() => runCell(message));
  }
});
