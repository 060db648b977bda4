/**
 * TensorFlow.js's WebAssembly backend, loaded only when asked for. Its .wasm files are served by this
 * site from /tfjs-wasm/ (scripts/tfjs-wasm-files.mjs copies them), never from a CDN. With the
 * convolution filter gradient it lacks (wasm-kernels.ts), it trains every model in the course.
 */
import { tf } from '../tf';
import { isNode } from '../util/environment';
import { registerWasmTrainingKernels } from './wasm-kernels';

/** The folder (ending in `/`) the wasm backend's files are fetched from, in a browser. */
let wasmFolder: string | null = null;

/**
 * Where tfjs's wasm files live, when not at the site's `/tfjs-wasm/` (the code-cell kernel
 * passes its site base; tests may pass another folder).
 *
 * @param folder - a URL folder holding `tfjs-backend-wasm.wasm` and `tfjs-backend-wasm-simd.wasm`.
 * @returns nothing.
 * @example
 * setTfjsWasmFolder('https://example.org/course/tfjs-wasm/');
 */
export function setTfjsWasmFolder(folder: string): void {
  wasmFolder = folder.endsWith('/') ? folder : `${folder}/`;
}

function defaultWasmFolder(): string {
  const base = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  const folder = `${base.endsWith('/') ? base : `${base}/`}tfjs-wasm/`;
  try {
    return new URL(folder, globalThis.location?.href).href;
  } catch {
    // No usable address here (an opaque-origin frame sets the folder with setTfjsWasmFolder).
    return folder;
  }
}

let loaded: Promise<void> | null = null;

/**
 * Registers the WebAssembly backend with tfjs (once), pointed at this site's files, with the
 * training kernel it lacks. It does not switch tfjs to it: `tf.setBackend('wasm')` does that.
 */
export function loadWasmBackend(): Promise<void> {
  loaded ??= import('@tensorflow/tfjs-backend-wasm')
    .then((wasm) => {
      // One thread: the threaded build needs cross-origin isolation and a worker script, and on
      // the 2-core machines measured here it gained nothing for models this small.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      if (!isNode()) wasm.setWasmPaths(wasmFolder ?? defaultWasmFolder());
      registerWasmTrainingKernels();
    })
    .catch((error: unknown) => {
      loaded = null; // A failed download may succeed on the next try.
      throw error;
    });
  return loaded;
}
