import { errorMessage } from '../util/errors';
import { BACKEND_LABELS, type BackendPreference, type TfBackendName, backendOrder } from './names';

/**
 * What this browser can do, found without loading tfjs: safe to run on page load.
 * Works in a page and in a Web Worker.
 */
export interface Capability {
  available: boolean;
  /** Adapter or renderer description when available, e.g. "swiftshader". */
  adapter?: string;
  /** Why it is unavailable, in words a reader understands. */
  reason?: string;
}

export interface BackendProbe {
  webgpu: Capability;
  webgl: Capability;
  wasm: Capability;
}

interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}
interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/**
 * A short human name for a WebGPU adapter ("swiftshader", "nvidia ampere", ...).
 * @param info the GPU adapter's vendor, architecture and device, if the browser says
 * @returns a short description such as "google swiftshader", or "unknown GPU"
 * @example
 * describeAdapter(undefined)
 */
export function describeAdapter(info: GpuAdapterInfoLike | undefined): string {
  if (!info) return 'unknown adapter';
  const parts = [info.vendor, info.architecture].filter((part): part is string => Boolean(part));
  const text = parts.length > 0 ? parts.join(' ') : (info.description ?? info.device ?? '');
  return text.trim() || 'unknown adapter';
}

/**
 * Whether this browser gives a WebGPU adapter, and which.
 * @param gpu navigator.gpu, or another object shaped like it (default: the browser's)
 * @returns available with the adapter's description, or the reason it is not
 * @example
 * (await probeWebGpu()).available
 */
export async function probeWebGpu(gpu: GpuLike | undefined = navigatorGpu()): Promise<Capability> {
  if (!gpu) return { available: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { available: false, reason: 'WebGPU is present but no adapter was granted' };
    return { available: true, adapter: describeAdapter(adapter.info) };
  } catch (error) {
    return { available: false, reason: `requesting a WebGPU adapter failed: ${errorMessage(error)}` };
  }
}

/** Where tfjs's WebGL backend can draw in this context: what `webglCanvas` decides from. */
export interface CanvasContext {
  /** tfjs's IS_SAFARI flag: a Safari user agent from Apple (Safari, and WebKitGTK's browsers). */
  safari: boolean;
  offscreen: boolean;
  document: boolean;
}

export type WebGlCanvasKind = 'offscreen' | 'page';

/**
 * The canvas tfjs-backend-webgl 4.22 creates for WebGL 2 (its `createCanvas`): an OffscreenCanvas
 * where there is one, except in Safari's engine, which gets a page canvas; none in a worker there.
 * The probe must test that same canvas: WebKitGTK has an OffscreenCanvas with no WebGL 2 on it while
 * its page canvas has WebGL 2, so probing the wrong one named the wrong backend (issue 22).
 */
export function webglCanvas(context: CanvasContext = canvasContext()): WebGlCanvasKind | null {
  if (!context.safari && context.offscreen) return 'offscreen';
  return context.document ? 'page' : null;
}

function canvasContext(): CanvasContext {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  return {
    // The same test as tfjs-core's IS_SAFARI flag (flags.js).
    safari: Boolean(nav && /Safari/.test(nav.userAgent ?? '') && /Apple/.test(nav.vendor ?? '')),
    offscreen: typeof OffscreenCanvas !== 'undefined',
    document: typeof document !== 'undefined',
  };
}

/**
 * Whether this browser can make a WebGL 2 context (what tfjs's WebGL backend needs).
 * @returns available, or the reason it is not
 * @example
 * probeWebGl().available
 */
export function probeWebGl(): Capability {
  try {
    const kind = webglCanvas();
    if (!kind)
      return {
        available: false,
        reason:
          'this browser gives WebGL only to a page canvas, and code running in a worker has none (WebKit)',
      };
    const canvas = kind === 'offscreen' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
    const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl)
      return {
        available: false,
        reason: `WebGL 2 is not available${kind === 'offscreen' ? ' on an OffscreenCanvas' : ''}`,
      };
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = debug ? String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : 'WebGL 2';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, adapter: renderer };
  } catch (error) {
    return { available: false, reason: `WebGL failed: ${errorMessage(error)}` };
  }
}

/**
 * Whether this browser runs WebAssembly (what tfjs's wasm backend needs).
 * @returns available, or the reason it is not
 * @example
 * probeWasm().available
 */
export function probeWasm(): Capability {
  return typeof WebAssembly === 'object'
    ? { available: true, adapter: 'CPU' }
    : { available: false, reason: 'this browser has no WebAssembly' };
}

/**
 * Asks the browser which backends besides the plain CPU one it can run (WebGPU, WebGL,
 * WebAssembly), without loading TensorFlow.js.
 * @returns whether each is available, with the adapter or the reason it is not
 * @example
 * (await probeBackends()).webgl.available
 */
export async function probeBackends(): Promise<BackendProbe> {
  return { webgpu: await probeWebGpu(), webgl: probeWebGl(), wasm: probeWasm() };
}

export interface PlannedBackend {
  name: TfBackendName;
  /** e.g. "WebGPU - swiftshader", "WebGL", "CPU". */
  label: string;
  /** Whether the reader's own choice (not `auto`) is the one planned. */
  chosen: boolean;
  /** One line per backend passed over before it, e.g. "WebGPU unavailable: no adapter was granted". */
  skipped: string[];
}

/**
 * The backend `useBackend` will land on, predicted from a probe without loading tfjs: the first in
 * `backendOrder(preference)` that this browser offers (the CPU always works). Pages use it to say
 * where lessons will run before anything is loaded, in the same order the library tries.
 * @param probe what probeBackends found
 * @param preference 'auto' (default) or one backend
 * @returns the backend that will run, and why the faster ones were skipped
 * @example
 * plannedBackend(await probeBackends()).label
 */
export function plannedBackend(probe: BackendProbe, preference: BackendPreference = 'auto'): PlannedBackend {
  const skipped: string[] = [];
  for (const name of backendOrder(preference)) {
    if (name === 'cpu') return { name, label: BACKEND_LABELS.cpu, chosen: preference === name, skipped };
    const capability = probe[name];
    if (capability.available) {
      const label =
        name === 'webgpu' ? `${BACKEND_LABELS[name]} - ${capability.adapter}` : BACKEND_LABELS[name];
      return { name, label, chosen: preference === name, skipped };
    }
    skipped.push(`${BACKEND_LABELS[name]} unavailable: ${capability.reason}`);
  }
  throw new Error('The backend order lost the CPU backend.'); // backendOrder always ends with 'cpu'.
}

/**
 * `navigator.gpu`, typed loosely because WebGPU typings lag behind browsers (adapter.info).
 * @returns navigator.gpu where the browser has WebGPU, else undefined
 * @example
 * navigatorGpu() !== undefined
 */
export function navigatorGpu(): GpuLike | undefined {
  if (typeof navigator === 'undefined') return undefined;
  return (navigator as Navigator & { gpu?: GpuLike }).gpu;
}
