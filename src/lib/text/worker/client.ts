/**
 * The caller's side of the text runtime: one per realm (a page, or a code-cell kernel). In a browser
 * the runtime is a dedicated worker; after any failure that may have broken it (an exhausted heap, a
 * lost GPU device, a bad file) the worker is terminated and the next request starts a fresh one.
 * Where no worker can be started (Node, a host that forbids it) the same engine runs in-process.
 */
import { errorFromData, TextModelError, type TextModelErrorData } from '../errors';
import type { DownloadProgress } from '../progress';
import { runtimeLocations } from '../runtime';
import { isNode } from '../../util/environment';
import { errorMessage } from '../../util/errors';
import type { FromTextRuntime, TextReplies, TextRequest, ToTextRuntime } from './protocol';
import { textWorkerScriptUrl } from './url';

export interface RequestEvents {
  onProgress?: (progress: DownloadProgress) => void;
  onText?: (piece: string, soFar: string) => void;
  onToken?: (id: number) => void;
}

interface Channel {
  post(message: ToTextRuntime): void;
  close(): void;
  /** True for a dedicated worker (a failure there cannot reach the caller's realm). */
  isolated: boolean;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  events: RequestEvents;
}

/** Makes the text worker. A host that cannot use the default (e.g. a sandboxed kernel) supplies its own. */
export type TextWorkerFactory = () => Worker;

let workerFactory: TextWorkerFactory | null = null;

/**
 * Replaces how the text worker is created (`null` restores the default). Affects the next start.
 * @param factory makes the worker text models run in (null: the default)
 * @example
 * setTextWorkerFactory(null);
 */
export function setTextWorkerFactory(factory: TextWorkerFactory | null): void {
  workerFactory = factory;
}

function defaultWorker(): Worker {
  return new Worker(textWorkerScriptUrl(), { type: 'module', name: 'transfer-lab-text' });
}

export class TextRuntime {
  /** Bumps each time the runtime is replaced; a model loaded in an older one must load again. */
  generation = 0;
  restarts = 0;
  /** Milliseconds the last worker took from creation to ready (module loaded, before any model). */
  lastStartMs: number | null = null;
  /** Set once the GPU device was lost: later loads avoid WebGPU on this page. */
  gpuLost: string | null = null;
  /** Why workers are not used here (null while they are, or before the first start). */
  inProcessReason: string | null = isNode() ? 'Node has no web workers' : null;

  private channel: Promise<Channel> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** Whether the current (or next) runtime runs in its own worker. */
  get isolated(): boolean {
    return this.inProcessReason === null;
  }

  request<K extends TextRequest['type']>(
    request: Extract<TextRequest, { type: K }>,
    events: RequestEvents = {},
    signal?: AbortSignal,
  ): Promise<TextReplies[K]> {
    const id = this.nextId++;
    const generation = this.generation;
    return new Promise<TextReplies[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, events });
      this.open()
        .then((channel) => {
          if (generation !== this.generation || !this.pending.has(id)) return;
          if (signal?.aborted) channel.post({ type: 'abort', id });
          signal?.addEventListener('abort', () => channel.post({ type: 'abort', id }), { once: true });
          // A host's ortUrls resolver is a function, which cannot cross to a worker.
          const { ortUrls: _resolver, ...locations } = runtimeLocations();
          channel.post({ type: 'request', id, locations, request });
        })
        .catch((error: unknown) => {
          this.pending.delete(id);
          reject(error);
        });
    });
  }

  private open(): Promise<Channel> {
    this.channel ??= this.start().catch((error: unknown) => {
      this.channel = null;
      throw error;
    });
    return this.channel;
  }

  private async start(): Promise<Channel> {
    const generation = this.generation;
    if (this.inProcessReason === null) {
      try {
        return await this.startWorker(generation);
      } catch (error) {
        // A worker that cannot even start (no Worker here, a policy forbids it) is not a model
        // failure: run in-process from now on, and say why.
        this.inProcessReason = `the text worker could not start (${errorMessage(error)})`;
      }
    }
    const { EngineHost } = await import('./host');
    const host = new EngineHost((message) => queueMicrotask(() => this.receive(message, generation)));
    return { post: (message) => host.receive(message), close: () => void host.close(), isolated: false };
  }

  private startWorker(generation: number): Promise<Channel> {
    const started = performance.now();
    const worker = (workerFactory ?? defaultWorker)();
    return new Promise<Channel>((resolve, reject) => {
      let ready = false;
      worker.onmessage = (event: MessageEvent<FromTextRuntime>) => {
        if (event.data.type === 'ready' && !ready) {
          ready = true;
          this.lastStartMs = performance.now() - started;
          resolve({
            post: (message) => worker.postMessage(message),
            close: () => worker.terminate(),
            isolated: true,
          });
          return;
        }
        this.receive(event.data, generation);
      };
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        const detail = event.message || 'the text worker stopped with an error';
        if (!ready) {
          worker.terminate();
          reject(new Error(detail));
          return;
        }
        this.replace(
          new TextModelError(
            'runtime-failed',
            'The text model stopped unexpectedly. It was restarted, so the next prompt starts fresh.',
            detail,
            true,
          ),
          generation,
        );
      };
    });
  }

  private receive(message: FromTextRuntime, generation: number): void {
    if (generation !== this.generation) return; // from a runtime already replaced
    if (message.type === 'ready') return;
    if (message.type === 'fatal') {
      this.replace(errorFromData(message.error), generation);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    switch (message.type) {
      case 'progress':
        pending.events.onProgress?.(message.progress);
        return;
      case 'text':
        pending.events.onText?.(message.piece, message.soFar);
        return;
      case 'token':
        pending.events.onToken?.(message.token);
        return;
      case 'done':
        this.pending.delete(message.id);
        pending.resolve(message.value);
        return;
      case 'failed':
        this.pending.delete(message.id);
        pending.reject(errorFromData(message.error));
        if (message.fatal) this.replace(errorFromData(message.error), generation);
    }
  }

  /**
   * Throws the runtime away: terminates the worker, fails every request still waiting on it, and
   * lets the next request start a fresh one.
   */
  replace(error: TextModelError | TextModelErrorData, generation = this.generation): void {
    if (generation !== this.generation) return;
    const reason = error instanceof TextModelError ? error : errorFromData(error);
    if (reason.kind === 'device-lost') this.gpuLost = reason.detail || 'the WebGPU device was lost';
    this.generation += 1;
    this.restarts += 1;
    const channel = this.channel;
    this.channel = null;
    void channel?.then((open) => open.close()).catch(() => undefined);
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const pending of waiting) pending.reject(reason);
  }
}

let shared: TextRuntime | null = null;

/** This realm's text runtime (created on first use; no worker starts until the first request). */
export function textRuntime(): TextRuntime {
  shared ??= new TextRuntime();
  return shared;
}
