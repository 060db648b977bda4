import { describe, expect, it } from 'vitest';
import {
  chooseTextDevice,
  onTextDevice,
  parseTextDevice,
  parseTextDtype,
  publishTextDevice,
  textDeviceFromQuery,
  type TextDeviceStatus,
} from '../../../../src/lib/backend/text-device';

describe('text device choice', () => {
  it('uses onnxruntime-node on the CPU in Node and keeps to the formats the model has', async () => {
    const choice = await chooseTextDevice({ availableDtypes: ['fp32'] });
    expect(choice).toEqual({ devices: ['cpu'], dtype: 'fp32', skipped: [] });
    const flan = await chooseTextDevice({ availableDtypes: ['fp32', 'fp16', 'q8', 'q4'] });
    expect(flan.dtype).toBe('q8');
    await expect(chooseTextDevice({ dtype: 'q4', availableDtypes: ['fp32'] })).rejects.toThrow(
      /not published in q4/,
    );
  });

  it('names the valid choices when given a bad device or format', () => {
    expect(parseTextDevice(' WebGPU ')).toBe('webgpu');
    expect(() => parseTextDevice('cuda')).toThrow('Choose one of: auto, webgpu, wasm');
    expect(parseTextDtype('Q8')).toBe('q8');
    expect(() => parseTextDtype('int3')).toThrow('Choose one of: fp32, fp16, q8, q4');
    expect(textDeviceFromQuery('?textDevice=wasm&dtype=fp16')).toEqual({
      device: 'wasm',
      dtype: 'fp16',
      warnings: [],
    });
    expect(textDeviceFromQuery('?textDevice=tpu').warnings[0]).toMatch(/Unknown device "tpu"/);
  });
});

describe('where the text model runs', () => {
  it('is published apart from the tfjs backend, to listeners present and future', () => {
    const seen: TextDeviceStatus[] = [];
    const stop = onTextDevice((status) => seen.push(status));
    // A listener gets the last status at once; another test file in this worker may have published one.
    seen.length = 0;
    const status: TextDeviceStatus = {
      model: 'mini-t5',
      device: 'wasm',
      label: 'WebAssembly (CPU)',
      dtype: 'q8',
      skipped: ['WebGPU unavailable: the WebGPU device was lost earlier on this page'],
    };
    publishTextDevice(status);
    stop();
    publishTextDevice({ ...status, device: 'webgpu' });
    expect(seen).toEqual([status]);
    const late: TextDeviceStatus[] = [];
    onTextDevice((s) => late.push(s))();
    expect(late.map((s) => s.device)).toEqual(['webgpu']);
  });
});
