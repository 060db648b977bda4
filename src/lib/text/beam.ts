/**
 * Beam search: keep the `numBeams` most probable partial answers, extend each by every likely next
 * token, and keep the best again. transformers.js 4.3 accepts `num_beams` but still decodes one
 * candidate, so the library does the search itself. It re-runs the decoder on each beam's whole
 * prefix (no key/value cache): simple and correct, fine for the short answers lessons ask for.
 */
import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import type { TransformersModule } from './runtime';

export interface BeamSearchOptions {
  numBeams: number;
  maxNewTokens: number;
  signal?: AbortSignal;
  /** Scores are divided by length^lengthPenalty so short answers are not favoured unfairly (default 1). */
  lengthPenalty?: number;
}

interface Beam {
  ids: number[];
  logProb: number;
  done: boolean;
}

interface EncoderCapable {
  _encode_input(session: string, inputs: Record<string, Tensor>, output: string): Promise<Tensor>;
  forward(inputs: Record<string, Tensor>): Promise<{ logits: Tensor }>;
  config: { decoder_start_token_id?: number; eos_token_id?: number | number[]; pad_token_id?: number };
}

export async function beamSearch(
  module: TransformersModule,
  tokenizer: PreTrainedTokenizer,
  model: PreTrainedModel,
  prompt: string,
  options: BeamSearchOptions,
): Promise<{ tokenIds: number[]; stopped: boolean }> {
  const m = model as unknown as EncoderCapable;
  const inputs = tokenizer(prompt) as unknown as { input_ids: Tensor; attention_mask: Tensor };
  const encoded = await m._encode_input(
    'model',
    { input_ids: inputs.input_ids, attention_mask: inputs.attention_mask },
    'last_hidden_state',
  );
  const start = m.config.decoder_start_token_id ?? m.config.pad_token_id ?? 0;
  const eosConfig = m.config.eos_token_id ?? 1;
  const eos = new Set(Array.isArray(eosConfig) ? eosConfig : [eosConfig]);
  const penalty = options.lengthPenalty ?? 1;
  const score = (beam: Beam) => beam.logProb / Math.pow(Math.max(1, beam.ids.length - 1), penalty);
  let beams: Beam[] = [{ ids: [start], logProb: 0, done: false }];
  let stopped = false;

  for (let step = 0; step < options.maxNewTokens; step += 1) {
    if (options.signal?.aborted) {
      stopped = true;
      break;
    }
    const alive = beams.filter((beam) => !beam.done);
    if (alive.length === 0) break;
    const logProbs = await nextTokenLogProbs(
      module,
      m,
      inputs,
      encoded,
      alive.map((beam) => beam.ids),
    );
    const candidates: Beam[] = beams.filter((beam) => beam.done);
    alive.forEach((beam, row) => {
      for (const [token, logProb] of topK(logProbs[row], options.numBeams)) {
        candidates.push({ ids: [...beam.ids, token], logProb: beam.logProb + logProb, done: eos.has(token) });
      }
    });
    candidates.sort((a, b) => score(b) - score(a));
    beams = candidates.slice(0, options.numBeams);
    if (beams.every((beam) => beam.done)) break;
  }
  const best = [...beams].sort((a, b) => score(b) - score(a))[0];
  return { tokenIds: best.ids.slice(1), stopped };
}

async function nextTokenLogProbs(
  module: TransformersModule,
  model: EncoderCapable,
  inputs: { input_ids: Tensor; attention_mask: Tensor },
  encoded: Tensor,
  prefixes: number[][],
): Promise<Float32Array[]> {
  const rows = prefixes.length;
  const length = prefixes[0].length;
  const decoderIds = new BigInt64Array(rows * length);
  prefixes.forEach((ids, row) => ids.forEach((id, col) => (decoderIds[row * length + col] = BigInt(id))));
  const repeat = <T extends Tensor>(tensor: T): Tensor => {
    const data = tensor.data as unknown as ArrayLike<number | bigint> & {
      constructor: new (n: number) => unknown;
    };
    const size = tensor.dims.reduce((a, b) => a * b, 1);
    const Ctor = data.constructor as new (n: number) => {
      set(values: ArrayLike<number | bigint>, offset: number): void;
    };
    const out = new Ctor(size * rows);
    for (let r = 0; r < rows; r += 1) out.set(data, r * size);
    return new module.Tensor(tensor.type as 'float32', out as unknown as Float32Array, [
      rows,
      ...tensor.dims.slice(1),
    ]);
  };
  const output = await model.forward({
    input_ids: repeat(inputs.input_ids),
    attention_mask: repeat(inputs.attention_mask),
    encoder_outputs: repeat(encoded),
    decoder_input_ids: new module.Tensor('int64', decoderIds, [rows, length]),
  });
  const [, steps, vocab] = output.logits.dims;
  const logits = output.logits.data as Float32Array;
  const result: Float32Array[] = [];
  for (let row = 0; row < rows; row += 1) {
    const offset = (row * steps + steps - 1) * vocab;
    result.push(logSoftmax(logits.subarray(offset, offset + vocab)));
  }
  return result;
}

function logSoftmax(values: Float32Array): Float32Array {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  const logSum = max + Math.log(sum);
  return values.map((v) => v - logSum);
}

function topK(values: Float32Array, k: number): [number, number][] {
  const best: [number, number][] = [];
  values.forEach((value, index) => {
    if (best.length < k || value > best[best.length - 1][1]) {
      best.push([index, value]);
      best.sort((a, b) => b[1] - a[1]);
      if (best.length > k) best.pop();
    }
  });
  return best;
}
