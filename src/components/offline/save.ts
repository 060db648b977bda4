/**
 * "Save the course for offline use": stores every page and file the build lists (offline-files.json)
 * in the caches the service worker reads (files.ts), reports what is stored, and removes it.
 * Saving skips what is already stored, so a save that stopped (Stop, a lost network, a full disk)
 * continues where it stopped. Errors are thrown as OfflineSaveError with a message for the reader.
 */
import { formatBytes } from '../../lib/text/progress';
import { inspectModelCache, removeCachedModels, sizeOf } from '../../lib/text/cache';
import {
  FILE_CACHE,
  PAGE_CACHE,
  SITE_CACHE_PREFIXES,
  fileKey,
  pageKey,
  type OfflineFile,
  type OfflineManifest,
} from './files';

/** The service worker leaves requests with this parameter alone: the saver stores them itself. */
const SAVE_PARAMETER = 'tl-save';

export class OfflineSaveError extends Error {
  constructor(
    message: string,
    readonly reason: 'unsupported' | 'stopped' | 'network' | 'quota' | 'server',
  ) {
    super(message);
    this.name = 'OfflineSaveError';
  }
}

export interface SaveProgress {
  savedBytes: number;
  totalBytes: number;
  savedFiles: number;
  totalFiles: number;
  /** The file being downloaded, as a path of the site. */
  current: string | null;
}

interface Entry {
  file: OfflineFile;
  cacheName: string;
  key: string;
  url: string;
}

export function siteBase(): URL {
  return new URL(import.meta.env.BASE_URL, location.href);
}

export async function loadManifest(base = siteBase()): Promise<OfflineManifest> {
  const response = await fetch(new URL('offline-files.json', base));
  if (!response.ok)
    throw new OfflineSaveError(
      `The list of the course's files is missing (HTTP ${response.status}).`,
      'server',
    );
  return (await response.json()) as OfflineManifest;
}

function entries(manifest: OfflineManifest, base: URL): Entry[] {
  const pages = manifest.pages.map((file) => {
    const url = new URL(file.path, base);
    return { file, cacheName: PAGE_CACHE, key: pageKey(url, base) ?? url.href, url: url.href };
  });
  const files = manifest.files.map((file) => ({
    file,
    cacheName: FILE_CACHE,
    key: fileKey(file, base),
    url: new URL(file.path, base).href,
  }));
  return [...pages, ...files];
}

function cachesUsable(): boolean {
  try {
    return typeof caches !== 'undefined' && 'serviceWorker' in navigator;
  } catch {
    return false;
  }
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}

function quotaMessage(savedBytes: number, totalBytes: number): string {
  // No figure from navigator.storage.estimate() here: browsers report their general allowance,
  // which can be far above what they will actually store when the disk is nearly full.
  return (
    `Your browser has no room left to store the course (${formatBytes(totalBytes)} in all). ` +
    `${formatBytes(savedBytes)} is saved and stays. Free some space (remove other sites' data in the ` +
    `browser's settings, or files on this device), then press Save again to continue.`
  );
}

/** Reads a response body, counting bytes as they arrive. */
async function readBody(response: Response, onBytes: (bytes: number) => void): Promise<Blob> {
  if (!response.body) return response.blob();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    onBytes(value.byteLength);
  }
  return new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? '' });
}

/** The headers kept with a stored file: its type (the body is stored decoded, so no encoding or length). */
function storedHeaders(response: Response): Headers {
  const headers = new Headers();
  const type = response.headers.get('content-type');
  if (type) headers.set('content-type', type);
  return headers;
}

/** Stores every page and file of the course that is not stored yet. */
export async function saveCourse(
  manifest: OfflineManifest,
  options: { signal?: AbortSignal; onProgress?: (progress: SaveProgress) => void } = {},
): Promise<SaveProgress> {
  if (!cachesUsable()) {
    throw new OfflineSaveError(
      'This browser does not let the site store files (a private window, or site data turned off), so the course cannot be saved here.',
      'unsupported',
    );
  }
  const base = siteBase();
  const all = entries(manifest, base);
  const progress: SaveProgress = {
    savedBytes: manifest.shell.bytes,
    totalBytes: manifest.totalBytes,
    savedFiles: manifest.shell.files,
    totalFiles: manifest.shell.files + all.length,
    current: null,
  };
  const report = () => options.onProgress?.({ ...progress });
  const opened = new Map<string, Cache>();
  const open = async (name: string) => {
    const cache = opened.get(name) ?? (await caches.open(name));
    opened.set(name, cache);
    return cache;
  };
  const todo: Entry[] = [];
  for (const entry of all) {
    if (await (await open(entry.cacheName)).match(entry.key)) {
      progress.savedBytes += entry.file.bytes;
      progress.savedFiles += 1;
    } else todo.push(entry);
  }
  report();
  for (const entry of todo) {
    if (options.signal?.aborted) break;
    progress.current = entry.file.path || '/';
    report();
    const before = progress.savedBytes;
    try {
      const url = new URL(entry.url);
      url.searchParams.set(SAVE_PARAMETER, '1');
      const response = await fetch(url, { signal: options.signal, cache: 'no-store' });
      if (!response.ok) {
        throw new OfflineSaveError(
          `The site did not send ${entry.file.path} (HTTP ${response.status}). ${formatBytes(progress.savedBytes)} is saved and stays; try again later.`,
          'server',
        );
      }
      const body = await readBody(response, (bytes) => {
        progress.savedBytes += bytes;
        report();
      });
      await (
        await open(entry.cacheName)
      ).put(entry.key, new Response(body, { headers: storedHeaders(response) }));
      progress.savedBytes = before + entry.file.bytes;
      progress.savedFiles += 1;
      report();
    } catch (error) {
      progress.savedBytes = before;
      progress.current = null;
      report();
      if (error instanceof OfflineSaveError) throw error;
      if (options.signal?.aborted) break;
      if (isQuotaError(error)) throw new OfflineSaveError(quotaMessage(before, manifest.totalBytes), 'quota');
      throw new OfflineSaveError(
        `The download stopped at ${entry.file.path || 'the home page'}: the connection was lost. ` +
          `${formatBytes(before)} of ${formatBytes(manifest.totalBytes)} is saved and stays; press Save again to continue from there.`,
        'network',
      );
    }
  }
  progress.current = null;
  if (options.signal?.aborted) {
    throw new OfflineSaveError(
      `Stopped. ${formatBytes(progress.savedBytes)} of ${formatBytes(manifest.totalBytes)} is saved; press Save to continue from there.`,
      'stopped',
    );
  }
  return progress;
}

