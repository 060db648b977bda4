/**
 * Input→output pairs a reader types, one a line (`input -> output`), turned into training and test
 * pairs. Pure text handling: no model, so the widget and the unit tests can use it directly.
 */
import type { TextPair } from '../t5';

export interface ParsedPairs {
  pairs: TextPair[];
  /** Lines that could not be read, with the reason, numbered from 1 as an editor shows them. */
  problems: { line: number; text: string; reason: string }[];
}

/** The arrows a reader may use between input and output. */
const ARROW = /\s*(?:->|→|=>|\t)\s*/;

/** Lower case, single spaces: the mini T5's tokenizer splits on spaces and knows only lower case. */
export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function parsePairs(text: string): ParsedPairs {
  const pairs: TextPair[] = [];
  const problems: ParsedPairs['problems'] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(ARROW);
    if (parts.length !== 2) {
      problems.push({ line: index + 1, text: line, reason: 'write one input, an arrow (->) and one output' });
      return;
    }
    const [input, target] = parts.map(normalizeText) as [string, string];
    if (!input || !target) {
      problems.push({ line: index + 1, text: line, reason: 'the input or the output is empty' });
      return;
    }
    pairs.push({ input, target });
  });
  return { pairs, problems };
}

/**
 * Holds back the last quarter of the pairs for testing once there are at least four, so the
 * accuracy after training is measured on pairs the model did not train on. With fewer pairs every
 * pair trains and the accuracy is on the training pairs (the widget says so).
 */
export function splitTypedPairs(pairs: readonly TextPair[]): {
  train: TextPair[];
  /** The training pairs themselves: too few typed pairs to spare any for validation. */
  validation: TextPair[];
  test: TextPair[];
  testIsTrain: boolean;
} {
  if (pairs.length < 4)
    return { train: [...pairs], validation: [...pairs], test: [...pairs], testIsTrain: true };
  const testCount = Math.max(1, Math.floor(pairs.length / 4));
  const train = pairs.slice(0, pairs.length - testCount);
  return { train, validation: train, test: pairs.slice(pairs.length - testCount), testIsTrain: false };
}

/** Each distinct word outside the vocabulary, in order of first use. */
export function unknownWordsIn(
  pairs: readonly TextPair[],
  unknownWords: (text: string) => string[],
): string[] {
  const seen = new Set<string>();
  for (const pair of pairs) {
    for (const word of [...unknownWords(pair.input), ...unknownWords(pair.target)]) seen.add(word);
  }
  return [...seen];
}

/** The text as the model reads it: every unknown word replaced by `<unk>`. */
export function asModelSees(text: string, unknown: ReadonlySet<string>): string {
  return text
    .split(' ')
    .map((word) => (unknown.has(word) ? '<unk>' : word))
    .join(' ');
}
