/**
 * The labelled sentences lessons 7 and 9 score heads and prompts on: written by hand, held out from
 * the mini T5's training data (scripts/t5/sentences.py checks it), every word known to the mini T5.
 * In Node they are read from `public/`.
 */
import { seededRandom, shuffleInPlace } from '../data/random';
import { isNode } from '../util/environment';

export interface LabelledSentence {
  text: string;
  topic: 'animals' | 'food';
  sentiment: 'positive' | 'negative';
}

export interface SentenceSet {
  description: string;
  /** How the sentences were made (who wrote them, and what they are held out from). */
  source?: string;
  labels: { topic: string[]; sentiment: string[] };
  sentences: LabelledSentence[];
}

export async function loadSentences(
  options: { url?: string; signal?: AbortSignal } = {},
): Promise<SentenceSet> {
  if (isNode() && !options.url) {
    const { readFile } = await import('node:fs/promises');
    const cwd = (globalThis as { process?: { cwd(): string } }).process?.cwd() ?? '.';
    return JSON.parse(await readFile(`${cwd}/public/data/sentences.json`, 'utf8')) as SentenceSet;
  }
  const base = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  const url = options.url ?? `${base.endsWith('/') ? base : `${base}/`}data/sentences.json`;
  const response = await fetch(url, { signal: options.signal });
  if (!response.ok) throw new Error(`Could not load the sentence set (${response.status} from ${url}).`);
  return (await response.json()) as SentenceSet;
}

/**
 * Splits sentences into a few labelled examples per class (what the reader "labels") and the rest
 * (to test on), deterministically: the first `perClass` of each class in file order, or, with a
 * `seed`, `perClass` of each class drawn at random with that seed (so runs over seeds 1 to 5 see
 * different labelled examples). Both parts keep the file's order.
 */
export function splitForHead(
  set: SentenceSet,
  label: 'topic' | 'sentiment',
  perClass: number,
  seed?: number,
): { train: LabelledSentence[]; test: LabelledSentence[]; classes: string[] } {
  if (!Number.isInteger(perClass) || perClass < 1) {
    throw new Error(`Label at least one sentence per class (perClass was ${perClass}).`);
  }
  const classes = [...set.labels[label]];
  const chosen = new Set<LabelledSentence>();
  for (const name of classes) {
    const members = set.sentences.filter((sentence) => sentence[label] === name);
    if (members.length <= perClass) {
      throw new Error(
        `Only ${members.length} sentences are labelled "${name}": label fewer than that per class, so some are left to test on.`,
      );
    }
    const order = seed === undefined ? members : shuffleInPlace([...members], seededRandom(seed));
    for (const sentence of order.slice(0, perClass)) chosen.add(sentence);
  }
  const train = set.sentences.filter((sentence) => chosen.has(sentence));
  const test = set.sentences.filter((sentence) => !chosen.has(sentence));
  return { train, test, classes };
}
