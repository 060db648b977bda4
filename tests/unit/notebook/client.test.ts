import { describe, expect, it } from 'vitest';
import { NotebookKernel } from '../../../src/notebook/host/client';
import type { TransportEvents } from '../../../src/notebook/host/frame-host';
import type { FromKernel, Output, ToKernel } from '../../../src/notebook/protocol';
import type { BackendChoice } from '../../../src/lib/backend/names';

/** A stand-in for the sandboxed frame: records what the page sends, and answers when told to. */
class FakeTransport {
  sent: ToKernel[] = [];
  disposed = false;
  readonly mode = 'frame' as const;
  constructor(
    readonly preference: string,
    private readonly events: TransportEvents,
  ) {}
  send(message: ToKernel): void {
    this.sent.push(message);
  }
  dispose(): void {
    this.disposed = true;
  }
  /** A message from the kernel (or from reader code pretending to be it). */
  reply(message: FromKernel | Record<string, unknown>): void {
    this.events.message(message);
  }
  die(reason: string): void {
    this.events.died(reason);
  }
  /** The secret the page gave run `run` (only the kernel knows it). */
  token(run: number): string {
    const request = this.sent.find((message) => message.type === 'run' && message.run === run);
    return request?.type === 'run' ? request.token : 'unknown';
  }
}

const backend: BackendChoice = {
  name: 'webgl',
  label: 'WebGL - test',
  adapter: 'test',
  preference: 'auto',
  skipped: [],
};

function kernelWithFakes() {
  const transports: FakeTransport[] = [];
  const restarts: string[] = [];
  const backends: BackendChoice[] = [];
  const kernel = new NotebookKernel({
    preference: 'auto',
    onRestart: (reason) => restarts.push(reason),
    onBackend: (choice) => backends.push(choice),
    startTransport: (preference, events) => {
      const transport = new FakeTransport(preference, events);
      transports.push(transport);
      return transport;
    },
    pageUrl: () => 'https://site.test/lessons/notebook/',
    siteBase: () => 'https://site.test/',
  });
  return { kernel, transports, restarts, backends };
}

const cell = (id: string, code = '1 + 1') => ({ id, code, language: 'ts' as const });

function collecting() {
  const seen: Output[] = [];
  return {
    seen,
    callbacks: { onOutput: (output: Output) => seen.push(output), onChartUpdate: () => undefined },
  };
}

