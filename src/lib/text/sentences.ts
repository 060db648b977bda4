/**
 * The labelled sentences the text lesson trains a classifier head on (written by
 * `scripts/t5/train.py`, every word known to the mini T5). In Node they are read from `public/`.
 */
import { isNode } from '../util/environment';

export interface LabelledSentence {
  text: string;
  topic: 'animals' | 'food';
  sentiment: 'positive' | 'negative';
}

export interface SentenceSet {
  description: string;
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
 * (to test on), deterministically: the first `perClass` of each class in file order.
 */
export function splitForHead(
  set: SentenceSet,
  label: 'topic' | 'sentiment',
  perClass: number,
): { train: LabelledSentence[]; test: LabelledSentence[]; classes: string[] } {
  const classes = [...set.labels[label]];
  const counts = new Map<string, number>();
  const train: LabelledSentence[] = [];
  const test: LabelledSentence[] = [];
  for (const sentence of set.sentences) {
    const key = sentence[label];
    const seen = counts.get(key) ?? 0;
    if (seen < perClass) {
      train.push(sentence);
      counts.set(key, seen + 1);
    } else test.push(sentence);
  }
  return { train, test, classes };
}
