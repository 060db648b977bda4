/**
 * Labelling the lessons' held-out sentences (public/data/sentences.json) in the ways lessons 7 and 9
 * compare: a small head trained on a frozen encoder's features (the BERT pattern), the same head on
 * bag-of-words features (the baseline), and prompting a text-to-text model with 0 or more solved
 * examples in the prompt (zero-shot and in-context learning). Each returns plain, typed results.
 */
import { comparePaired } from '../util/paired';
import type { TextModel } from '../text/load';
import { trainFeatureHead } from '../text/head';
import { bagOfWords } from '../text/bag-of-words';
import { splitForHead, type LabelledSentence, type SentenceSet } from '../text/sentences';
import { FEW_SHOT_FORMATS, fewShotPrompt, type FewShotFormat, type FewShotLabel } from '../text/presets';
import { spread, type Spread } from './spread';

/**
 * The seeds lesson 7 and 9's comparisons use, 1 to 5.
 * @example
 * DEFAULT_SEEDS // [1, 2, 3, 4, 5]
 */
export const DEFAULT_SEEDS: readonly number[] = Object.freeze([1, 2, 3, 4, 5]);

export interface HeadSeedResult {
  seed: number;
  /** Test accuracy of the head on mean-pooled encoder features. */
  encoder: number;
  /** Test accuracy of the same head on bag-of-words features. */
  bagOfWords: number;
  /** Words the bag of words knew (the vocabulary of this seed's labelled sentences). */
  bagOfWordsWidth: number;
  /** Test accuracy of always answering the commonest class of the labelled sentences. */
  majority: number;
}

export interface HeadComparison {
  label: FewShotLabel;
  classes: string[];
  perClass: number;
  trainCount: number;
  testCount: number;
  /** Numbers per sentence the encoder gives. */
  encoderWidth: number;
  /** Weights the head trains on encoder features (width x classes + classes). */
  headParameters: number;
  seeds: HeadSeedResult[];
  encoder: Spread;
  bagOfWords: Spread;
  /** Seeds on which the encoder head beat the bag-of-words head (ties do not count). */
  encoderWins: number;
  /** Mean over seeds of (encoder - bag of words), in accuracy. */
  meanGain: number;
  /** Seconds the encoder took for every sentence of the set. */
  featureSeconds: number;
  stopped: boolean;
}

export interface HeadComparisonOptions {
  label: FewShotLabel;
  /** Labelled sentences per class the heads learn from (default 4). */
  perClass?: number;
  /** Each seed draws other labelled sentences and starts the head from other weights. */
  seeds?: readonly number[];
  epochs?: number;
  signal?: AbortSignal;
  onSeed?: (row: HeadSeedResult) => void;
}

async function headAccuracy(
  trainX: number[][],
  trainY: number[],
  testX: number[][],
  testY: number[],
  classes: number,
  seed: number,
  epochs: number,
): Promise<{ accuracy: number; parameters: number }> {
  const head = await trainFeatureHead(trainX, trainY, classes, { epochs, seed });
  try {
    return { accuracy: head.accuracy(testX, testY), parameters: head.parameters };
  } finally {
    head.dispose();
  }
}

// A frozen encoder gives the same vector for the same sentence every time, so each model encodes
// each sentence once, however many labels, seeds and label counts a lesson compares.
const encoded = new WeakMap<TextModel, Map<string, number[]>>();

async function encodeOnce(model: TextModel, texts: readonly string[]): Promise<Map<string, number[]>> {
  const known = encoded.get(model) ?? new Map<string, number[]>();
  encoded.set(model, known);
  const missing = [...new Set(texts)].filter((text) => !known.has(text));
  if (missing.length > 0) {
    const vectors = await model.encoderFeatures(missing);
    missing.forEach((text, i) => known.set(text, vectors[i]!));
  }
  return known;
}

