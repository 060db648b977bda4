import { describe, expect, it } from 'vitest';
import { BackendNameError, backendOrder, parseBackendPreference } from '../../../../src/lib/backend/names';
import { PREFERENCE_KEY, readPreference } from '../../../../src/lib/backend/preference';
import { describeAdapter, probeWebGpu } from '../../../../src/lib/backend/probe';

const storage = (value: string | null) => ({
  getItem: (key: string) => (key === PREFERENCE_KEY ? value : null),
});

describe('backend names', () => {
  it('tries WebGPU, then WebGL, then WebAssembly, then CPU by default', () => {
    expect(backendOrder('auto')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  it('puts the preferred backend first and keeps the others as fallbacks', () => {
    expect(backendOrder('cpu')).toEqual(['cpu', 'webgpu', 'webgl', 'wasm']);
    expect(backendOrder('webgl')).toEqual(['webgl', 'webgpu', 'wasm', 'cpu']);
    expect(backendOrder('wasm')).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
  });

  it('names the valid choices when given a bad one', () => {
    expect(() => parseBackendPreference('tpu')).toThrow(BackendNameError);
    expect(() => parseBackendPreference('tpu')).toThrow('Choose one of: auto, webgpu, webgl, wasm, cpu');
    expect(parseBackendPreference(' WebGL ')).toBe('webgl');
  });
});

describe('backend preference', () => {
  it('lets ?backend= win over a saved choice', () => {
    expect(readPreference({ search: '?backend=cpu', storage: storage('webgl') })).toEqual({
      preference: 'cpu',
      source: 'query',
    });
  });

  it('uses the saved choice when there is no query parameter', () => {
    expect(readPreference({ search: '', storage: storage('webgl') }).preference).toBe('webgl');
  });

  it('falls back to auto with a warning instead of throwing on a bad query value', () => {
    const resolved = readPreference({ search: '?backend=tpu', storage: storage(null) });
    expect(resolved.preference).toBe('auto');
    expect(resolved.warning).toContain('?backend=tpu');
  });

  it('survives storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
    };
    expect(readPreference({ storage: broken }).preference).toBe('auto');
  });
});

describe('backend probe', () => {
  it('reports a missing navigator.gpu in plain words', async () => {
    const result = await probeWebGpu(undefined);
    expect(result.available).toBe(false);
    expect(result.reason).toMatch(/no WebGPU/);
  });

  it('reports a refused adapter', async () => {
    const result = await probeWebGpu({ requestAdapter: async () => null });
    expect(result).toEqual({ available: false, reason: 'WebGPU is present but no adapter was granted' });
  });

  it('describes an adapter by vendor and architecture', async () => {
    const result = await probeWebGpu({
      requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader' } }),
    });
    expect(result).toEqual({ available: true, adapter: 'google swiftshader' });
    expect(describeAdapter(undefined)).toBe('unknown adapter');
  });
});
