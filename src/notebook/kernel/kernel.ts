/**
 * The notebook kernel: one per page, inside a sandboxed frame with an opaque origin (see
 * entry.ts), so a cell that loops forever or eats all memory never takes the page down, and cannot
 * reach the site's storage. Cells share one scope object, so names and trained models survive
 * from cell to cell. Everything shown goes to the page as data, which the page checks.
 */
import type { CellError, ChartSpec, FromKernel, Output, RunRequest, ToKernel } from '../protocol';
import type { BackendPreference } from '../../lib/backend/names';
import type { BackendChoice } from '../../lib/backend/names';
import { OutputBudget } from '../budget';
import { CellSyntaxError, transformCell, transformCheck } from './transform';
import { createHelpers } from './helpers';
import { containsTensor, logText, outputsFor, readTensors } from './format';
import { guardWebGpuSyncReads } from './webgpu-reads';
import { cellFile, checkFile, lineIn, runSource } from './run-source';
import { Owners, type Owner } from './owners';
import { PageBridge } from './bridge';
import { guardClose, installSiteFetch } from './environment';
import { tfForCells } from './shared-models';
import { watchDeviceLoss } from './device-loss';
import { errorMessage as messageOf, errorSummary } from '../../lib/util/errors';

export interface KernelChannel {
  post(message: FromKernel, transfer?: Transferable[]): void;
  listen(handler: (message: ToKernel) => void): void;
}