/**
 * Trains the same one-layer head on two kinds of features of the same labelled sentences, over
 * several seeds, and scores both on every sentence not used for training.
 * @param model a loaded text model
 * @param set the labelled sentences
 * @param options the label, sentences per class, seeds, epochs
 * @returns the encoder head's and the bag-of-words head's accuracy on each seed, and the paired wins
 * @example
 * const model = await loadTextModel();
 * await compareFeatureHeads(model, await loadSentences(), { label: 'topic', seeds: [1] })
 */
export async function compareFeatureHeads(
  model: TextModel,
  set: SentenceSet,
  options: HeadComparisonOptions,
): Promise<HeadComparison> {
  const { label, perClass = 4, seeds = DEFAULT_SEEDS, epochs = 60 } = options;
  if (seeds.length === 0) throw new Error('Give at least one seed.');
  const started = performance.now();
  const featuresOf = await encodeOnce(
    model,
    set.sentences.map((s) => s.text),
  );
  const featureSeconds = (performance.now() - started) / 1000;
  const rows: HeadSeedResult[] = [];
  let shape = { classes: [] as string[], trainCount: 0, testCount: 0, headParameters: 0 };
  for (const seed of seeds) {
    if (options.signal?.aborted) break;
    const { train, test, classes } = splitForHead(set, label, perClass, seed);
    const trainY = train.map((s) => classes.indexOf(s[label]));
    const testY = test.map((s) => classes.indexOf(s[label]));
    const lookup = (rows: LabelledSentence[]) => rows.map((s) => featuresOf.get(s.text)!);
    const encoder = await headAccuracy(
      lookup(train),
      trainY,
      lookup(test),
      testY,
      classes.length,
      seed,
      epochs,
    );
    const bag = bagOfWords(train.map((s) => s.text));
    const bagged = await headAccuracy(
      bag.features(train.map((s) => s.text)),
      trainY,
      bag.features(test.map((s) => s.text)),
      testY,
      classes.length,
      seed,
      epochs,
    );
    const commonest = classes
      .map((_, c) => trainY.filter((y) => y === c).length)
      .reduce((best, count, c, counts) => (count > counts[best]! ? c : best), 0);
    const row: HeadSeedResult = {
      seed,
      encoder: encoder.accuracy,
      bagOfWords: bagged.accuracy,
      bagOfWordsWidth: bag.vocabulary.length,
      majority: testY.filter((y) => y === commonest).length / testY.length,
    };
    rows.push(row);
    options.onSeed?.(row);
    shape = { classes, trainCount: train.length, testCount: test.length, headParameters: encoder.parameters };
  }
  if (rows.length === 0) throw new DOMException('Stopped before the first seed finished.', 'AbortError');
  const paired = comparePaired(
    rows.map((r) => ({ seed: r.seed, claimed: r.encoder, baseline: r.bagOfWords })),
  );
  return {
    label,
    ...shape,
    perClass,
    encoderWidth: featuresOf.values().next().value?.length ?? 0,
    seeds: rows,
    encoder: spread(rows.map((r) => r.encoder)),
    bagOfWords: spread(rows.map((r) => r.bagOfWords)),
    encoderWins: paired.wins,
    meanGain: paired.meanGain,
    featureSeconds,
    stopped: rows.length < seeds.length,
  };
}

/**
 * The class an answer names: its first word, compared with each class name (a singular such as
 * "animal" names "animals"). Null when the answer names no class ("neutral", "cat", nothing).
 * @param answer the model's answer
 * @param classes the class names
 * @returns the class named, or null
 * @example
 * labelOf('Animals.', ['animals', 'food']) // 'animals'
 */
export function labelOf(answer: string, classes: readonly string[]): string | null {
  const first = answer.toLowerCase().match(/[\p{L}]+/u)?.[0];
  if (!first) return null;
  return classes.find((name) => name === first || name === `${first}s`) ?? null;
}

export interface PromptAnswer {
  text: string;
  truth: string;
  answer: string;
  /** The class the answer names, if any. */
  predicted: string | null;
}

