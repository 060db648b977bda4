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

/**
 * A JSON file the site ships under `public/` (path relative to the site root): read from disk in
 * Node, fetched under the site's base path in a page, a worker or a code-cell kernel.
 */
async function readSiteJson<T>(path: string, what: string, signal?: AbortSignal): Promise<T> {
  if (isNode()) {
    const { readFile } = await import('node:fs/promises');
    const cwd = (globalThis as { process?: { cwd(): string } }).process?.cwd() ?? '.';
    return JSON.parse(await readFile(`${cwd}/public/${path}`, 'utf8')) as T;
  }
  const base = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return fetchJson<T>(`${base.endsWith('/') ? base : `${base}/`}${path}`, what, signal);
}

async function fetchJson<T>(url: string, what: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`Could not load ${what} (${response.status} from ${url}).`);
  return (await response.json()) as T;
}

/**
 * The held-out labelled sentences (topic and sentiment) of lessons 7 and 9.
 * @param options where the file is, and a signal to stop
 * @returns the sentences with their labels
 * @example
 * (await loadSentences()).sentences.length
 */
export async function loadSentences(
  options: { url?: string; signal?: AbortSignal } = {},
): Promise<SentenceSet> {
  const what = 'the sentence set';
  if (options.url) return fetchJson<SentenceSet>(options.url, what, options.signal);
  return readSiteJson<SentenceSet>('data/sentences.json', what, options.signal);
}

/** What the mini T5's training script measured (public/models/mini-t5/eval.json), as lessons quote it. */
export interface MiniT5Evaluation {
  parameters: number;
  vocabulary: number;
  accuracy: Record<string, { seen: number; held_out: number }>;
  /** Each task's instruction templates, `{x}` standing for the input. */
  templates: Record<string, { seen: string[]; held_out: string[] }>;
}

/**
 * The mini T5's accuracy per task, measured when it was trained (eval.json).
 * @param options a signal to stop
 * @returns accuracy per task and phrasing
 * @example
 * await loadMiniT5Evaluation()
 */
export function loadMiniT5Evaluation(options: { signal?: AbortSignal } = {}): Promise<MiniT5Evaluation> {
  return readSiteJson<MiniT5Evaluation>(
    'models/mini-t5/eval.json',
    "the mini T5's evaluation",
    options.signal,
  );
}

/**
 * Splits sentences into a few labelled examples per class (what the reader "labels") and the rest
 * (to test on), deterministically: the first `perClass` of each class in file order, or, with a
 * `seed`, `perClass` of each class drawn at random with that seed (so runs over seeds 1 to 5 see
 * different labelled examples). Both parts keep the file's order.
 * @param set the labelled sentences
 * @param label 'topic' or 'sentiment'
 * @param perClass training sentences per class
 * @param seed which sentences (default 1)
 * @returns training and test sentences and the class names
 * @example
 * splitForHead(await loadSentences(), 'topic', 4).train.length
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
