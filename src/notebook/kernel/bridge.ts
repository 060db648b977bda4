/**
 * The kernel's requests to the page. The kernel's origin is opaque, so it cannot read the site's
 * files itself (that would need CORS headers, which not every static host sends) nor the site's
 * storage (by design). The page answers a short list of requests after checking them
 * (host/bridge.ts): GET one of the site's data, model or ONNX Runtime files, or load a model the
 * page kept for code cells.
 */
import type { FromKernel, SharedModelArtifacts, ToKernel } from '../protocol';

export interface KernelPort {
  post(message: FromKernel, transfer?: Transferable[]): void;
}

type Reply = Extract<ToKernel, { id: number }>;

export class PageBridge {
  private next = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  constructor(private readonly port: KernelPort) {}

  /** Feeds a reply from the page; returns false for messages that are not replies. */
  receive(message: ToKernel): boolean {
    if (!('id' in message)) return false;
    const resolve = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    resolve?.(message);
    return true;
  }

  private ask(request: (id: number) => FromKernel): Promise<Reply> {
    const id = ++this.next;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.port.post(request(id));
    });
  }

  /** One of the site's files, as a Response, fetched by the page. */
  async fetch(url: string): Promise<Response> {
    const reply = await this.ask((id) => ({ type: 'fetch', id, url }));
    if (reply.type === 'fetched') {
      return new Response(reply.status === 204 || reply.status === 304 ? null : reply.body, {
        status: reply.status,
        statusText: reply.statusText,
        headers: reply.headers,
      });
    }
    throw new TypeError(reply.type === 'bridge-failed' ? reply.message : `Could not fetch ${url}.`);
  }

  /** A model the page kept for code cells, by name. */
  async sharedModel(name: string): Promise<SharedModelArtifacts> {
    const reply = await this.ask((id) => ({ type: 'load-shared-model', id, name }));
    if (reply.type === 'shared-model') return reply.artifacts;
    throw new Error(reply.type === 'bridge-failed' ? reply.message : `No model named "${name}".`);
  }
}