export interface PromptScore {
  label: FewShotLabel;
  /** Solved examples in each prompt. */
  shots: number;
  accuracy: number;
  /** Answers that named no class at all. */
  invalid: number;
  total: number;
  /** The prompt of the first test sentence, to show the reader. */
  examplePrompt: string;
  /** Prompt length in tokens (end-of-sequence included), first test sentence. */
  exampleTokens: number;
  answers: PromptAnswer[];
  seconds: number;
  stopped: boolean;
}

export interface PromptScoreOptions {
  label: FewShotLabel;
  /** Solved examples in the prompt: 0 is zero-shot prompting. */
  shots: number;
  /** The prompt style: the mini T5's own templates or FLAN-style instructions (default: by model). */
  format?: FewShotFormat;
  /**
   * The labelled sentences per class set aside (as for a head): the solved examples are the first
   * `shots` of them, alternating between classes, and every other sentence is asked about.
   */
  perClass?: number;
  seed?: number;
  /** Ask about only the first this many test sentences (default: all). */
  limit?: number;
  signal?: AbortSignal;
  onAnswer?: (done: number, total: number) => void;
}

/** The labelled sentences of a split, alternating between classes (a, b, a, b, ...). */
function alternate(rows: readonly LabelledSentence[], label: FewShotLabel, classes: readonly string[]) {
  const byClass = classes.map((name) => rows.filter((s) => s[label] === name));
  const longest = Math.max(...byClass.map((r) => r.length));
  return Array.from({ length: longest }, (_, i) => byClass.map((r) => r[i]))
    .flat()
    .filter(Boolean) as LabelledSentence[];
}

/**
 * Asks the model to label held-out sentences with `shots` solved examples in every prompt.
 * @param model a loaded text model
 * @param set the labelled sentences
 * @param options the label, how many examples in the prompt (shots), the format, seed and limit
 * @returns the accuracy, the answers that named no class, and the prompts' length
 * @example
 * const model = await loadTextModel();
 * (await scorePrompting(model, await loadSentences(), { label: 'topic', shots: 0, limit: 8 })).accuracy
 */
export async function scorePrompting(
  model: TextModel,
  set: SentenceSet,
  options: PromptScoreOptions,
): Promise<PromptScore> {
  const { label, shots, perClass = 4, seed } = options;
  if (!Number.isInteger(shots) || shots < 0 || shots > 2 * perClass) {
    throw new Error(
      `shots must be a whole number from 0 to ${2 * perClass} (the labelled sentences set aside).`,
    );
  }
  const format = options.format ?? FEW_SHOT_FORMATS[model.entry.presetGroup][label];
  const { train, test, classes } = splitForHead(set, label, perClass, seed);
  const examples = alternate(train, label, classes)
    .slice(0, shots)
    .map((s) => ({ text: s.text, answer: s[label] }));
  const asked = test.slice(0, options.limit ?? test.length);
  const started = performance.now();
  const answers: PromptAnswer[] = [];
  for (const sentence of asked) {
    if (options.signal?.aborted) break;
    const prompt = fewShotPrompt(format, examples, sentence.text);
    const { text } = await model.generate(prompt, { maxNewTokens: 4 });
    answers.push({
      text: sentence.text,
      truth: sentence[label],
      answer: text,
      predicted: labelOf(text, classes),
    });
    options.onAnswer?.(answers.length, asked.length);
  }
  const first = fewShotPrompt(format, examples, asked[0]?.text ?? '');
  return {
    label,
    shots,
    accuracy: answers.length ? answers.filter((a) => a.predicted === a.truth).length / answers.length : NaN,
    invalid: answers.filter((a) => a.predicted === null).length,
    total: answers.length,
    examplePrompt: first,
    exampleTokens: (await model.tokenize(first)).ids.length,
    answers,
    seconds: (performance.now() - started) / 1000,
    stopped: answers.length < asked.length,
  };
}
