/// <reference lib="webworker" />
/**
 * The dedicated text worker: transformers.js and ONNX Runtime live here, away from the page (and
 * from a code-cell kernel), so the page can throw the whole runtime away after a failure (an
 * exhausted WebAssembly heap, a lost GPU device, a bad file) and start a fresh one.
 */
import { currentGpuDevice, poisonRuntime } from '../engine';
import { EngineHost } from './host';
import type { ToTextRuntime } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

// Every WebAssembly memory ONNX Runtime makes, so the limit measurement can read the heap's size
// (it only grows, up to the 4 GB a browser allows). Watching costs nothing at run time.
const memories = new Set<WebAssembly.Memory>();
const OriginalMemory = WebAssembly.Memory;
WebAssembly.Memory = function Memory(descriptor: WebAssembly.MemoryDescriptor) {
  const memory = new OriginalMemory(descriptor);
  memories.add(memory);
  return memory;
} as unknown as typeof WebAssembly.Memory;
WebAssembly.Memory.prototype = OriginalMemory.prototype;
const originalInstantiate = WebAssembly.instantiate.bind(WebAssembly);
WebAssembly.instantiate = (async (...args: Parameters<typeof WebAssembly.instantiate>) => {
  const result = (await originalInstantiate(...args)) as
    WebAssembly.Instance | WebAssembly.WebAssemblyInstantiatedSource;
  const instance = 'instance' in result ? result.instance : result;
  for (const value of Object.values(instance.exports))
    if (value instanceof OriginalMemory) memories.add(value);
  return result;
}) as typeof WebAssembly.instantiate;

const host = new EngineHost((message) => self.postMessage(message));
self.onmessage = (event: MessageEvent<ToTextRuntime>) => host.receive(event.data);

// Test hooks. Only code in this worker's own realm reaches them (a test driver or DevTools): reader
// code in a page or kernel cannot evaluate anything here.
Object.assign(self, {
  tlTextTesting: {
    poison: (message?: string) => poisonRuntime(message),
    loseGpuDevice: () => {
      const device = currentGpuDevice();
      device?.destroy();
      return device !== null;
    },
    wasmHeapBytes: () => Math.max(0, ...[...memories].map((memory) => memory.buffer.byteLength)),
  },
});

self.postMessage({ type: 'ready' });
