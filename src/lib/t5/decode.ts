import type { TextPair, TrainableT5 } from './types';

/** Options for greedy decoding. */
export interface GreedyOptions {
  /** Most tokens to write after the start token (default 16). */
  maxNewTokens?: number;
  /** Stops between batches; the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/**
 * Greedy exact match: decodes every input with the KV cache (the same way transformers.js
 * generates) and counts the outputs equal to their targets.
 *
 * @param model - the model to measure.
 * @param pairs - inputs and expected outputs.
 * @param opts - token limit and abort signal.
 * @returns a fraction in 0..1 (0 for no pairs).
 * @example
 * const before = await greedyAccuracy(model, miniT5Examples('translate', 'held_out', 100, 7));
 */
export async function greedyAccuracy(
  model: TrainableT5,
  pairs: TextPair[],
  opts: GreedyOptions = {},
): Promise<number> {
  void model;
  void pairs;
  void opts;
  throw new Error('greedyAccuracy is not written yet.');
}

/**
 * Writes the model's answer to one input by greedy decoding with the KV cache.
 *
 * @param model - the model (tuned or not).
 * @param input - the prompt.
 * @param opts - token limit.
 * @returns the answer text, without `</s>`.
 * @example
 * await generateWithT5(model, 'what is three one in german ?'); // "drei eins" after tuning
 */
export async function generateWithT5(
  model: TrainableT5,
  input: string,
  opts: { maxNewTokens?: number } = {},
): Promise<string> {
  void model;
  void input;
  void opts;
  throw new Error('generateWithT5 is not written yet.');
}
