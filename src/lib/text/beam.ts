/**
 * Beam search: keep the `numBeams` most probable partial answers, extend each by every likely next
 * token, and keep the best again. transformers.js 4.3 accepts `num_beams` but still decodes one
 * candidate, so the library does the search itself.
 *
 * The search (`searchBeams`) is separate from the model (`BeamStepper`), so it can be checked against
 * a hand-built scoring function. The model's stepper keeps a key/value cache: after the first step
 * the decoder reads only each beam's newest token, with the cache rows of the beam it extends, instead
 * of re-reading every beam's whole prefix. Every tensor the decoder returns is disposed (on WebGPU
 * they hold GPU buffers).
 */
import type { PreTrainedModel, Tensor } from '@huggingface/transformers';
import type { TransformersModule } from './runtime';

export interface BeamSearchOptions {
  numBeams: number;
  maxNewTokens: number;
  signal?: AbortSignal;
  /** Scores are divided by length^lengthPenalty so short answers are not favoured unfairly (default 1). */
  lengthPenalty?: number;
}

/** One beam to extend in a decoding step. */
export interface BeamRow {
  /** Token ids so far, the decoder's start token first. */
  ids: readonly number[];
  /** The row of the previous step's batch this beam extends (-1 on the first step). */
  parent: number;
}

/** Runs the model for one decoding step: the log-probabilities of the next token for each row. */
export interface BeamStepper {
  step(rows: readonly BeamRow[]): Promise<Float32Array[]>;
  /** Frees whatever the stepper still holds (its cache). Safe to call twice. */
  dispose(): Promise<void>;
}

export interface BeamSearchResult {
  /** The generated ids (without the start token; with end-of-sequence when reached). */
  tokenIds: number[];
  /** Sum of the log-probabilities of the generated tokens. */
  logProb: number;
  /** `logProb` divided by length^lengthPenalty: what the search ranks by. */
  score: number;
  stopped: boolean;
}

interface Beam {
  ids: number[];
  logProb: number;
  done: boolean;
  /** Row of the step that produced this beam's last token. */
  parent: number;
}

/** The search itself: model-free, so tests can drive it with a scoring function of their own. */
export async function searchBeams(
  stepper: BeamStepper,
  config: { start: number; eos: ReadonlySet<number> },
  options: BeamSearchOptions,
): Promise<BeamSearchResult> {
  const penalty = options.lengthPenalty ?? 1;
  const score = (beam: Beam) => beam.logProb / Math.pow(Math.max(1, beam.ids.length - 1), penalty);
  let beams: Beam[] = [{ ids: [config.start], logProb: 0, done: false, parent: -1 }];
  let stopped = false;
  try {
    for (let step = 0; step < options.maxNewTokens; step += 1) {
      if (options.signal?.aborted) {
        stopped = true;
        break;
      }
      const alive = beams.filter((beam) => !beam.done);
      if (alive.length === 0) break;
      const logProbs = await stepper.step(alive.map((beam) => ({ ids: beam.ids, parent: beam.parent })));
      const candidates: Beam[] = beams.filter((beam) => beam.done);
      alive.forEach((beam, row) => {
        for (const [token, logProb] of topK(logProbs[row], options.numBeams)) {
          candidates.push({
            ids: [...beam.ids, token],
            logProb: beam.logProb + logProb,
            done: config.eos.has(token),
            parent: row,
          });
        }
      });
      candidates.sort((a, b) => score(b) - score(a));
      beams = candidates.slice(0, options.numBeams);
      if (beams.every((beam) => beam.done)) break;
    }
  } finally {
    await stepper.dispose();
  }
  const best = [...beams].sort((a, b) => score(b) - score(a))[0];
  return { tokenIds: best.ids.slice(1), logProb: best.logProb, score: score(best), stopped };
}

interface Seq2SeqInternals {
  forward(inputs: Record<string, unknown>): Promise<Record<string, Tensor>>;
  config: { decoder_start_token_id?: number; eos_token_id?: number | number[]; pad_token_id?: number };
}

