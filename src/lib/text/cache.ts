/**
 * What transformers.js has stored in this browser's Cache Storage, grouped by model, and how to
 * remove it. Files are keyed by URL, so a model's files share a folder prefix.
 */

/** transformers.js's default `env.cacheKey`. */
export const MODEL_CACHE_NAME = 'transformers-cache';

export interface CachedModel {
  /** "mini-t5", "Xenova/flan-t5-small", or "ONNX Runtime" for the engine's own files. */
  name: string;
  /** Where the files came from (the site or a model host). */
  origin: string;
  files: { url: string; bytes: number }[];
  bytes: number;
}

export interface CacheReport {
  available: boolean;
  models: CachedModel[];
  bytes: number;
  /** The browser's estimate for the whole site (all storage), when it gives one. */
  quotaBytes?: number;
  usageBytes?: number;
}

/** Groups a cached URL: `.../models/mini-t5/onnx/x.onnx` -> mini-t5; `.../Org/name/resolve/...` -> Org/name. */
export function modelNameOf(url: string): { name: string; origin: string } {
  const parsed = new URL(url, 'http://localhost/');
  const path = parsed.pathname;
  const resolve = path.match(/^\/(?:.*\/)?([^/]+\/[^/]+)\/resolve\/[^/]+\//);
  if (resolve) return { name: decodeURIComponent(resolve[1]), origin: parsed.origin };
  const site = path.match(/\/models\/([^/]+)\//);
  if (site) return { name: decodeURIComponent(site[1]), origin: parsed.origin };
  if (/ort-wasm/.test(path)) return { name: 'ONNX Runtime', origin: parsed.origin };
  return { name: path.split('/').slice(0, -1).join('/') || path, origin: parsed.origin };
}

function cachesAvailable(): boolean {
  try {
    return typeof caches !== 'undefined';
  } catch {
    // A sandboxed frame (the code-cell kernel) throws a SecurityError on reading `caches` at all.
    return false;
  }
}

/** A stored response's size: its Content-Length, or its body's when the header is missing. */
export async function sizeOf(response: Response): Promise<number> {
  const header = response.headers.get('content-length');
  if (header && Number(header) > 0) return Number(header);
  return (await response.blob()).size;
}

/** The model cache, or null where this context has none (Node, an opaque origin, a locked-down browser). */
export async function openModelCache(): Promise<Cache | null> {
  if (!cachesAvailable()) return null;
  try {
    return await caches.open(MODEL_CACHE_NAME);
  } catch {
    return null;
  }
}

/**
 * What text models this browser keeps for offline use, and how many bytes.
 * @returns whether a cache exists, the cached models and their bytes
 * @example
 * (await inspectModelCache()).bytes
 */
export async function inspectModelCache(): Promise<CacheReport> {
  const cache = await openModelCache();
  if (!cache) return { available: false, models: [], bytes: 0 };
  const groups = new Map<string, CachedModel>();
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    const bytes = response ? await sizeOf(response) : 0;
    const { name, origin } = modelNameOf(request.url);
    const key = `${origin} ${name}`;
    const group = groups.get(key) ?? { name, origin, files: [], bytes: 0 };
    group.files.push({ url: request.url, bytes });
    group.bytes += bytes;
    groups.set(key, group);
  }
  const models = [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
  const report: CacheReport = { available: true, models, bytes: models.reduce((sum, m) => sum + m.bytes, 0) };
  try {
    const estimate = await navigator.storage?.estimate?.();
    if (estimate) {
      report.quotaBytes = estimate.quota;
      report.usageBytes = estimate.usage;
    }
  } catch {
    // Estimates are optional.
  }
  return report;
}

/** Removes every cached file whose model name matches (all models when `name` is omitted). */
/** Whether `url` is in the model cache (false where there is no cache). */
export async function isCached(url: string): Promise<boolean> {
  const cache = await openModelCache();
  if (!cache) return false;
  try {
    return (await cache.match(url)) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Deletes cached text models (one, or all).
 * @param name the model to remove (default: all)
 * @returns how many files were removed
 * @example
 * await removeCachedModels('flan-t5-small')
 */
export async function removeCachedModels(name?: string): Promise<number> {
  const cache = await openModelCache();
  if (!cache) return 0;
  let removed = 0;
  for (const request of await cache.keys()) {
    if (name === undefined || modelNameOf(request.url).name === name) {
      if (await cache.delete(request)) removed += 1;
    }
  }
  return removed;
}
