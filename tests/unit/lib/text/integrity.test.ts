import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProtobufCompleteness } from '../../../../src/lib/text/integrity';

describe('the completeness check for downloaded model files', () => {
  it('accepts a whole ONNX file fed in chunks and rejects one cut short', () => {
    const bytes = new Uint8Array(readFileSync('public/models/mini-t5/onnx/decoder_model_merged.onnx'));
    const whole = new ProtobufCompleteness();
    for (let i = 0; i < bytes.length; i += 4093) whole.feed(bytes.subarray(i, i + 4093));
    expect(whole.finish()).toBeNull();
    const cut = new ProtobufCompleteness();
    cut.feed(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(cut.finish()).toMatch(/ends in the middle of a field/);
    expect(new ProtobufCompleteness().finish()).toBe('the file is empty');
  });
});
