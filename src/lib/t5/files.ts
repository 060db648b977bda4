/**
 * Reads a model's files from a site folder, a Hub URL or (in Node) a folder on disk, reporting
 * bytes as they arrive. A file transformers.js already stored in Cache Storage under the same URL
 * is read from there, so a FLAN-T5 a reader has run is not downloaded again.
 */
import { isNode } from '../util/environment';
import { MODEL_CACHE_NAME } from '../text/cache';

export type BytesProgress = (received: number, total: number) => void;

function abortError(): Error {
  return new DOMException('The model download was stopped.', 'AbortError');
}

/** The folder as a URL this context can fetch, or null for a path on disk (Node). */
export function resolveBase(base: string): string | null {
  const trimmed = base.replace(/\/+$/, '');
  if (/^(https?|blob|data):/.test(trimmed)) return trimmed;
  if (isNode()) return null;
  return new URL(trimmed, globalThis.location?.href ?? 'http://localhost/').href;
}

async function fromCache(url: string): Promise<Response | null> {
  try {
    if (typeof caches === 'undefined') return null;
    const cache = await caches.open(MODEL_CACHE_NAME);
    return (await cache.match(url)) ?? null;
  } catch {
    // Opaque origins (the code-cell frame) refuse Cache Storage: fetch instead.
    return null;
  }
}

async function readBody(
  response: Response,
  onBytes: BytesProgress | undefined,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const total = Number(response.headers.get('content-length') ?? 0);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    if (signal?.aborted) {
      await reader.cancel();
      throw abortError();
    }
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.length;
    onBytes?.(received, total);
  }
  if (total && received < total) {
    throw new Error(
      `The download stopped after ${received} of ${total} bytes; check the connection and try again.`,
    );
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** One file's bytes. Throws a plain message for a missing file or a failed download. */
export async function readModelFile(
  base: string,
  path: string,
  options: { signal?: AbortSignal; onBytes?: BytesProgress } = {},
): Promise<Uint8Array> {
  const { signal, onBytes } = options;
  if (signal?.aborted) throw abortError();
  const url = resolveBase(base);
  if (url === null) {
    const { readFile } = await import(/* @vite-ignore */ 'node:fs/promises');
    const bytes = new Uint8Array(await readFile(`${base.replace(/\/+$/, '')}/${path}`));
    onBytes?.(bytes.length, bytes.length);
    return bytes;
  }
  const full = `${url}/${path}`;
  let response = await fromCache(full);
  if (!response) {
    try {
      response = await fetch(full, { signal });
    } catch (error) {
      if (signal?.aborted) throw abortError();
      throw new Error(
        `Could not download ${path} (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
  }
  if (!response.ok) throw new Error(`Could not download ${path}: the server answered ${response.status}.`);
  return readBody(response, onBytes, signal);
}

export async function readModelJson(
  base: string,
  path: string,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const bytes = await readModelFile(base, path, { signal });
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    throw new Error(`${path} is not valid JSON.`);
  }
}

/**
 * The bytes a trainable T5 downloads (its two fp32 ONNX files), asked of the server with one-byte
 * range requests, so the reader can be told the size before anything large arrives. Files already
 * in Cache Storage count as 0.
 *
 * @param modelBase - the model's folder (site path or Hub base URL).
 * @returns total bytes still to download and the size of each file.
 * @example
 * const { bytes } = await trainableT5DownloadBytes('https://huggingface.co/Xenova/flan-t5-small/resolve/main');
 */
export async function trainableT5DownloadBytes(
  modelBase: string,
): Promise<{ bytes: number; files: { path: string; bytes: number; cached: boolean }[] }> {
  const url = resolveBase(modelBase);
  const files = [];
  for (const path of T5_ONNX_FILES) {
    if (url === null) {
      const { stat } = await import(/* @vite-ignore */ 'node:fs/promises');
      files.push({
        path,
        bytes: (await stat(`${modelBase.replace(/\/+$/, '')}/${path}`)).size,
        cached: true,
      });
      continue;
    }
    const full = `${url}/${path}`;
    if (await fromCache(full)) {
      files.push({ path, bytes: 0, cached: true });
      continue;
    }
    const response = await fetch(full, { headers: { Range: 'bytes=0-0' } });
    if (!response.ok)
      throw new Error(`Could not find ${path} at ${modelBase} (the server answered ${response.status}).`);
    const total = Number(
      response.headers.get('content-range')?.split('/')[1] ?? response.headers.get('content-length'),
    );
    await response.body?.cancel();
    files.push({ path, bytes: Number.isFinite(total) ? total : 0, cached: false });
  }
  return { bytes: files.reduce((n, f) => n + (f.cached ? 0 : f.bytes), 0), files };
}

/** The two fp32 ONNX files a trainable T5 is read from. */
export const T5_ONNX_FILES = ['onnx/encoder_model.onnx', 'onnx/decoder_model_merged.onnx'] as const;
