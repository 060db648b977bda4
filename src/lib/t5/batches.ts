/** Turning text pairs into padded token batches for teacher forcing. */
import { padBatch, type TokenBatch } from './forward';
import type { T5Model } from './model';
import type { TextPair } from './types';

/** One pair as tokens: the input ids and the target ids (ending with `</s>`). */
export interface EncodedPair {
  input: number[];
  target: number[];
}

export function encodePairs(model: T5Model, pairs: readonly TextPair[]): EncodedPair[] {
  return pairs.map((p) => ({ input: model.encode(p.input), target: model.encode(p.target) }));
}

/** Encoder inputs, decoder inputs (start token + target shifted right) and labels of a batch. */
export interface TeacherBatch {
  inputs: TokenBatch;
  decoderInputs: TokenBatch;
  /** [rows, T] target ids, padded with the pad id; `decoderInputs.mask` marks the real ones. */
  labels: Int32Array;
}

export function teacherBatch(model: T5Model, pairs: readonly EncodedPair[]): TeacherBatch {
  const { padTokenId, decoderStartTokenId } = model.config;
  const inputs = padBatch(
    pairs.map((p) => p.input),
    padTokenId,
  );
  const decoderInputs = padBatch(
    pairs.map((p) => [decoderStartTokenId, ...p.target.slice(0, -1)]),
    padTokenId,
  );
  const labels = padBatch(
    pairs.map((p) => p.target),
    padTokenId,
  ).flat;
  return { inputs, decoderInputs, labels };
}