export interface KernelOptions {
  channel: KernelChannel;
  siteBase: string;
  preference: BackendPreference;
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

function cellError(error: unknown, file: string): CellError {
  if (error instanceof CellSyntaxError) {
    return { name: 'SyntaxError', message: error.message, line: error.line, beforeRunning: true };
  }
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : `Thrown: ${logText([error])}`;
  return { name, message, line: lineIn(error, file), beforeRunning: false };
}

export function startKernel(options: KernelOptions): void {
  const { channel } = options;
  const global = globalThis;
  const post = (message: FromKernel) => channel.post(message);
  const bridge = new PageBridge(channel);
  const owners = new Owners();

  // Outputs leave in the order they were produced, even when one must first read tensor values
  // (asynchronously), so every output goes through this chain. The budget is checked at once, so
  // an endless loop of console.log cannot pile up work here.
  let chain: Promise<void> = Promise.resolve();

  function queue(make: () => Output[] | Promise<Output[]>, size: number, owner = owners.now()): void {
    if (!owner) return;
    const { run, token, cell, budget } = owner;
    const verdict = budget.admitSize(size);
    if (verdict === 'drop') return;
    const job =
      verdict === 'announce' ? () => [{ kind: 'note', text: budget.capNote() } satisfies Output] : make;
    chain = chain
      .then(job)
      .then((outputs) => outputs.forEach((output) => post({ type: 'output', run, token, cell, output })))
      .catch((failure: unknown) =>
        post({
          type: 'output',
          run,
          token,
          cell,
          output: { kind: 'log', level: 'error', text: `Could not show a value: ${messageOf(failure)}` },
        }),
      );
  }

  /** The cell (and run) that drew each chart: a live chart's later updates go back to it. */
  const chartOwners = new Map<string, Owner>();

  function emit(output: Output): void {
    const owner = owners.now();
    if (output.kind === 'chart' && owner) chartOwners.set(output.chart, owner);
    queue(() => [output], 'text' in output ? output.text.length : 200, owner ?? undefined);
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

  function emitLog(level: 'log' | 'info' | 'warn' | 'error', args: unknown[], owner = owners.now()): void {
    // Past the cap, count without formatting: a flood of logs then costs almost nothing.
    if (!owner) return;
    if (owner.budget.exhausted) {
      owner.budget.admitSize(0);
      return;
    }
    if (!containsTensor(args)) {
      const text = logText(args);
      queue(() => [{ kind: 'log', level, text }], text.length, owner);
      return;
    }
    queue(
      async () => {
        await readTensors(args);
        return [{ kind: 'log', level, text: logText(args) }];
      },
      200,
      owner,
    );
  }

  function updateChart(chart: string, spec: ChartSpec): void {
    // Not the current cell: a live chart may update after its cell finished and another started.
    const owner = chartOwners.get(chart);
    if (!owner) return;
    const verdict = owner.budget.admitUpdate();
    if (verdict === 'drop') return;
    const { run, token, cell, budget } = owner;
    chain = chain.then(() =>
      post(
        verdict === 'announce'
          ? { type: 'output', run, token, cell, output: { kind: 'note', text: budget.updateCapNote() } }
          : { type: 'chart-update', run, token, cell, chart, spec },
      ),
    );
  }

  /** An error nobody caught (a timer, a rejected promise), shown in the cell it came from. */
  function reportStray(reason: unknown, what: string, owner: Owner | null): void {
    const line = owner ? lineIn(reason, cellFile(owner.run)) : null;
    const message = reason instanceof Error ? errorSummary(reason) : logText([reason]);
    emitLog('error', [`${what}: ${message}${line ? ` (line ${line})` : ''}`], owner);
  }

  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    console[level] = (...args: unknown[]) => emitLog(level === 'debug' ? 'log' : level, args);
  }
  owners.install(global, (error, owner) => reportStray(error, 'Uncaught error', owner));
  global.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    reportStray(event.reason, 'Unhandled promise rejection', owners.ofError(event.reason));
  });
  global.addEventListener('error', (event) => {
    event.preventDefault();
    const reason: unknown = event.error ?? event.message;
    reportStray(reason, 'Uncaught error', owners.ofError(reason));
  });
  installSiteFetch(global, bridge, new URL(options.siteBase));
  guardClose(global);

  const helpers = createHelpers({ emit, emitValues, emitLater: (make) => queue(make, 200), updateChart });
  // A null prototype: names like `constructor` or `toString` in a cell must not resolve to Object's.
  const scope: Record<string, unknown> = Object.create(null);

  async function start(): Promise<BackendChoice> {
    const library = await import('../../lib/index');
    library.setRuntimeLocations({
      // Full URLs: the text runtime fetches site models by URL, and site requests go through the bridge.
      siteModels: new URL('models/', options.siteBase).href,
      ortFiles: new URL('ort/', options.siteBase).href,
      ortUrls: (files) => ortUrlsFor(files),
    });
    // tfjs's wasm backend (text training) fetches its .wasm through the site bridge, like models.
    library.setTfjsWasmFolder(new URL('tfjs-wasm/', options.siteBase).href);
    // The kernel is already its own realm, away from the page (and its own process or worker): text
    // models run here, in-process, rather than in a worker an opaque origin could not start anyway.
    library.setTextWorkerFactory(() => {
      throw new Error('code cells run text models inside the kernel');
    });
    Object.assign(scope, library, helpers, { tf: tfForCells(library.tf, bridge) });
    const choice = await library.useBackend(options.preference);
    guardWebGpuSyncReads(library.tf);
    if (choice.name === 'webgpu') {
      watchDeviceLoss(library.tf.backend(), (message) => post({ type: 'device-lost', message }));
    }
    return choice;
  }

  /** ONNX Runtime imports its glue as a module: from an opaque origin only a blob: URL loads. */
  async function ortUrlsFor(files: { mjs: string; wasm: string }): Promise<{ mjs: string; wasm: string }> {
    const glue = await (await bridge.fetch(files.mjs)).blob();
    const mjs = URL.createObjectURL(new Blob([glue], { type: 'text/javascript' }));
    return { mjs, wasm: files.wasm };
  }

  const ready = start();
  ready.then(
    (backend) => post({ type: 'ready', backend }),
    (failure: unknown) => post({ type: 'backend-failed', message: messageOf(failure) }),
  );

  async function runCell(request: RunRequest): Promise<void> {
    const started = performance.now();
    const file = cellFile(request.run);
    const owner: Owner = {
      run: request.run,
      token: request.token,
      cell: request.cell,
      budget: new OutputBudget(),
    };
    owners.begin(owner);
    let error: CellError | null = null;
    try {
      const cell = transformCell(request.code, request.language);
      // Every cell waits for the library and the backend (the first run pays for loading them).
      await ready;
      for (const name of cell.declared) if (!(name in scope)) scope[name] = undefined;
      const body = await runSource<(scope: object) => Promise<unknown>>(cell.source, file);
      let value = await body(scope);
      if (value && typeof (value as PromiseLike<unknown>).then === 'function') value = await value;
      if (cell.returnsValue) emitValues([value]);
      if (request.check) await runCheck(request, value);
    } catch (failure) {
      error = cellError(failure, file);
    }
    await chain;
    const note = owner.budget.finalNote();
    const { run, token, cell } = owner;
    if (note) post({ type: 'output', run, token, cell, output: { kind: 'note', text: note } });
    post({
      type: 'done',
      run,
      token,
      cell,
      seconds: (performance.now() - started) / 1000,
      error,
    });
  }

  async function runCheck(request: RunRequest, value: unknown): Promise<void> {
    try {
      const makeCheck = await runSource<
        (scope: object) => Promise<(answer: unknown) => Verdict | Promise<Verdict>>
      >(transformCheck(request.check!, 'ts'), checkFile(request.run));
      const check = await makeCheck(scope);
      emit(checkOutput(await check(value)));
    } catch (failure) {
      emit({ kind: 'check', passed: false, message: `Not yet: ${messageOf(failure)}` });
    }
  }

  // Cells run one after another, in the order the page sent them.
  let runs: Promise<void> = Promise.resolve();
  channel.listen((message) => {
    if (bridge.receive(message)) return;
    if (message.type === 'run') runs = runs.then(() => runCell(message));
  });
}