/** The decoder's start token and end-of-sequence tokens, from the model's config. */
export function decoderTokens(model: PreTrainedModel): { start: number; eos: Set<number> } {
  const config = (model as unknown as Seq2SeqInternals).config;
  const start = config.decoder_start_token_id ?? config.pad_token_id ?? 0;
  const eos = config.eos_token_id ?? 1;
  return { start, eos: new Set(Array.isArray(eos) ? eos : [eos]) };
}

/** Copies `rows` of a tensor's first dimension into a new CPU tensor (rows may repeat). */
async function gatherRows(
  module: TransformersModule,
  tensor: Tensor,
  rows: readonly number[],
): Promise<Tensor> {
  const onGpu = tensor.location === 'gpu-buffer';
  const data = (onGpu
    ? await (
        tensor as unknown as { ort_tensor: { getData(release?: boolean): Promise<unknown> } }
      ).ort_tensor.getData()
    : tensor.data) as unknown as Float32Array;
  const rowSize = tensor.dims.slice(1).reduce((a, b) => a * b, 1);
  const out = new (data.constructor as Float32ArrayConstructor)(rowSize * rows.length);
  rows.forEach((row, i) => out.set(data.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize));
  return new module.Tensor(tensor.type as 'float32', out, [rows.length, ...tensor.dims.slice(1)]);
}

function repeatRows(module: TransformersModule, tensor: Tensor, count: number): Promise<Tensor> {
  return gatherRows(module, tensor, new Array<number>(count).fill(0));
}

function disposeAll(tensors: Iterable<Tensor>): void {
  for (const tensor of tensors) if (tensor.location === 'gpu-buffer') tensor.dispose();
}

/**
 * A stepper over a transformers.js seq2seq model with a key/value cache. `inputs` and `encoded` are
 * one prompt's encoder inputs and output (batch 1); each step repeats them for every beam.
 */
export function cachedDecoderStepper(
  module: TransformersModule,
  model: PreTrainedModel,
  inputs: { input_ids: Tensor; attention_mask: Tensor },
  encoded: Tensor,
): BeamStepper {
  const m = model as unknown as Seq2SeqInternals;
  let past: Record<string, Tensor> | null = null;
  return {
    async step(rows) {
      const count = rows.length;
      const width = past ? 1 : rows[0].ids.length;
      const decoderIds = new BigInt64Array(count * width);
      rows.forEach((row, r) => {
        const tail = row.ids.slice(row.ids.length - width);
        tail.forEach((id, c) => (decoderIds[r * width + c] = BigInt(id)));
      });
      let pastInputs: Record<string, Tensor> | undefined;
      if (past) {
        const previous: Record<string, Tensor> = past;
        const parents = rows.map((row) => row.parent);
        pastInputs = Object.fromEntries(
          await Promise.all(
            Object.entries(previous).map(
              async ([name, tensor]) => [name, await gatherRows(module, tensor, parents)] as const,
            ),
          ),
        );
        disposeAll(Object.values(previous));
        past = null;
      }
      const output = await m.forward({
        input_ids: await repeatRows(module, inputs.input_ids, count),
        attention_mask: await repeatRows(module, inputs.attention_mask, count),
        encoder_outputs: await repeatRows(module, encoded, count),
        decoder_input_ids: new module.Tensor('int64', decoderIds, [count, width]),
        ...(pastInputs ? { past_key_values: pastInputs } : {}),
      });
      const next: Record<string, Tensor> = {};
      for (const [name, tensor] of Object.entries(output)) {
        if (name.startsWith('present')) next[name.replace('present', 'past_key_values')] = tensor;
      }
      past = next;
      const logits = output.logits;
      const [, steps, vocab] = logits.dims;
      const values = (
        logits.location === 'gpu-buffer'
          ? await (
              logits as unknown as { ort_tensor: { getData(release?: boolean): Promise<unknown> } }
            ).ort_tensor.getData(true)
          : logits.data
      ) as Float32Array;
      const result: Float32Array[] = [];
      for (let row = 0; row < count; row += 1) {
        const offset = (row * steps + steps - 1) * vocab;
        result.push(logSoftmax(values.subarray(offset, offset + vocab)));
      }
      return result;
    },
    async dispose() {
      if (past) disposeAll(Object.values(past));
      past = null;
    },
  };
}

export function logSoftmax(values: Float32Array): Float32Array {
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
