import { describe, expect, it } from 'vitest';
import { plannedBackend, type BackendProbe } from '../../../../src/lib/backend/probe';

const yes = (adapter: string) => ({ available: true, adapter });
const no = (reason: string) => ({ available: false, reason });

describe('plannedBackend', () => {
  const everything: BackendProbe = { webgpu: yes('swiftshader'), webgl: yes('ANGLE') };
  const webglOnly: BackendProbe = { webgpu: no('no adapter'), webgl: yes('ANGLE') };
  const nothing: BackendProbe = { webgpu: no('no adapter'), webgl: no('WebGL 2 is not available') };

  it('picks WebGPU first, naming its adapter', () => {
    expect(plannedBackend(everything)).toEqual({
      name: 'webgpu',
      label: 'WebGPU - swiftshader',
      chosen: false,
      skipped: [],
    });
  });

  it('falls back to WebGL, then the CPU, saying why each was passed over', () => {
    expect(plannedBackend(webglOnly)).toEqual({
      name: 'webgl',
      label: 'WebGL',
      chosen: false,
      skipped: ['WebGPU unavailable: no adapter'],
    });
    expect(plannedBackend(nothing)).toEqual({
      name: 'cpu',
      label: 'CPU',
      chosen: false,
      skipped: ['WebGPU unavailable: no adapter', 'WebGL unavailable: WebGL 2 is not available'],
    });
  });

  it("honours the reader's choice when the browser offers it, and falls through when it does not", () => {
    expect(plannedBackend(everything, 'cpu')).toMatchObject({ name: 'cpu', chosen: true });
    expect(plannedBackend(everything, 'webgl')).toMatchObject({ name: 'webgl', chosen: true });
    // Asked for WebGPU without an adapter: useBackend tries WebGL next.
    expect(plannedBackend(webglOnly, 'webgpu')).toMatchObject({ name: 'webgl', chosen: false });
  });
});
