/**
 * The service worker's runtime caching, bundled by scripts/service-worker.mjs into a script that
 * Workbox's generated sw.js imports first, so these listeners run before Workbox's own. Workbox
 * precaches and serves the site shell; this part handles the rest:
 * - pages: from the network when there is one (and stored), else the stored copy, else the
 *   "not saved on this device" page;
 * - every other file the build lists (models, data, ONNX Runtime, kernel, libraries, search
 *   index): from the store when there, else from the network, then stored, so a page visited
 *   once reloads offline with its cells and widgets.
 * A new deployment's worker, on activation, drops stored files the build no longer has and
 * refreshes stored pages and the newer versions of stored files, so an updated site stays
 * readable offline wherever the old one was.
 */
import {
  FILE_CACHE,
  PAGE_CACHE,
  STORE_MESSAGE,
  bareUrl,
  fileKey,
  indexFiles,
  pageKey,
  type OfflineFile,
  type OfflineManifest,
} from '../files';

declare const __TL_OFFLINE_MANIFEST__: OfflineManifest;

/** The parts of the service worker's global scope this file uses (the DOM types lack them). */
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface MessageEventLike extends ExtendableEventLike {
  data: unknown;
}
interface WorkerScope {
  registration: { scope: string };
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  addEventListener(type: 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
}

const scope = self as unknown as WorkerScope;
const manifest = __TL_OFFLINE_MANIFEST__;
const base = new URL(scope.registration.scope);
const files = indexFiles(manifest.files, base);
/** Saving the course fetches with this parameter, so the saver, not this worker, stores the file. */
const SAVE_PARAMETER = 'tl-save';
/** How long a page waits for the network before a stored copy is shown instead. */
const PAGE_NETWORK_MS = 4000;

async function putQuietly(cacheName: string, key: string, response: Response): Promise<void> {
  try {
    await (await caches.open(cacheName)).put(key, response);
  } catch {
    // Storage full or refused: the reader still gets the response; it just is not kept.
    // The "Save the course" page reports quota problems where the reader can act on them.
  }
}

async function fromNetworkOrStore(request: Request, key: string): Promise<Response> {
  const cache = await caches.open(PAGE_CACHE);
  const stored = await cache.match(key);
  const network = fetch(request).then((response) => {
    if (response.ok && response.type === 'basic') void putQuietly(PAGE_CACHE, key, response.clone());
    return response;
  });
  if (!stored) {
    return network.catch(async () => (await offlinePage()) ?? Response.error());
  }
  // With a stored copy, a slow or absent network does not keep the reader waiting.
  const timeout = new Promise<Response>((resolve) => setTimeout(() => resolve(stored), PAGE_NETWORK_MS));
  return Promise.race([network.catch(() => stored), timeout]);
}

/** The precached "this page is not saved on this device" page. */
async function offlinePage(): Promise<Response | undefined> {
  // Workbox stores precached files under a revisioned key; ignoreSearch finds it.
  return caches.match(new URL(manifest.offlinePage, base).href, { ignoreSearch: true });
}

async function storeFirst(request: Request, file: OfflineFile): Promise<Response> {
  const key = fileKey(file, base);
  const stored = await caches.match(key, { cacheName: FILE_CACHE });
  if (stored) return stored;
  const response = await fetch(request);
  // Only whole files (a 206 is part of one) and only this site's.
  if (response.status === 200 && response.type === 'basic')
    await putQuietly(FILE_CACHE, key, response.clone());
  return response;
}

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== base.origin || url.searchParams.has(SAVE_PARAMETER)) return;
  if (request.mode === 'navigate') {
    const key = pageKey(url, base);
    if (key) event.respondWith(fromNetworkOrStore(request, key));
    return;
  }
  const file = files.get(bareUrl(url));
  if (file) event.respondWith(storeFirst(request, file));
  // Anything else is the shell (Workbox's precache answers) or not this site's to keep.
});

/** `select.BTB7ZFBm.js` -> `select.js`: the same chunk across deployments. */
function stem(path: string): string {
  return path.replace(/[.-][A-Za-z0-9_-]{8}(\.[a-z0-9]+)$/, '$1');
}

/** Removes stored files this build does not have; returns the paths whose newer version to fetch. */
async function dropStaleFiles(): Promise<OfflineFile[]> {
  const cache = await caches.open(FILE_CACHE);
  const current = new Set(manifest.files.map((file) => fileKey(file, base)));
  const byStem = new Map(manifest.files.map((file) => [stem(file.path), file]));
  const refresh: OfflineFile[] = [];
  for (const request of await cache.keys()) {
    if (current.has(request.url)) continue;
    await cache.delete(request);
    const path = new URL(request.url).pathname.slice(base.pathname.length);
    const newer = byStem.get(stem(path));
    if (newer) refresh.push(newer);
  }
  return refresh;
}

async function refresh(
  pagesAndFiles: { key: string; url: string; cacheName: string }[],
  cache: RequestCache = 'no-store',
): Promise<void> {
  for (const { key, url, cacheName } of pagesAndFiles) {
    try {
      const response = await fetch(url, { cache });
      if (response.ok) await putQuietly(cacheName, key, response);
    } catch {
      // Offline now: the stored page stays until the next visit with a network.
    }
  }
}

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const files = await dropStaleFiles();
      const pages = await (await caches.open(PAGE_CACHE)).keys();
      // Pages first (they are small, and name this deployment's styles and scripts), then files.
      void refresh([
        ...pages.map((request) => ({ key: request.url, url: request.url, cacheName: PAGE_CACHE })),
        ...files.map((file) => ({
          key: fileKey(file, base),
          url: new URL(file.path, base).href,
          cacheName: FILE_CACHE,
        })),
      ]);
    })(),
  );
});

/**
 * The page a reader first opens loads before this worker controls it, so neither it nor what it
 * loaded so far went through the worker. When the worker takes control, the page sends its own
 * address and the files it loaded (register.ts); the worker stores those it keeps.
 */
function isPageAddress(url: URL): boolean {
  return url.pathname.endsWith('/') || url.pathname.endsWith('.html') || !/\.[a-z0-9]+$/i.test(url.pathname);
}

async function storeLoaded(urls: string[]): Promise<void> {
  for (const address of urls) {
    const url = new URL(address);
    const file = files.get(bareUrl(url));
    const page = file ? null : pageKey(url, base);
    // Only pages and the files the build lists (the shell is Workbox's; other addresses are not the site's).
    const key = file ? fileKey(file, base) : page;
    if (!key || (!file && !isPageAddress(url))) continue;
    const cacheName = file ? FILE_CACHE : PAGE_CACHE;
    if (await caches.match(key, { cacheName })) continue;
    // The browser's HTTP cache most likely still has it: no second download.
    await refresh([{ key, url: file ? url.href : key, cacheName }], 'default');
  }
}

scope.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown; urls?: unknown } | null;
  if (data?.type !== STORE_MESSAGE || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter(
    (url): url is string => typeof url === 'string' && url.startsWith(base.origin),
  );
  event.waitUntil(storeLoaded(urls));
});
