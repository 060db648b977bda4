import { describe, expect, it } from 'vitest';
import { plannedBackend, webglCanvas, type BackendProbe } from '../../../../src/lib/backend/probe';

const yes = (adapter: string) => ({ available: true, adapter });
const no = (reason: string) => ({ available: false, reason });

describe('plannedBackend', () => {
  const wasm = yes('CPU');
  const everything: BackendProbe = { webgpu: yes('swiftshader'), webgl: yes('ANGLE'), wasm };
  const webglOnly: BackendProbe = { webgpu: no('no adapter'), webgl: yes('ANGLE'), wasm };
  const noGpu: BackendProbe = { webgpu: no('no adapter'), webgl: no('WebGL 2 is not available'), wasm };
  const nothing: BackendProbe = { ...noGpu, wasm: no('this browser has no WebAssembly') };

  it('picks WebGPU first, naming its adapter', () => {
    expect(plannedBackend(everything)).toEqual({
      name: 'webgpu',
      label: 'WebGPU - swiftshader',
      chosen: false,
      skipped: [],
    });
  });

  it('falls back to WebGL, then WebAssembly, then the CPU, saying why each was passed over', () => {
    expect(plannedBackend(webglOnly)).toEqual({
      name: 'webgl',
      label: 'WebGL',
      chosen: false,
      skipped: ['WebGPU unavailable: no adapter'],
    });
    expect(plannedBackend(noGpu)).toEqual({
      name: 'wasm',
      label: 'WebAssembly',
      chosen: false,
      skipped: ['WebGPU unavailable: no adapter', 'WebGL unavailable: WebGL 2 is not available'],
    });
    expect(plannedBackend(nothing)).toEqual({
      name: 'cpu',
      label: 'CPU',
      chosen: false,
      skipped: [
        'WebGPU unavailable: no adapter',
        'WebGL unavailable: WebGL 2 is not available',
        'WebAssembly unavailable: this browser has no WebAssembly',
      ],
    });
  });

  it("honours the reader's choice when the browser offers it, and falls through when it does not", () => {
    expect(plannedBackend(everything, 'cpu')).toMatchObject({ name: 'cpu', chosen: true });
    expect(plannedBackend(everything, 'webgl')).toMatchObject({ name: 'webgl', chosen: true });
    expect(plannedBackend(everything, 'wasm')).toMatchObject({
      name: 'wasm',
      label: 'WebAssembly',
      chosen: true,
    });
    // Asked for WebGPU without an adapter: useBackend tries WebGL next.
    expect(plannedBackend(webglOnly, 'webgpu')).toMatchObject({ name: 'webgl', chosen: false });
  });
});

describe('webglCanvas (the canvas tfjs-backend-webgl 4.22 draws WebGL 2 on)', () => {
  it('is an OffscreenCanvas in Chromium and Firefox, page or worker', () => {
    expect(webglCanvas({ safari: false, offscreen: true, document: true })).toBe('offscreen');
    expect(webglCanvas({ safari: false, offscreen: true, document: false })).toBe('offscreen');
  });

  it("is a page canvas in Safari's engine even where OffscreenCanvas exists, and none in its workers", () => {
    // WebKitGTK: OffscreenCanvas exists but has no WebGL 2, a page canvas has it (issue 22).
    expect(webglCanvas({ safari: true, offscreen: true, document: true })).toBe('page');
    expect(webglCanvas({ safari: true, offscreen: true, document: false })).toBeNull();
  });

  it('is a page canvas where there is no OffscreenCanvas, and none in a worker without one', () => {
    expect(webglCanvas({ safari: false, offscreen: false, document: true })).toBe('page');
    expect(webglCanvas({ safari: false, offscreen: false, document: false })).toBeNull();
  });
});
