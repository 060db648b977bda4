/**
 * The T5 forward pass in tfjs ops, for training (teacher forcing, whole sequences) and for greedy
 * decoding (one token at a time with a KV cache). T5's particulars: RMS norm without mean or bias,
 * relative position buckets from the first layer's table shared by all layers, no 1/sqrt(d) in
 * attention, ReLU (v1.0) or gated-GELU (v1.1) feed-forward, and a head tied to the embeddings
 * with a d_model^-0.5 scale (v1.0) or a head of its own (v1.1).
 */
import { tf } from '../tf';
import type { T5Model } from './model';
import { bucketOneHot } from './position';

type Stack = 'encoder' | 'decoder';
const NEG = -1e9;

/** Token ids padded to one length, with the mask of real tokens. */
export interface TokenBatch {
  ids: number[][];
  rows: number;
  length: number;
  /** [rows, length] int32 ids. */
  flat: Int32Array;
  /** [rows, length] 1 for a token, 0 for padding. */
  mask: Float32Array;
}

export function padBatch(rows: number[][], pad: number): TokenBatch {
  const length = Math.max(1, ...rows.map((r) => r.length));
  const flat = new Int32Array(rows.length * length).fill(pad);
  const mask = new Float32Array(rows.length * length);
  rows.forEach((row, i) => {
    flat.set(row, i * length);
    mask.fill(1, i * length, i * length + row.length);
  });
  return { ids: rows, rows: rows.length, length, flat, mask };
}

function rmsNorm(x: tf.Tensor, weight: tf.Tensor, eps: number): tf.Tensor {
  const variance = tf.mean(tf.square(x), -1, true);
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, eps))), weight);
}

/** x [n, in] times the weight `name` [in, out], plus its LoRA pair when attached. */
export function linear(model: T5Model, x: tf.Tensor2D, name: string): tf.Tensor2D {
  const out = tf.matMul(x, model.weight(name)) as tf.Tensor2D;
  const lora = model.lora.get(name);
  if (!lora) return out;
  return tf.add(out, tf.mul(tf.matMul(tf.matMul(x, lora.a), lora.b), lora.scale)) as tf.Tensor2D;
}

/** Embeddings of int32 ids [n] -> [n, d]. */
function embed(model: T5Model, ids: tf.Tensor1D): tf.Tensor2D {
  const shared = model.weight('shared');
  if (!model.embeddingsTrainable) return tf.gather(shared, ids) as tf.Tensor2D;
  // A gather's gradient (UnsortedSegmentSum) is missing on tfjs's wasm backend and slow on cpu: a
  // one-hot matmul has a plain matmul gradient. tf.oneHot must be int32 (its float32 output is
  // wrong on wasm 4.22), then cast.
  return tf.matMul(tf.cast(tf.oneHot(ids, model.config.vocabSize), 'float32'), shared);
}

/** Position bias [1, heads, queries, keys] from the stack's table. */
function positionBias(
  model: T5Model,
  stack: Stack,
  queries: number,
  keys: number,
  offset: number,
): tf.Tensor {
  const c = model.config;
  const hot = tf.tensor2d(
    bucketOneHot(queries, keys, offset, stack === 'encoder', c.relativeBuckets, c.relativeMaxDistance),
    [queries * keys, c.relativeBuckets],
  );
  const bias = tf.matMul(hot, model.weight(`${stack}.positionBias`)); // [q*k, heads]
  return tf.expandDims(tf.transpose(tf.reshape(bias, [queries, keys, c.numHeads]), [2, 0, 1]), 0);
}

/** [rows*len, inner] -> [rows, heads, len, dKv]. */
function splitHeads(model: T5Model, x: tf.Tensor2D, rows: number, length: number): tf.Tensor4D {
  const { numHeads, dKv } = model.config;
  return tf.transpose(tf.reshape(x, [rows, length, numHeads, dKv]), [0, 2, 1, 3]);
}

function attend(
  model: T5Model,
  prefix: string,
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  bias: tf.Tensor,
): tf.Tensor2D {
  const [rows, heads, length, dKv] = q.shape;
  const scores = tf.add(tf.matMul(q, k, false, true), bias); // no 1/sqrt(d): T5 style
  const out = tf.matMul(tf.softmax(scores), v);
  const merged = tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [rows * length, heads * dKv]) as tf.Tensor2D;
  return linear(model, merged, `${prefix}.o`);
}

function feedForward(model: T5Model, prefix: string, x: tf.Tensor2D): tf.Tensor2D {
  if (model.variant === 'v1.0')
    return linear(model, tf.relu(linear(model, x, `${prefix}.ff.wi`)), `${prefix}.ff.wo`);
  const gate = linear(model, x, `${prefix}.ff.wi_0`);
  // gelu_new, the tanh approximation Hugging Face's "gated-gelu" uses.
  const cube = tf.mul(tf.pow(gate, 3), 0.044715);
  const gelu = tf.mul(
    tf.mul(gate, 0.5),
    tf.add(1, tf.tanh(tf.mul(tf.add(gate, cube), Math.sqrt(2 / Math.PI)))),
  );
  return linear(model, tf.mul(gelu, linear(model, x, `${prefix}.ff.wi_1`)) as tf.Tensor2D, `${prefix}.ff.wo`);
}

/** Additive mask bias [rows, 1, 1, keys]: 0 where a token is, very negative on padding. */
function maskBias(mask: Float32Array, rows: number, keys: number): tf.Tensor {
  const bias = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i++) bias[i] = mask[i] ? 0 : NEG;
  return tf.tensor4d(bias, [rows, 1, 1, keys]);
}

