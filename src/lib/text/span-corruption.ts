/**
 * T5's pre-training objective (Raffel et al., 2020) on one sentence, in plain words: about 15 % of
 * the words are dropped in spans averaging 3 words; each span becomes one sentinel in the input,
 * and the target lists the sentinels with the words they hid. Words stand in for tokens here.
 */
import { seededRandom, shuffleInPlace } from '../data/random';

export interface SpanCorruptionOptions {
  /** Share of the words to hide (T5: 0.15). */
  density: number;
  /** Mean length of a hidden span in words (T5: 3). */
  meanSpan: number;
  seed: number;
}

export interface CorruptedSentence {
  /** What the encoder reads: the kept words, one sentinel per hidden span. */
  input: string;
  /** What the decoder must write: each sentinel, then the words it hid; a last sentinel ends it. */
  target: string;
  /** Hidden spans as [start, end) word positions, in order. */
  spans: Array<[number, number]>;
  words: string[];
}

export const sentinel = (i: number) => `<extra_id_${i}>`;

/** Splits `total` items into `parts` runs of at least 1, at random cut points. */
function randomRuns(total: number, parts: number, next: () => number): number[] {
  const cuts = shuffleInPlace(
    Array.from({ length: total - 1 }, (_, i) => i + 1),
    next,
  )
    .slice(0, parts - 1)
    .sort((a, b) => a - b);
  return [...cuts, total].map((cut, i) => cut - (i === 0 ? 0 : cuts[i - 1]!));
}

export function corruptSpans(sentence: string, options: SpanCorruptionOptions): CorruptedSentence {
  const { density, meanSpan, seed } = options;
  if (!(density > 0 && density < 1))
    throw new Error(`The share of hidden words must be between 0 and 1, got ${density}.`);
  if (!(meanSpan >= 1)) throw new Error(`The mean span length must be at least 1 word, got ${meanSpan}.`);
  const words = sentence.split(/\s+/).filter(Boolean);
  if (words.length < 2)
    throw new Error('Type a sentence of at least two words: one to hide and one to keep.');
  const hidden = Math.min(words.length - 1, Math.max(1, Math.round(words.length * density)));
  const kept = words.length - hidden;
  const spanCount = Math.max(1, Math.min(hidden, kept, Math.round(hidden / meanSpan)));
  const next = seededRandom(seed);
  const hiddenRuns = randomRuns(hidden, spanCount, next);
  const keptRuns = randomRuns(kept, spanCount, next);
  // As in T5, the sentence starts with kept words; kept and hidden runs alternate.
  const spans: Array<[number, number]> = [];
  const input: string[] = [];
  const target: string[] = [];
  let at = 0;
  for (let i = 0; i < spanCount; i++) {
    input.push(...words.slice(at, at + keptRuns[i]!));
    at += keptRuns[i]!;
    spans.push([at, at + hiddenRuns[i]!]);
    input.push(sentinel(i));
    target.push(sentinel(i), ...words.slice(at, at + hiddenRuns[i]!));
    at += hiddenRuns[i]!;
  }
  target.push(sentinel(spanCount));
  return { input: input.join(' '), target: target.join(' '), spans, words };
}
