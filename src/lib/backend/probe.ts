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

/** A short human name for a WebGPU adapter ("swiftshader", "nvidia ampere", ...). */
export function describeAdapter(info: GpuAdapterInfoLike | undefined): string {
  if (!info) return 'unknown adapter';
  const parts = [info.vendor, info.architecture].filter((part): part is string => Boolean(part));
  const text = parts.length > 0 ? parts.join(' ') : (info.description ?? info.device ?? '');
  return text.trim() || 'unknown adapter';
}

export async function probeWebGpu(gpu: GpuLike | undefined = navigatorGpu()): Promise<Capability> {
  if (!gpu) return { available: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { available: false, reason: 'WebGPU is present but no adapter was granted' };
    return { available: true, adapter: describeAdapter(adapter.info) };
  } catch (error) {
    return { available: false, reason: `requesting a WebGPU adapter failed: ${messageOf(error)}` };
  }
}

export function probeWebGl(): Capability {
  try {
    const canvas =
      typeof OffscreenCanvas !== 'undefined'
        ? new OffscreenCanvas(1, 1)
        : typeof document !== 'undefined'
          ? document.createElement('canvas')
          : null;
    if (!canvas) return { available: false, reason: 'no canvas to draw on here' };
    const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return { available: false, reason: 'WebGL 2 is not available' };
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = debug ? String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : 'WebGL 2';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, adapter: renderer };
  } catch (error) {
    return { available: false, reason: `WebGL failed: ${messageOf(error)}` };
  }
}

export async function probeBackends(): Promise<BackendProbe> {
  return { webgpu: await probeWebGpu(), webgl: probeWebGl() };
}

/** `navigator.gpu`, typed loosely because WebGPU typings lag behind browsers (adapter.info). */
export function navigatorGpu(): GpuLike | undefined {
  if (typeof navigator === 'undefined') return undefined;
  return (navigator as Navigator & { gpu?: GpuLike }).gpu;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
