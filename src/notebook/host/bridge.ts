/**
 * The page's answers to the kernel's requests (kernel/bridge.ts). The kernel's origin is opaque:
 * reading the site's files directly would be a cross-origin request, which works only where the
 * host sends CORS headers (many static hosts do not), and would bypass the page's service worker.
 * So the page fetches on the kernel's behalf, but only GETs of the folders cells legitimately need:
 * the data, the models, ONNX Runtime's files and tfjs's WebAssembly files (the trainable T5's backend). Models the page kept for cells come from its own
 * store (src/lib/models/kept-store.ts). Nothing else of the site is reachable from a cell.
 */
import type { FromKernel, ToKernel } from '../protocol';
import { getKeptModel, KEPT_MODEL_NAME } from '../../lib/models/kept-store';
import { errorMessage } from '../../lib/util/errors';

export type KernelRequest = Extract<FromKernel, { type: 'fetch' | 'load-shared-model' }>;

export interface BridgeReply {
  message: ToKernel;
  transfer: Transferable[];
}

/** The folders under the site's base that code cells may read. */
// tfjs-wasm/: without it tfjs's wasm backend fails to start in the kernel and the trainable T5
// falls back to WebGPU or WebGL, several times slower here.
export const READABLE_FOLDERS = ['data/', 'models/', 'ort/', 'tfjs-wasm/'] as const;

/** The URL if a cell may read it, otherwise why not. */
export function readableUrl(raw: string, siteBase: string): { url: URL } | { refused: string } {
  let url: URL;
  try {
    url = new URL(raw, siteBase);
  } catch {
    return { refused: `"${raw.slice(0, 100)}" is not a valid address.` };
  }
  const base = new URL(siteBase);
  const folders = READABLE_FOLDERS.map((folder) => new URL(folder, base).pathname);
  if (url.origin !== base.origin || !folders.some((folder) => url.pathname.startsWith(folder))) {
    return {
      refused: `Code cells can read this site's ${READABLE_FOLDERS.map((f) => f.slice(0, -1)).join(', ')} folders only; ${url.origin === base.origin ? url.pathname : url.origin} is not one of them.`,
    };
  }
  url.hash = '';
  return { url };
}

const KEPT_HEADERS = ['content-type', 'etag', 'last-modified'];

export async function answerRequest(request: KernelRequest, siteBase: string): Promise<BridgeReply> {
  const failed = (message: string): BridgeReply => ({
    message: { type: 'bridge-failed', id: request.id, message },
    transfer: [],
  });
  if (request.type === 'load-shared-model') {
    if (!KEPT_MODEL_NAME.test(request.name))
      return failed(`"${request.name}" is not a kept model's name (letters, digits, ".", "-" and "_").`);
    let kept;
    try {
      kept = await getKeptModel(request.name);
    } catch (error) {
      return failed(`The kept models could not be read: ${errorMessage(error)}`);
    }
    if (!kept)
      return failed(
        `No model named "${request.name}" was kept for code cells in this browser. Keep one from its widget first (for example "Keep it in this browser" in the distillation lesson).`,
      );
    return {
      message: { type: 'shared-model', id: request.id, artifacts: kept.artifacts },
      transfer: [kept.artifacts.weightData],
    };
  }
  const readable = readableUrl(request.url, siteBase);
  if ('refused' in readable) return failed(readable.refused);
  try {
    const response = await fetch(readable.url, { credentials: 'same-origin' });
    const body = await response.arrayBuffer();
    const headers: [string, string][] = [];
    for (const name of KEPT_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers.push([name, value]);
    }
    headers.push(['content-length', String(body.byteLength)]);
    return {
      message: {
        type: 'fetched',
        id: request.id,
        status: response.status,
        statusText: response.statusText,
        headers,
        body,
      },
      transfer: [body],
    };
  } catch (error) {
    return failed(`Could not fetch ${readable.url.pathname}: ${errorMessage(error)}`);
  }
}
