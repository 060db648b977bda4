/**
 * The one door to transformers.js. It is imported lazily (a page ships none of it until a reader
 * loads a model), configured once (ONNX Runtime's wasm files come from this site, never a CDN), and
 * every load goes through one promise chain because transformers.js settings are global.
 */
import type * as Transformers from '@huggingface/transformers';
import type { TextModelEntry } from './registry';
import { DEFAULT_HUB_HOST } from './registry';
import { fetchWithModelCheck } from './integrity';

export type TransformersModule = typeof Transformers;

/** Where models and runtime files live; defaults suit the built site and Node tests. */
export interface RuntimeLocations {
  /** Folder (URL in a browser, path on disk in Node) that holds the site's models, ending in `/`. */
  siteModels: string;
  /** URL folder with ONNX Runtime's `ort-wasm-*.{mjs,wasm}` files, ending in `/` (browser only). */
  ortFiles: string;
  /** Host transformers.js downloads Hub models from, ending in `/`. */
  hubHost: string;
}

/** The wasm build transformers.js 4.3 uses for both its WebGPU and WebAssembly devices. */
export const ORT_WASM_BASENAME = 'ort-wasm-simd-threaded.asyncify';

function siteBase(): string {
  const base = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return base.endsWith('/') ? base : `${base}/`;
}

/** A page with a document (not a worker, not Node). */
export function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

/** Node (unit tests, scripts): onnxruntime-node and files read from disk. */
export function inNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof window === 'undefined' && Boolean(proc?.versions?.node);
}

/**
 * A page or a web worker (the code-cell kernel): files come over HTTP and ONNX Runtime runs as
 * WebAssembly or WebGPU. A worker has no `document`, so `isBrowser()` alone would send it to Node's
 * file paths.
 */
export function isWebRuntime(): boolean {
  return !inNode() && typeof fetch === 'function' && typeof location !== 'undefined';
}

function defaultLocations(): RuntimeLocations {
  if (isWebRuntime()) {
    const base = new URL(siteBase(), location.href);
    return {
      // A path, not a full URL: transformers.js only reads "local" models from non-URL paths.
      siteModels: new URL('models/', base).pathname,
      ortFiles: new URL('ort/', base).href,
      hubHost: DEFAULT_HUB_HOST,
    };
  }
  const cwd = (globalThis as { process?: { cwd(): string } }).process?.cwd() ?? '.';
  return { siteModels: `${cwd}/public/models/`, ortFiles: '', hubHost: DEFAULT_HUB_HOST };
}

let locations: RuntimeLocations = defaultLocations();
let modulePromise: Promise<TransformersModule> | null = null;
let chain: Promise<unknown> = Promise.resolve();

/** Overrides where models and runtime files come from (tests, a local Hub mirror). */
export function setRuntimeLocations(changes: Partial<RuntimeLocations>): RuntimeLocations {
  const withSlash = (value: string) => (value === '' || value.endsWith('/') ? value : `${value}/`);
  locations = {
    siteModels: withSlash(changes.siteModels ?? locations.siteModels),
    ortFiles: withSlash(changes.ortFiles ?? locations.ortFiles),
    hubHost: withSlash(changes.hubHost ?? locations.hubHost),
  };
  return { ...locations };
}

export function runtimeLocations(): RuntimeLocations {
  return { ...locations };
}

/** Loads transformers.js once and points ONNX Runtime at the site's own wasm files. */
export function transformers(): Promise<TransformersModule> {
  modulePromise ??= import('@huggingface/transformers').then((module) => {
    if (isWebRuntime() && module.env.fetch) module.env.fetch = fetchWithModelCheck(module.env.fetch);
    const wasm = module.env.backends.onnx.wasm;
    // ONNX Runtime's files come from this site, precached by the service worker: no second copy
    // in transformers-cache, and no blob: import of the wasm factory, which the CSP refuses.
    if (isWebRuntime()) module.env.useWasmCache = false;
    if (isWebRuntime() && wasm) {
      wasm.wasmPaths = {
        mjs: `${locations.ortFiles}${ORT_WASM_BASENAME}.mjs`,
        wasm: `${locations.ortFiles}${ORT_WASM_BASENAME}.wasm`,
      };
    }
    return module;
  });
  return modulePromise;
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
    if (entry.source === 'site') {
      env.allowLocalModels = true;
      env.allowRemoteModels = false;
      env.localModelPath = locations.siteModels;
    } else {
      env.allowLocalModels = false;
      env.allowRemoteModels = true;
      env.remoteHost = locations.hubHost;
    }
    return work(module);
  };
  const next = chain.then(run, run);
  chain = next.catch(() => undefined);
  return next;
}
