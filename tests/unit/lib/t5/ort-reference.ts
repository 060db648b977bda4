/**
 * The reference the tfjs T5 is checked against: the same ONNX files run by ONNX Runtime (the
 * engine transformers.js uses), with the whole decoder sequence at once and an empty KV cache.
 */
import * as ort from 'onnxruntime-node';

export interface OrtT5 {
  /** Logits [T, vocab] for one input's token ids and the decoder input ids. */
  logits(inputIds: number[], decoderIds: number[]): Promise<{ data: Float32Array; vocab: number }>;
  release(): Promise<void>;
}

export async function ortT5(folder: string, heads: number, dKv: number, layers: number): Promise<OrtT5> {
  const encoder = await ort.InferenceSession.create(`${folder}/onnx/encoder_model.onnx`);
  const decoder = await ort.InferenceSession.create(`${folder}/onnx/decoder_model_merged.onnx`);
  const ids = (values: number[]) =>
    new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
  return {
    async logits(inputIds, decoderIds) {
      const mask = ids(inputIds.map(() => 1));
      const { last_hidden_state: states } = await encoder.run({
        input_ids: ids(inputIds),
        attention_mask: mask,
      });
      const feeds: Record<string, ort.Tensor> = {
        input_ids: ids(decoderIds),
        encoder_attention_mask: mask,
        encoder_hidden_states: states!,
      };
      const empty = new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, dKv]);
      for (let i = 0; i < layers; i++) {
        for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) {
          feeds[`past_key_values.${i}.${part}`] = empty;
        }
      }
      if (decoder.inputNames.includes('use_cache_branch')) {
        feeds.use_cache_branch = new ort.Tensor('bool', [false], [1]);
      }
      const out = await decoder.run(feeds);
      const logits = out.logits!;
      return { data: logits.data as Float32Array, vocab: logits.dims[2]! };
    },
    async release() {
      await encoder.release();
      await decoder.release();
    },
  };
}