describe('NotebookKernel (page side)', () => {
  it('starts one kernel with the reader preference and routes outputs to the running cell', async () => {
    const { kernel, transports } = kernelWithFakes();
    const { seen, callbacks } = collecting();
    const result = kernel.run(cell('a'), callbacks);
    const [transport] = transports;
    expect(transport!.preference).toBe('auto');
    expect(transport!.sent[0]).toMatchObject({ type: 'run', run: 1, cell: 'a', code: '1 + 1' });
    const token = transport!.token(1);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    transport!.reply({ type: 'output', run: 1, token, cell: 'a', output: { kind: 'value', text: '2' } });
    transport!.reply({ type: 'done', run: 1, token, cell: 'a', seconds: 0.01, error: null });
    expect(await result).toEqual({ outcome: 'done', seconds: 0.01, error: null });
    expect(seen).toEqual([{ kind: 'value', text: '2' }]);
    expect(kernel.generation).toBe(1);
  });

  it('stop ends every queued run at once, keeps nothing of the old kernel and starts a fresh one', async () => {
    const { kernel, transports, restarts } = kernelWithFakes();
    const first = kernel.run(cell('a', 'while (true) {}'), collecting().callbacks);
    const second = kernel.run(cell('b'), collecting().callbacks);
    expect(kernel.busy).toBe(true);
    kernel.stop();
    expect((await first).outcome).toBe('stopped');
    expect((await second).outcome).toBe('stopped');
    expect(transports[0]!.disposed).toBe(true);
    expect(transports).toHaveLength(2);
    expect(kernel.generation).toBe(2);
    expect(restarts).toEqual(['stopped']);
    expect(kernel.busy).toBe(false);
  });

  it('restart gives an idle page a fresh kernel too', () => {
    const { kernel, transports, restarts } = kernelWithFakes();
    kernel.restart();
    expect(transports).toHaveLength(1);
    kernel.restart();
    expect(transports[0]!.disposed).toBe(true);
    expect(transports).toHaveLength(2);
    expect(restarts).toEqual(['restarted']);
  });

  it('replaces a kernel that died: the running cell says why, the queued one did not run', async () => {
    const { kernel, transports, restarts } = kernelWithFakes();
    const running = kernel.run(cell('a'), collecting().callbacks);
    const queued = kernel.run(cell('b'), collecting().callbacks);
    transports[0]!.reply({ type: 'ready', backend });
    transports[0]!.die('The kernel stopped: out of memory.');
    const [a, b] = await Promise.all([running, queued]);
    expect(a).toMatchObject({
      outcome: 'error',
      error: { name: 'KernelError', message: 'The kernel stopped: out of memory.' },
    });
    expect(b).toMatchObject({ outcome: 'error', error: { beforeRunning: true } });
    expect(restarts).toEqual(['died']);
    // A fresh kernel is already there, and the next run goes to it.
    expect(transports).toHaveLength(2);
    void kernel.run(cell('a'), collecting().callbacks);
    expect(transports[1]!.sent.at(-1)).toMatchObject({ type: 'run', cell: 'a' });
  });

  it('does not restart in a loop a kernel that never started, but tries again on the next run', async () => {
    const { kernel, transports } = kernelWithFakes();
    const result = kernel.run(cell('a'), collecting().callbacks);
    transports[0]!.die('The kernel could not start: its script did not load.');
    expect(await result).toMatchObject({ outcome: 'error', error: { message: /could not start/ } });
    expect(transports).toHaveLength(1);
    void kernel.run(cell('a'), collecting().callbacks);
    expect(transports).toHaveLength(2);
  });

  it('delivers late output (a timer) to the finished cell, but never a late verdict', async () => {
    const { kernel, transports } = kernelWithFakes();
    const { seen, callbacks } = collecting();
    const result = kernel.run(cell('a'), callbacks);
    transports[0]!.reply({
      type: 'done',
      run: 1,
      token: transports[0]!.token(1),
      cell: 'a',
      seconds: 0,
      error: null,
    });
    await result;
    const token = transports[0]!.token(1);
    transports[0]!.reply({
      type: 'output',
      run: 1,
      token,
      cell: 'a',
      output: { kind: 'log', level: 'error', text: 'late' },
    });
    transports[0]!.reply({
      type: 'output',
      run: 1,
      token,
      cell: 'a',
      output: { kind: 'check', passed: true, message: 'Correct!' },
    });
    // From an older run of the same cell: dropped, it would mislead.
    transports[0]!.reply({
      type: 'output',
      run: 0,
      token,
      cell: 'a',
      output: { kind: 'log', level: 'log', text: 'stale' },
    });
    expect(seen).toEqual([{ kind: 'log', level: 'error', text: 'late' }]);
  });

  it('drops forged messages: another cell, a second backend report, an unknown type, a bad output', async () => {
    const { kernel, transports, backends } = kernelWithFakes();
    const other = collecting();
    const first = kernel.run(cell('other'), other.callbacks);
    transports[0]!.reply({ type: 'ready', backend });
    transports[0]!.reply({
      type: 'done',
      run: 1,
      token: transports[0]!.token(1),
      cell: 'other',
      seconds: 0,
      error: null,
    });
    await first;
    const running = collecting();
    void kernel.run(cell('attacker'), running.callbacks);
    const t = transports[0]!;
    const own = t.token(2);
    // Into the other cell's finished run, guessing its token: dropped.
    t.reply({ type: 'output', run: 1, token: own, cell: 'other', output: { kind: 'value', text: 'forged' } });
    // Even with the right token (which code in a cell cannot learn), a late verdict is refused.
    t.reply({
      type: 'output',
      run: 1,
      token: t.token(1),
      cell: 'other',
      output: { kind: 'check', passed: true, message: 'forged' },
    });
    // Its own run's token, with another cell's name.
    t.reply({ type: 'output', run: 2, token: own, cell: 'other', output: { kind: 'value', text: 'forged' } });
    t.reply({ type: 'ready', backend: { ...backend, label: 'FORGED' } });
    t.reply({ type: 'evaluate-on-page', code: 'alert(1)' });
    t.reply({
      type: 'output',
      run: 2,
      token: own,
      cell: 'attacker',
      output: { kind: 'table', columns: ['a'], rows: 'nope', total: 1 },
    });
    t.reply({
      type: 'output',
      run: 2,
      token: own,
      cell: 'attacker',
      output: { kind: 'value', text: 'x'.repeat(20_000) },
    });
    expect(other.seen).toEqual([]);
    expect(backends.map((choice) => choice.label)).toEqual(['WebGL - test']);
    const notes = running.seen.map((output) => ('text' in output ? output.text : ''));
    expect(notes).toEqual([
      expect.stringMatching(/dropped: it named a run \(1\) that is not running in cell "other"/),
      expect.stringMatching(/dropped: it named a run \(2\) that is not running in cell "other"/),
      expect.stringMatching(/dropped: the backend was already reported/),
      expect.stringMatching(/dropped: "evaluate-on-page" is not a kernel message/),
      expect.stringMatching(/dropped: table rows is not a list/),
      expect.stringMatching(/dropped: a value is longer than 10,000 characters/),
    ]);
  });

  it('restarts on WebGL after the GPU device is lost, and says so', async () => {
    const { kernel, transports, backends } = kernelWithFakes();
    const result = kernel.run(cell('train'), collecting().callbacks);
    transports[0]!.reply({ type: 'ready', backend: { ...backend, name: 'webgpu' } });
    transports[0]!.reply({ type: 'device-lost', message: 'The GPU device was lost (destroyed)' });
    expect(await result).toMatchObject({ outcome: 'error', error: { name: 'DeviceLostError' } });
    expect(transports[1]!.preference).toBe('webgl');
    transports[1]!.reply({ type: 'ready', backend });
    expect(backends[1]!.skipped.join(' ')).toMatch(/WebGPU lost its device in a code cell \(destroyed\)/);
  });

  it('serves only the site folders cells may read, and tells the kernel why not otherwise', async () => {
    const { kernel, transports } = kernelWithFakes();
    void kernel.run(cell('a'), collecting().callbacks);
    transports[0]!.reply({ type: 'fetch', id: 7, url: 'https://site.test/lessons/notebook/' });
    transports[0]!.reply({ type: 'fetch', id: 8, url: 'https://elsewhere.test/models/x.json' });
    transports[0]!.reply({ type: 'fetch', id: 9, url: 'https://site.test/models/../lessons/' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const replies = transports[0]!.sent.filter((message) => message.type === 'bridge-failed');
    expect(replies.map((reply) => reply.type === 'bridge-failed' && reply.id)).toEqual([7, 8, 9]);
    expect(replies[0]).toMatchObject({
      message: expect.stringMatching(
        /data, models, ort\b.* folders only; \/lessons\/notebook\/ is not one of them/,
      ),
    });
  });
});
