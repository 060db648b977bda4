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
  },
});

self.postMessage({ type: 'ready' });
