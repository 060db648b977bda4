/**
 * Weight quantisation, another way to make a model smaller: each weight tensor is stored as
 * `bits`-bit integers plus its minimum and step (affine quantisation, as the tfjs converter's
 * --quantize_uint8 does), and turned back into floats to run. The copy shows what the rounding
 * costs in accuracy; `bytes` is what the weights would take stored that way.
 */
import { tf } from '../tf';
import { cloneModel } from './clone';

export interface Quantized {
  /** A copy whose weights hold the rounded values. The caller disposes it. */
  model: tf.LayersModel;
  bits: number;
  /** Bytes of the weights at `bits` bits each, plus 8 bytes (minimum and step) per tensor. */
  bytes: number;
  /** Bytes of the same weights as float32. */
  float32Bytes: number;
}

/**
 * Rounds a model's weights to a few bits each (per-tensor, linear), and says how much smaller it gets.
 * @param model the model (left unchanged)
 * @param bits 8 (default) or fewer
 * @returns the rounded model, its bytes and its float32 bytes
 * @example
 * const { bytes, float32Bytes } = await quantizeWeights(buildCnn(), 8);
 */
export async function quantizeWeights(model: tf.LayersModel, bits = 8): Promise<Quantized> {
  if (!(Number.isInteger(bits) && bits >= 1 && bits <= 16)) {
    throw new Error(`Quantise to a whole number of bits from 1 to 16, got ${bits}.`);
  }
  const copy = await cloneModel(model);
  const levels = 2 ** bits - 1;
  let bytes = 0;
  let float32Bytes = 0;
  for (const layer of copy.layers) {
    const weights = layer.getWeights();
    if (weights.length === 0) continue;
    const rounded = weights.map((w) =>
      tf.tidy(() => {
        const min = w.min();
        const step = tf.maximum(tf.sub(w.max(), min), 1e-12).div(levels);
        return tf.add(tf.mul(tf.round(tf.div(tf.sub(w, min), step)), step), min);
      }),
    );
    layer.setWeights(rounded);
    tf.dispose(rounded);
    for (const w of weights) {
      bytes += Math.ceil((w.size * bits) / 8) + 8;
      float32Bytes += w.size * 4;
    }
  }
  return { model: copy, bits, bytes, float32Bytes };
}
