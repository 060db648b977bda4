/**
 * Greedy decoding with a KV cache: the encoder runs once, cross-attention keys and values are
 * computed once, and each new token attends to the cached keys and values of the ones before it.
 */
import { tf } from '../tf';
import { asT5Model, type T5Model } from './model';
import { crossCache, decode, encode, padBatch, type SelfCache } from './forward';
import type { TextPair, TrainableT5 } from './types';
import { onTextBackend } from '../backend/text-training';
import { yieldToEventLoop } from '../util/yield';

/** Options for greedy decoding. */
export interface GreedyOptions {
  /** Most tokens to write after the start token (default 16). */
  maxNewTokens?: number;
  /** Stops between batches and tokens; the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Inputs decoded together (default 64). */
  batchSize?: number;
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('Stopped.', 'AbortError');
}

/** Greedy token ids (up to and without `</s>`) for each input, decoded together. */
export async function greedyIds(
  model: T5Model,
  inputs: string[],
  opts: GreedyOptions = {},
): Promise<number[][]> {
  const c = model.config;
  const maxNew = opts.maxNewTokens ?? 16;
  const batch = padBatch(
    inputs.map((t) => model.encode(t)),
    c.padTokenId,
  );
  const cross = tf.tidy(() => {
    const states = encode(model, batch);
    const cache = crossCache(model, states, batch);
    return cache;
  });
  const out: number[][] = inputs.map(() => []);
  const done = inputs.map(() => false);
  let past: SelfCache | null = null;
  let tokens = new Int32Array(batch.rows).fill(c.decoderStartTokenId);
  try {
    for (let step = 0; step < maxNew && done.some((d) => !d); step++) {
      throwIfAborted(opts.signal);
      const before: SelfCache | null = past;
      const result = tf.tidy(() => {
        const r = decode(model, tf.tensor1d(tokens, 'int32'), batch.rows, 1, cross, before);
        return { next: tf.argMax(r.logits, -1), keys: r.cache.keys, values: r.cache.values };
      });
      if (before) for (const t of [...before.keys, ...before.values]) t.dispose();
      past = { keys: result.keys, values: result.values, length: step + 1 };
      const next = (await result.next.data()) as Int32Array;
      result.next.dispose();
      tokens = new Int32Array(batch.rows);
      next.forEach((id, i) => {
        if (done[i]) {
          tokens[i] = c.padTokenId;
          return;
        }
        tokens[i] = id;
        if (id === c.eosTokenId) done[i] = true;
        else out[i]!.push(id);
      });
    }
  } finally {
    const held: SelfCache | null = past;
    if (held) for (const t of [...held.keys, ...held.values]) t.dispose();
    for (const t of [...cross.keys, ...cross.values, cross.bias]) t.dispose();
  }
  return out;
}

/** Greedy answers for many inputs, in batches. */
export async function greedyAnswers(
  model: TrainableT5,
  inputs: string[],
  opts: GreedyOptions = {},
): Promise<string[]> {
  const m = asT5Model(model);
  const size = opts.batchSize ?? 64;
  return onTextBackend(m.backend, async () => {
    const answers: string[] = [];
    for (let i = 0; i < inputs.length; i += size) {
      await yieldToEventLoop();
      throwIfAborted(opts.signal);
      const ids = await greedyIds(m, inputs.slice(i, i + size), opts);
      answers.push(...ids.map((row) => m.decode(row)));
    }
    return answers;
  });
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Greedy exact match: decodes every input with the KV cache (the same way transformers.js
 * generates) and counts the outputs equal to their targets.
 *
 * @param model - the model to measure.
 * @param pairs - inputs and expected outputs.
 * @param opts - token limit and abort signal.
 * @returns a fraction in 0..1 (0 for no pairs).
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * const before = await greedyAccuracy(model, miniT5Examples('translate', 'held_out', 100, 7));
 */
export async function greedyAccuracy(
  model: TrainableT5,
  pairs: TextPair[],
  opts: GreedyOptions = {},
): Promise<number> {
  if (pairs.length === 0) return 0;
  const answers = await greedyAnswers(
    model,
    pairs.map((p) => p.input),
    opts,
  );
  const right = answers.filter((a, i) => a === normalise(pairs[i]!.target)).length;
  return right / pairs.length;
}

/**
 * Writes the model's answer to one input by greedy decoding with the KV cache.
 *
 * @param model - the model (tuned or not).
 * @param input - the prompt.
 * @param opts - token limit.
 * @returns the answer text, without `</s>`.
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * await generateWithT5(model, 'what is three one in german ?'); // "drei eins" after tuning
 */
export async function generateWithT5(
  model: TrainableT5,
  input: string,
  opts: { maxNewTokens?: number } = {},
): Promise<string> {
  const [answer] = await greedyAnswers(model, [input], opts);
  return answer ?? '';
}
