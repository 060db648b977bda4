import { describe, expect, it } from 'vitest';
import { NotebookKernel } from '../../../../src/lib/notebook/client';
import type { FromKernel, Output, ToKernel } from '../../../../src/lib/notebook/protocol';

/** A stand-in for the kernel worker: records what the page sends, and answers when told to. */
class FakeWorker extends EventTarget {
  sent: ToKernel[] = [];
  terminated = false;
  postMessage(message: ToKernel): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: FromKernel): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
}

function kernelWithFakes() {
  const workers: FakeWorker[] = [];
  let restarts = 0;
  const kernel = new NotebookKernel({
    preference: 'cpu',
    onRestart: () => restarts++,
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
  });
  return { kernel, workers, restarts: () => restarts };
}

const cell = (id: string, code = '1 + 1') => ({ id, code, language: 'ts' as const });
const ignore = { onOutput: () => undefined, onChartUpdate: () => undefined };

describe('NotebookKernel (page side)', () => {
  it('starts one worker with the reader preference and routes outputs to the running cell', async () => {
    const { kernel, workers } = kernelWithFakes();
    const seen: Output[] = [];
    const result = kernel.run(cell('a'), {
      onOutput: (output) => seen.push(output),
      onChartUpdate: () => undefined,
    });
    const [worker] = workers;
    expect(worker!.sent[0]).toEqual({ type: 'start', preference: 'cpu' });
    expect(worker!.sent[1]).toMatchObject({ type: 'run', run: 1, cell: 'a', code: '1 + 1' });
    worker!.reply({ type: 'output', run: 1, cell: 'a', output: { kind: 'value', text: '2' } });
    worker!.reply({ type: 'done', run: 1, cell: 'a', seconds: 0.01, error: null });
    expect(await result).toEqual({ outcome: 'done', seconds: 0.01, error: null });
    expect(seen).toEqual([{ kind: 'value', text: '2' }]);
    expect(kernel.generation).toBe(1);
  });

  it('stop ends every queued run at once, keeps nothing of the old kernel and starts a fresh one', async () => {
    const { kernel, workers, restarts } = kernelWithFakes();
    const first = kernel.run(cell('a', 'while (true) {}'), ignore);
    const second = kernel.run(cell('b'), ignore);
    expect(kernel.busy).toBe(true);
    kernel.stop();
    expect((await first).outcome).toBe('stopped');
    expect((await second).outcome).toBe('stopped');
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(kernel.generation).toBe(2);
    expect(restarts()).toBe(1);
    expect(kernel.busy).toBe(false);
  });

  it('delivers output that arrives after a cell finished (a timer, a stray rejection) to that cell', async () => {
    const { kernel, workers } = kernelWithFakes();
    const seen: Output[] = [];
    const result = kernel.run(cell('a'), {
      onOutput: (output) => seen.push(output),
      onChartUpdate: () => undefined,
    });
    workers[0]!.reply({ type: 'done', run: 1, cell: 'a', seconds: 0, error: null });
    await result;
    workers[0]!.reply({
      type: 'output',
      run: 1,
      cell: 'a',
      output: { kind: 'log', level: 'error', text: 'late' },
    });
    // From an older run of the same cell: dropped, it would mislead.
    workers[0]!.reply({
      type: 'output',
      run: 0,
      cell: 'a',
      output: { kind: 'log', level: 'log', text: 'stale' },
    });
    expect(seen).toEqual([{ kind: 'log', level: 'error', text: 'late' }]);
  });
});
