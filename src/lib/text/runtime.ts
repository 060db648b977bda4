/**
 * The one door to transformers.js. It is imported lazily (a page ships none of it until a reader
 * loads a model), configured once (ONNX Runtime's wasm files come from this site, never a CDN), and
 * every load goes through one promise chain because transformers.js settings are global.
 */
import type * as Transformers from '@huggingface/transformers';
import type { TextModelEntry } from './registry';
import { DEFAULT_HUB_HOST } from './registry';
import { fetchWithModelCheck } from './integrity';
import { openModelCache } from './cache';
import { isNode } from '../util/environment';

export type TransformersModule = typeof Transformers;

/** Where models and runtime files live; defaults suit the built site and Node tests. */
export interface RuntimeLocations {
  /** Folder (full URL in a browser, path on disk in Node) that holds the site's models, ending in `/`. */
  siteModels: string;
  /** URL folder with ONNX Runtime's `ort-wasm-*.{mjs,wasm}` files, ending in `/` (browser only). */
  ortFiles: string;
  /** Host transformers.js downloads Hub models from, ending in `/`. */
  hubHost: string;
  /**
   * Turns the two ONNX Runtime file URLs into ones this context can load. The code-cell kernel
   * runs in an opaque origin, where ONNX Runtime's module import of the site's file would need
   * CORS; it passes a resolver that returns a blob: URL instead.
   */
  ortUrls?: (files: { mjs: string; wasm: string }) => Promise<{ mjs: string; wasm: string }>;
}

/** The wasm build transformers.js 4.3 uses for both its WebGPU and WebAssembly devices. */
export const ORT_WASM_BASENAME = 'ort-wasm-simd-threaded.asyncify';

function siteBase(): string {
  const base = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return base.endsWith('/') ? base : `${base}/`;
}

/** A page or a web worker: files come over HTTP and ONNX Runtime runs as WebAssembly/WebGPU. */
export function isWebRuntime(): boolean {
  return !isNode() && typeof fetch === 'function';
}

/**
 * The site's root URL: from this context's address, or, where that has none (a `blob:` worker, an
 * opaque origin), from the address this module itself was loaded from.
 */
function siteRoot(): URL | null {
  for (const from of [() => location.href, () => import.meta.url]) {
    try {
      const root = new URL(siteBase(), from());
      if (/^https?:$/.test(root.protocol) && root.origin !== 'null') return root;
    } catch {
      // No usable base here: try the next.
    }
  }
  return null;
}

function defaultLocations(): RuntimeLocations {
  if (isWebRuntime()) {
    // Full URLs, so the text worker (whose own address is its script's) and a code-cell kernel
    // resolve them the same way.
    const root = siteRoot();
    return {
      siteModels: root ? new URL('models/', root).href : '',
      ortFiles: root ? new URL('ort/', root).href : '',
      hubHost: DEFAULT_HUB_HOST,
    };
  }
  const cwd = (globalThis as { process?: { cwd(): string } }).process?.cwd() ?? '.';
  return { siteModels: `${cwd}/public/models/`, ortFiles: '', hubHost: DEFAULT_HUB_HOST };
}

/** transformers.js's default layout of Hub URLs. */
const HUB_PATH_TEMPLATE = '{model}/resolve/{revision}/';

let locations: RuntimeLocations = defaultLocations();
let modulePromise: Promise<TransformersModule> | null = null;
let chain: Promise<unknown> = Promise.resolve();

/**
 * Overrides where models and runtime files come from (tests, a local Hub mirror).
 * @param changes the locations to change
 * @returns the locations now
 * @example
 * setRuntimeLocations({}).siteModels
 */
export function setRuntimeLocations(changes: Partial<RuntimeLocations>): RuntimeLocations {
  const withSlash = (value: string) => (value === '' || value.endsWith('/') ? value : `${value}/`);
  locations = {
    siteModels: withSlash(changes.siteModels ?? locations.siteModels),
    ortFiles: withSlash(changes.ortFiles ?? locations.ortFiles),
    hubHost: withSlash(changes.hubHost ?? locations.hubHost),
    ortUrls: changes.ortUrls ?? locations.ortUrls,
  };
  return { ...locations };
}

/**
 * Where the text runtime finds the site's models, ONNX Runtime's files and the Hub.
 * @returns the current locations
 * @example
 * runtimeLocations().hubHost
 */
export function runtimeLocations(): RuntimeLocations {
  return { ...locations };
}

/**
 * Whether this context may use Cache Storage. An opaque origin (a sandboxed iframe, a worker it
 * made) exposes `caches` but refuses to open it; then models are simply fetched each time.
 */
export async function cacheStorageUsable(): Promise<boolean> {
  return (await openModelCache()) !== null;
}

/** Loads transformers.js once and points ONNX Runtime at the site's own wasm files. */
export function transformers(): Promise<TransformersModule> {
  modulePromise ??= import('@huggingface/transformers').then(async (module) => {
    if (!isWebRuntime()) return module;
    if (module.env.fetch) module.env.fetch = fetchWithModelCheck(module.env.fetch);
    // ONNX Runtime's files come from this site, stored by the service worker when first used: no second copy
    // in transformers-cache, and no blob: import of the wasm factory, which the CSP refuses.
    module.env.useWasmCache = false;
    if (!(await cacheStorageUsable())) module.env.useBrowserCache = false;
    return module;
  });
  return modulePromise;
}

/** Points ONNX Runtime at the site's own wasm files (read before its first session is created). */
async function applyOrtFiles(module: TransformersModule): Promise<void> {
  const wasm = module.env.backends.onnx.wasm;
  if (!isWebRuntime() || !wasm) return;
  if (!locations.ortFiles) {
    throw new Error(
      "The text runtime does not know where ONNX Runtime's files are: call setRuntimeLocations({ ortFiles, siteModels }) with full URLs first.",
    );
  }
  const files = {
    mjs: `${locations.ortFiles}${ORT_WASM_BASENAME}.mjs`,
    wasm: `${locations.ortFiles}${ORT_WASM_BASENAME}.wasm`,
  };
  wasm.wasmPaths = locations.ortUrls ? await locations.ortUrls(files) : files;
}

/**
 * Runs `work` after every earlier load has finished, with transformers.js pointed at the right
 * place for `entry`: the site's folder with remote downloads off, or the Hub host with them on.
 */
export function withModelSource<T>(
  entry: TextModelEntry,
  work: (module: TransformersModule) => Promise<T>,
): Promise<T> {
  const run = async () => {
    const module = await transformers();
    const { env } = module;
    await applyOrtFiles(module);
    if (entry.source === 'site' && !/^https?:/.test(locations.siteModels)) {
      // Node: a folder on disk.
      env.allowLocalModels = true;
      env.allowRemoteModels = false;
      env.localModelPath = locations.siteModels;
    } else if (entry.source === 'site') {
      // A browser: the site's folder by full URL (so a worker, or a kernel in an opaque origin, finds
      // it), fetched the way Hub files are. transformers.js only treats non-URL paths as local.
      env.allowLocalModels = false;
      env.allowRemoteModels = true;
      env.remoteHost = locations.siteModels;
      env.remotePathTemplate = '{model}/';
    } else {
      env.allowLocalModels = false;
      env.allowRemoteModels = true;
      env.remoteHost = locations.hubHost;
      env.remotePathTemplate = HUB_PATH_TEMPLATE;
    }
    return work(module);
  };
  const next = chain.then(run, run);
  chain = next.catch(() => undefined);
  return next;
}
