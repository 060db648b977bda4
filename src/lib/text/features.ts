/**
 * Encoder features: run only the encoder and average its output vectors over the real (unpadded)
 * tokens, giving one fixed-length vector per sentence. A small classifier trained on these vectors
 * is transfer learning by feature extraction: the T5 stays frozen, only the head learns.
 */
import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import { encode, encoderInputs } from './generate';

/**
 * Mean-pools `[batch, tokens, width]` states over positions where the mask is 1 (pure function).
 * @param states the encoder's hidden states, [batch, tokens, width] flattened
 * @param mask 1 for real tokens, 0 for padding
 * @param dims [batch, tokens, width]
 * @returns one feature vector per sentence: the mean over its real tokens
 * @example
 * meanPool(new Float32Array([1, 2, 3, 4]), [1, 1], [1, 2, 2]) // [[2, 3]]
 */
export function meanPool(
  states: Float32Array,
  mask: ArrayLike<number | bigint>,
  dims: readonly number[],
): number[][] {
  const [batch, tokens, width] = dims;
  const out: number[][] = [];
  for (let b = 0; b < batch; b += 1) {
    const sum = new Array<number>(width).fill(0);
    let count = 0;
    for (let t = 0; t < tokens; t += 1) {
      if (Number(mask[b * tokens + t]) === 0) continue;
      count += 1;
      const offset = (b * tokens + t) * width;
      for (let w = 0; w < width; w += 1) sum[w] += states[offset + w];
    }
    out.push(sum.map((value) => (count > 0 ? value / count : 0)));
  }
  return out;
}

/**
 * The output vectors at the first `count` positions, side by side (`count * width` numbers a text;
 * zeros past a text's end). Unlike the mean it keeps word order, which a head needs when the answer
 * depends on which word comes where (pure function).
 */
export function firstPositions(
  states: Float32Array,
  mask: ArrayLike<number | bigint>,
  dims: readonly number[],
  count: number,
): number[][] {
  const [batch, tokens, width] = dims;
  const out: number[][] = [];
  for (let b = 0; b < batch; b += 1) {
    const row = new Array<number>(count * width).fill(0);
    for (let t = 0; t < Math.min(count, tokens); t += 1) {
      if (Number(mask[b * tokens + t]) === 0) continue;
      const offset = (b * tokens + t) * width;
      for (let w = 0; w < width; w += 1) row[t * width + w] = states[offset + w];
    }
    out.push(row);
  }
  return out;
}

/** How the per-token vectors become one vector a text: their mean, or the first `count` side by side. */
export type FeatureLayout = { pooling: 'mean' } | { pooling: 'positions'; count: number };

export async function encoderFeatures(
  tokenizer: PreTrainedTokenizer,
  model: PreTrainedModel,
  texts: readonly string[],
  batchSize = 16,
  signal?: AbortSignal,
  layout: FeatureLayout = { pooling: 'mean' },
): Promise<number[][]> {
  const features: number[][] = [];
  for (let i = 0; i < texts.length; i += batchSize) {
    if (signal?.aborted) throw new DOMException('Stopped.', 'AbortError');
    const batch = texts.slice(i, i + batchSize);
    const inputs = encoderInputs(tokenizer, batch);
    const states = await encode(model, inputs);
    const data = (
      states.type === 'float32' ? states.data : (await states.to('float32')).data
    ) as Float32Array;
    const mask = inputs.attention_mask.data as BigInt64Array;
    features.push(
      ...(layout.pooling === 'mean'
        ? meanPool(data, mask, states.dims)
        : firstPositions(data, mask, states.dims, layout.count)),
    );
  }
  return features;
}
