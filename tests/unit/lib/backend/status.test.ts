import { describe, expect, it } from 'vitest';
import type { BackendChoice } from '../../../../src/lib/backend/names';
import { describeActive } from '../../../../src/lib/backend/status';

const choice = (name: BackendChoice['name'], label: string, skipped: string[] = []): BackendChoice => ({
  name,
  label,
  adapter: label,
  preference: 'auto',
  skipped,
});

describe('describeActive', () => {
  const webgl = choice('webgl', 'WebGL - llvmpipe', ['WebGPU unavailable: this browser has no WebGPU']);
  const workerCpu = choice('cpu', 'CPU', [
    'WebGPU unavailable: this browser has no WebGPU',
    'WebGL unavailable: this browser gives WebGL only to a page canvas',
  ]);

  it('names one side when only one has run', () => {
    expect(describeActive(webgl, null).summary).toBe('Running on WebGL - llvmpipe');
    expect(describeActive(null, workerCpu).summary).toBe('Running on CPU (code cells)');
  });

  it('says both sides agree, listing each reason once', () => {
    const words = describeActive(webgl, choice('webgl', 'WebGL - llvmpipe', webgl.skipped));
    expect(words.summary).toBe('Running on WebGL - llvmpipe (widgets and code cells)');
    expect(words.detail).toBe('WebGPU unavailable: this browser has no WebGPU');
  });

  it('names both backends, and why the cells differ, when widgets and code cells got different ones', () => {
    const words = describeActive(webgl, workerCpu);
    expect(words.summary).toBe('Widgets run on WebGL - llvmpipe; code cells run on CPU');
    expect(words.detail).toContain('WebGL unavailable: this browser gives WebGL only to a page canvas');
  });
});