/** Encoder states [rows*length, d] of a padded batch. */
export function encode(model: T5Model, batch: TokenBatch): tf.Tensor2D {
  const c = model.config;
  const { rows, length } = batch;
  let x = embed(model, tf.tensor1d(batch.flat, 'int32'));
  const bias = tf.add(positionBias(model, 'encoder', length, length, 0), maskBias(batch.mask, rows, length));
  for (let i = 0; i < c.numLayers; i++) {
    const p = `encoder.layer.${i}`;
    const h = rmsNorm(x, model.weight(`${p}.norm1`), c.layerNormEpsilon) as tf.Tensor2D;
    const split = (name: string) => splitHeads(model, linear(model, h, `${p}.self.${name}`), rows, length);
    x = tf.add(x, attend(model, `${p}.self`, split('q'), split('k'), split('v'), bias));
    x = tf.add(
      x,
      feedForward(model, p, rmsNorm(x, model.weight(`${p}.norm2`), c.layerNormEpsilon) as tf.Tensor2D),
    );
  }
  return rmsNorm(x, model.weight('encoder.finalNorm'), c.layerNormEpsilon) as tf.Tensor2D;
}

/** Logits [n, vocab] from final decoder states [n, d]. */
function head(model: T5Model, x: tf.Tensor2D): tf.Tensor2D {
  if (model.config.tiedHead) {
    return tf.matMul(tf.mul(x, model.config.dModel ** -0.5), model.weight('shared'), false, true);
  }
  return tf.matMul(x, model.weight('head'));
}

/** Cross-attention keys and values of every decoder layer, from the encoder states. */
// Types, not interfaces: tf.tidy accepts them as tensor containers.
export type CrossCache = {
  keys: tf.Tensor4D[];
  values: tf.Tensor4D[];
  bias: tf.Tensor;
};

export function crossCache(model: T5Model, states: tf.Tensor2D, batch: TokenBatch): CrossCache {
  const keys: tf.Tensor4D[] = [];
  const values: tf.Tensor4D[] = [];
  for (let i = 0; i < model.config.numDecoderLayers; i++) {
    const p = `decoder.layer.${i}.cross`;
    keys.push(splitHeads(model, linear(model, states, `${p}.k`), batch.rows, batch.length));
    values.push(splitHeads(model, linear(model, states, `${p}.v`), batch.rows, batch.length));
  }
  return { keys, values, bias: maskBias(batch.mask, batch.rows, batch.length) };
}

/** Self-attention keys and values written so far, per decoder layer, [rows, heads, t, dKv]. */
export type SelfCache = {
  keys: tf.Tensor4D[];
  values: tf.Tensor4D[];
  length: number;
};

/**
 * The decoder over `length` new tokens per row ([rows*length] int32 ids), after `past` (or none).
 * Returns logits [rows*length, vocab] and the self-attention cache extended by the new tokens.
 */
export function decode(
  model: T5Model,
  ids: tf.Tensor1D,
  rows: number,
  length: number,
  cross: CrossCache,
  past: SelfCache | null,
): { logits: tf.Tensor2D; cache: SelfCache } {
  const c = model.config;
  const offset = past?.length ?? 0;
  const total = offset + length;
  let bias = positionBias(model, 'decoder', length, total, offset);
  if (length > 1) {
    const causal = new Float32Array(length * total);
    for (let q = 0; q < length; q++) for (let k = q + offset + 1; k < total; k++) causal[q * total + k] = NEG;
    bias = tf.add(bias, tf.tensor4d(causal, [1, 1, length, total]));
  }
  let x = embed(model, ids);
  const cache: SelfCache = { keys: [], values: [], length: total };
  for (let i = 0; i < c.numDecoderLayers; i++) {
    const p = `decoder.layer.${i}`;
    let h = rmsNorm(x, model.weight(`${p}.norm1`), c.layerNormEpsilon) as tf.Tensor2D;
    let k = splitHeads(model, linear(model, h, `${p}.self.k`), rows, length);
    let v = splitHeads(model, linear(model, h, `${p}.self.v`), rows, length);
    if (past) {
      k = tf.concat([past.keys[i]!, k], 2);
      v = tf.concat([past.values[i]!, v], 2);
    }
    cache.keys.push(k);
    cache.values.push(v);
    const q = splitHeads(model, linear(model, h, `${p}.self.q`), rows, length);
    x = tf.add(x, attend(model, `${p}.self`, q, k, v, bias));
    h = rmsNorm(x, model.weight(`${p}.norm2`), c.layerNormEpsilon) as tf.Tensor2D;
    const cq = splitHeads(model, linear(model, h, `${p}.cross.q`), rows, length);
    x = tf.add(x, attend(model, `${p}.cross`, cq, cross.keys[i]!, cross.values[i]!, cross.bias));
    x = tf.add(
      x,
      feedForward(model, p, rmsNorm(x, model.weight(`${p}.norm3`), c.layerNormEpsilon) as tf.Tensor2D),
    );
  }
  const final = rmsNorm(x, model.weight('decoder.finalNorm'), c.layerNormEpsilon) as tf.Tensor2D;
  return { logits: head(model, final), cache };
}

/** Teacher-forced logits [rows*T, vocab] for decoder inputs (start token, then the target shifted). */
export function teacherForcedLogits(
  model: T5Model,
  inputs: TokenBatch,
  decoderInputs: TokenBatch,
): tf.Tensor2D {
  const states = encode(model, inputs);
  const cross = crossCache(model, states, inputs);
  const ids = tf.tensor1d(decoderInputs.flat, 'int32');
  return decode(model, ids, decoderInputs.rows, decoderInputs.length, cross, null).logits;
}
