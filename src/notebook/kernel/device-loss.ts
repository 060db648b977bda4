/**
 * Watches the GPU device under tfjs's WebGPU backend. When it is lost (a driver reset, another
 * tab taking the GPU, or a cell destroying it) every later GPU call fails or hangs, so the kernel
 * tells the page at once; the page ends the run with a clear message and starts a fresh kernel on
 * WebGL.
 */
interface DeviceLostInfo {
  reason?: string;
  message?: string;
}

interface WebGpuBackendLike {
  device?: { lost?: Promise<DeviceLostInfo> };
}

export function watchDeviceLoss(backend: unknown, onLost: (message: string) => void): void {
  const lost = (backend as WebGpuBackendLike | null)?.device?.lost;
  if (!lost || typeof lost.then !== 'function') return;
  void lost.then((info) => {
    const reason = info?.reason && info.reason !== 'unknown' ? ` (${info.reason})` : '';
    const detail = info?.message ? `: ${info.message.replace(/\.\s*$/, '')}` : '';
    onLost(`The GPU device was lost${reason}${detail}`);
  });
}
