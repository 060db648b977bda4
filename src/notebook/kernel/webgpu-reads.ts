/**
 * On WebGPU, tfjs reads a tensor synchronously (`dataSync`, `arraySync`, `print`) by drawing the GPU
 * buffer into canvases. Inside the kernel's Web Worker (measured in headless Chromium) that read
 * returns zeros and then loses the GPU instance, so every later cell fails. We turn such reads into
 * a clear error instead; values already on the CPU still read synchronously.
 */
import type { tf as tfNamespace } from '../../lib/tf';

interface WebGpuBackendInternals {
  readSync(dataId: object): unknown;
  tensorMap?: { get(dataId: object): { values?: unknown; dtype?: string } | undefined };
}

export const SYNC_READ_MESSAGE =
  'Reading a tensor synchronously (dataSync, arraySync, print) does not work on the WebGPU backend in a code cell. Use `await tensor.data()` or `await tensor.array()`, or show(tensor).';

export function guardWebGpuSyncReads(tf: typeof tfNamespace): void {
  if (tf.getBackend() !== 'webgpu') return;
  const backend = tf.backend() as unknown as WebGpuBackendInternals;
  const original = backend.readSync.bind(backend);
  backend.readSync = (dataId: object) => {
    const entry = backend.tensorMap?.get(dataId);
    // Values kept on the CPU (or strings) are returned without touching the GPU: safe.
    if (!entry || entry.values != null || entry.dtype === 'string') return original(dataId);
    throw new Error(SYNC_READ_MESSAGE);
  };
}