export interface StoredGroup {
  /** What a reader calls it: "Site shell", "Pages", "Files used by pages", "Models (text playground)". */
  label: string;
  files: number;
  bytes: number;
}

export interface StoredReport {
  groups: StoredGroup[];
  bytes: number;
  /** Pages and files of the course stored, out of all (the shell counts as stored once installed). */
  savedBytes: number;
  complete: boolean;
  quotaBytes?: number;
  usageBytes?: number;
}

async function cacheSize(
  cache: Cache,
  sizes: Map<string, number>,
): Promise<{ files: number; bytes: number }> {
  let bytes = 0;
  const keys = await cache.keys();
  for (const request of keys) {
    const known = sizes.get(request.url);
    if (known !== undefined) bytes += known;
    else {
      const response = await cache.match(request);
      bytes += response ? await sizeOf(response) : 0;
    }
  }
  return { files: keys.length, bytes };
}

/** What this site has stored in this browser, and how much of the course that is. */
export async function inspectStored(manifest: OfflineManifest): Promise<StoredReport> {
  const base = siteBase();
  const all = entries(manifest, base);
  const sizes = new Map(all.map((entry) => [entry.key, entry.file.bytes]));
  const names = await caches.keys();
  const shellNames = names.filter((name) => name.startsWith('workbox-precache'));
  let shell = { files: 0, bytes: 0 };
  for (const name of shellNames) {
    const size = await cacheSize(await caches.open(name), sizes);
    shell = { files: shell.files + size.files, bytes: shell.bytes + size.bytes };
  }
  const pages = names.includes(PAGE_CACHE)
    ? await cacheSize(await caches.open(PAGE_CACHE), sizes)
    : { files: 0, bytes: 0 };
  const files = names.includes(FILE_CACHE)
    ? await cacheSize(await caches.open(FILE_CACHE), sizes)
    : { files: 0, bytes: 0 };
  const groups: StoredGroup[] = [
    { label: 'Site shell (styles, fonts, page scripts)', ...shell },
    { label: 'Pages', ...pages },
    { label: 'Files pages use (code-cell kernel, libraries, models, data, ONNX Runtime)', ...files },
  ];
  const models = await inspectModelCache();
  if (models.available && models.models.length > 0) {
    groups.push({
      label: 'Models the text playground downloaded (kept by the model library)',
      files: models.models.reduce((sum, model) => sum + model.files.length, 0),
      bytes: models.bytes,
    });
  }
  let savedBytes = shell.files > 0 ? manifest.shell.bytes : 0;
  let missing = shell.files > 0 ? 0 : 1;
  for (const entry of all) {
    if (await caches.match(entry.key, { cacheName: entry.cacheName })) savedBytes += entry.file.bytes;
    else missing += 1;
  }
  return {
    groups,
    bytes: groups.reduce((sum, group) => sum + group.bytes, 0),
    savedBytes,
    complete: missing === 0,
    quotaBytes: models.quotaBytes,
    usageBytes: models.usageBytes,
  };
}

/**
 * Removes the saved copy: stored pages and files, and the site's own models in the model library's
 * cache. The shell stays (the service worker keeps it to start the site), and so do Hub models a
 * reader downloaded in the playground (removed there).
 */
export async function removeSaved(): Promise<void> {
  for (const name of await caches.keys()) {
    if (
      SITE_CACHE_PREFIXES.some((prefix) => name.startsWith(prefix)) &&
      !name.startsWith('workbox-precache')
    ) {
      await caches.delete(name);
    }
  }
  const models = await inspectModelCache();
  for (const model of models.models) {
    if (model.origin === location.origin) await removeCachedModels(model.name);
  }
}
