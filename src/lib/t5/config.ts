/** A T5's shape from its `config.json` (Hugging Face's field names). */
import type { T5Config } from './types';

/** Reads `config.json`; throws a plain message when it is not a T5. */
export function t5ConfigFrom(json: Record<string, unknown>): T5Config {
  if (json.model_type !== 't5') {
    throw new Error(
      `This model is a "${String(json.model_type)}", not a T5: only T5 models can be fine-tuned here.`,
    );
  }
  const num = (key: string, fallback?: number): number => {
    const value = json[key] ?? fallback;
    if (typeof value !== 'number') throw new Error(`The model's config.json has no number "${key}".`);
    return value;
  };
  const proj = String(json.feed_forward_proj ?? 'relu');
  const gated = proj.startsWith('gated-');
  if (!['relu', 'gated-gelu'].includes(proj)) {
    throw new Error(
      `The feed-forward "${proj}" is not supported: only "relu" (T5) and "gated-gelu" (T5 v1.1, FLAN-T5).`,
    );
  }
  const numLayers = num('num_layers');
  return {
    variant: gated ? 'v1.1' : 'v1.0',
    vocabSize: num('vocab_size'),
    dModel: num('d_model'),
    dKv: num('d_kv'),
    dFf: num('d_ff'),
    numHeads: num('num_heads'),
    numLayers,
    numDecoderLayers: num('num_decoder_layers', numLayers),
    relativeBuckets: num('relative_attention_num_buckets', 32),
    relativeMaxDistance: num('relative_attention_max_distance', 128),
    layerNormEpsilon: num('layer_norm_epsilon', 1e-6),
    padTokenId: num('pad_token_id', 0),
    eosTokenId: num('eos_token_id', 1),
    decoderStartTokenId: num('decoder_start_token_id', 0),
    tiedHead: json.tie_word_embeddings !== false,
  };
}
