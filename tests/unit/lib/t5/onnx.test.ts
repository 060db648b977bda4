import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readOnnxGraph } from '../../../../src/lib/t5/onnx';
import { t5WeightsFromOnnx } from '../../../../src/lib/t5/weights';

const encoder = new Uint8Array(readFileSync('public/models/mini-t5/onnx/encoder_model.onnx'));

describe('reading ONNX initializers without a protobuf library', () => {
  it("finds the mini T5 encoder's weights by their consumers' names, stored [in, out]", () => {
    const weights = t5WeightsFromOnnx(encoder, false);
    expect(weights.get('shared')?.dims).toEqual([315, 128]);
    expect(weights.get('layer.1.ff.wi')?.dims).toEqual([128, 384]);
    expect(weights.get('layer.1.ff.wo')?.dims).toEqual([384, 128]);
    expect(weights.get('positionBias')?.dims).toEqual([32, 4]);
    // 2 layers x (q, k, v, o, wi, wo, norm1, norm2) + shared, position table, final norm.
    expect(weights.size).toBe(19);
  });

  it('names a file cut short, and refuses bytes that are not ONNX', () => {
    expect(() => readOnnxGraph(encoder.subarray(0, encoder.length >> 1))).toThrow(/incomplete/);
    expect(() => readOnnxGraph(new TextEncoder().encode('<!doctype html><p>404</p>'))).toThrow(
      /not an ONNX model|incomplete/,
    );
  });
});
