/**
 * What the site stores for offline reading, shared by the service worker's runtime part
 * (sw/runtime.ts) and the "Save the course" control (save.ts), so both name the same caches and
 * the same keys. The build (scripts/service-worker.mjs) writes the list of files, with their sizes
 * and content revisions, to `offline-files.json` and into the service worker.
 *
 * Three stores:
 * - Workbox's precache: the site shell (styles, fonts, icons, the scripts every page runs at load,
 *   and the "not saved" page). Downloaded in the background on the first visit.
 * - `tl-pages`: pages, stored when a reader opens them (or saves the course).
 * - `tl-files`: everything a page loads when used: code-cell kernel, libraries, models, data,
 *   ONNX Runtime's wasm, the search index. Stored on first use (or when the course is saved).
 */

export const PAGE_CACHE = 'tl-pages';
export const FILE_CACHE = 'tl-files';
/** Every cache this site's offline copy uses (Workbox names its precache `workbox-precache-...`). */
export const SITE_CACHE_PREFIXES = ['tl-', 'workbox-precache'];

/** What a page sends the service worker when it first takes control: the page and what it loaded. */
export const STORE_MESSAGE = 'TL_STORE_LOADED';

export interface OfflineFile {
  /** Path relative to the site's base, as built: `data/mnist/train.bin`, `lessons/lora/`. */
  path: string;
  bytes: number;
  /**
   * A hash of the content for files whose name does not change when their content does; null for
   * files with a content hash in their name (`_astro/`).
   */
  revision: string | null;
}

export interface OfflineManifest {
  /** Changes with every build whose files differ. */
  version: string;
  /** Precached on install (the shell). */
  shell: { files: number; bytes: number };
  /** Pages, cached when opened. */
  pages: OfflineFile[];
  /** Everything else a page may load, cached when first used. */
  files: OfflineFile[];
  /** The built file (precached) served offline in place of a page that is not stored: `offline/index.html`. */
  offlinePage: string;
  /** shell + pages + files: what "Save the course" stores, in bytes. */
  totalBytes: number;
}

/** A page's cache key: its path with a trailing slash, no query or hash (`?backend=webgl` is the same page). */
export function pageKey(url: URL, base: URL): string | null {
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  let path = url.pathname.slice(base.pathname.length);
  if (path.endsWith('index.html')) path = path.slice(0, -'index.html'.length);
  else if (path !== '' && !path.endsWith('/') && !/\.[a-z0-9]+$/i.test(path)) path += '/';
  return new URL(path, base).href;
}

/**
 * The cache key a file is stored under: its URL, plus its revision for files whose name does not
 * carry one, so a new deployment's file never matches an old copy (and old copies can be removed).
 */
export function fileKey(file: OfflineFile, base: URL): string {
  const url = new URL(file.path, base);
  if (file.revision) url.searchParams.set('tl-rev', file.revision);
  return url.href;
}

/** Looks a request's URL up among the manifest's files (query ignored). */
export function indexFiles(files: OfflineFile[], base: URL): Map<string, OfflineFile> {
  return new Map(files.map((file) => [new URL(file.path, base).href, file]));
}

/** The URL without query and hash, to look up in `indexFiles`. */
export function bareUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
