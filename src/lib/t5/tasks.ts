/**
 * Fresh examples of the mini T5's tasks: a TypeScript port of the generator in
 * scripts/t5/tasks.py, with the instruction templates recorded in the model's eval.json. The
 * random numbers differ from Python's, so the pairs are new draws from the same distribution.
 */
import { seededRandom } from '../data/random';
import * as W from './task-words';
import type { TextPair } from './types';

/** The mini T5's seven tasks. */
export type MiniT5Task = 'antonym' | 'arithmetic' | 'plural' | 'reverse' | 'sentiment' | 'sort' | 'translate';

/**
 * Every task of the mini T5, in alphabetical order.
 * @example
 * const firstOfEach = MINI_T5_TASKS.map((task) => miniT5Examples(task, 'seen', 1, 1)[0]);
 */
export const MINI_T5_TASKS: readonly MiniT5Task[] = Object.freeze([
  'antonym',
  'arithmetic',
  'plural',
  'reverse',
  'sentiment',
  'sort',
  'translate',
]);

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const randInt = (rng: Rng, low: number, high: number) => low + Math.floor(rng() * (high - low + 1));
function sample<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0]!);
  return out;
}

function sentence(rng: Rng): [string, string] {
  const positive = rng() < 0.5;
  const adjectives = positive ? W.POSITIVE : W.NEGATIVE;
  const [a, b] = sample(rng, adjectives, 2);
  const text = pick(rng, W.SENTENCE_SHAPES)
    .replace('{n}', pick(rng, [...W.ANIMAL_NOUNS, ...W.FOOD_NOUNS, ...W.THING_NOUNS]))
    .replace('{a}', a!)
    .replace('{b}', b!)
    .replace('{v}', pick(rng, positive ? W.POSITIVE_VERBS : W.NEGATIVE_VERBS))
    .replace('{p}', pick(rng, positive ? W.POSITIVE_PAST : W.NEGATIVE_PAST));
  return [text, positive ? 'positive' : 'negative'];
}

const MAKERS: Record<MiniT5Task, (rng: Rng) => [string, string]> = {
  arithmetic(rng) {
    let a = Math.floor(rng() * 11);
    let b = Math.floor(rng() * 11);
    if (rng() < 0.5) return [`${W.NUMBERS[a]} plus ${W.NUMBERS[b]}`, W.NUMBERS[a + b]!];
    [a, b] = [Math.max(a, b), Math.min(a, b)];
    return [`${W.NUMBERS[a]} minus ${W.NUMBERS[b]}`, W.NUMBERS[a - b]!];
  },
  reverse(rng) {
    const words = sample(rng, W.LIST_WORDS, randInt(rng, 3, 5));
    return [words.join(' '), [...words].reverse().join(' ')];
  },
  sort(rng) {
    const words = sample(rng, W.LIST_WORDS, randInt(rng, 3, 5));
    return [words.join(' '), [...words].sort().join(' ')];
  },
  antonym(rng) {
    const [a, b] = pick(rng, W.ANTONYMS);
    return rng() < 0.5 ? [a, b] : [b, a];
  },
  plural: (rng) => [...pick(rng, W.PLURALS)],
  translate(rng) {
    // No digit twice in one list, as in the training generator.
    const digits = sample(rng, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], randInt(rng, 1, 4));
    return [digits.map((d) => W.NUMBERS[d]).join(' '), digits.map((d) => W.GERMAN_DIGITS[d]).join(' ')];
  },
  sentiment: sentence,
};

/**
 * Each task's instruction templates (`{x}` is the input), as recorded in the mini T5's eval.json:
 * `seen` were used in training, `held_out` never were.
 * @example
 * const neverSeen = MINI_T5_TEMPLATES.translate.held_out[0].replace('{x}', 'three one');
 */
export const MINI_T5_TEMPLATES: Readonly<Record<MiniT5Task, { seen: string[]; held_out: string[] }>> = {
  arithmetic: {
    seen: ['what is {x} ?', 'please calculate {x}', 'compute the answer : {x}'],
    held_out: ['please give the answer to {x}'],
  },
  reverse: {
    seen: ['reverse : {x}', 'reverse the order of these words : {x}', 'write these words backwards : {x}'],
    held_out: ['please write the following words in reverse order : {x}'],
  },
  sort: {
    seen: [
      'sort : {x}',
      'sort these words alphabetically : {x}',
      'put the following words in alphabetical order : {x}',
    ],
    held_out: ['please give me these words in alphabetical order : {x}'],
  },
  antonym: {
    seen: ['what is the opposite of {x} ?', 'antonym of {x}', 'give me the opposite of {x}'],
    held_out: ['please write the antonym of {x}'],
  },
  plural: {
    seen: ['plural of {x}', 'what is the plural of {x} ?', 'give the plural form of {x}'],
    held_out: ['please write the plural of {x}'],
  },
  translate: {
    seen: ['translate english to german : {x}', 'translate to german : {x}', 'say in german : {x}'],
    held_out: ['what is {x} in german ?'],
  },
  sentiment: {
    seen: [
      'sentiment : {x}',
      'is this review positive or negative ? {x}',
      'what is the sentiment of this sentence : {x}',
    ],
    held_out: ['please answer positive or negative : {x}'],
  },
};

/**
 * Fresh, seeded examples of one of the mini T5's tasks in its seen (trained) or held-out phrasings.
 *
 * @param task - which task, e.g. `translate`.
 * @param phrasing - `seen`: the templates the model was trained on; `held_out`: the one it never saw.
 * @param count - how many pairs.
 * @param seed - the same seed gives the same pairs.
 * @returns `count` input/target pairs.
 * @example
 * miniT5Examples('translate', 'held_out', 1, 1);
 * // [{ input: 'what is three one in german ?', target: 'drei eins' }] (for example)
 */
export function miniT5Examples(
  task: MiniT5Task,
  phrasing: 'seen' | 'held_out',
  count: number,
  seed: number,
): TextPair[] {
  const make = MAKERS[task];
  if (!make) throw new Error(`Unknown task "${task}". Choose one of: ${MINI_T5_TASKS.join(', ')}.`);
  const rng = seededRandom(
    seed * 7919 + MINI_T5_TASKS.indexOf(task) * 104729 + (phrasing === 'seen' ? 0 : 1),
  );
  const templates = MINI_T5_TEMPLATES[task][phrasing];
  const out: TextPair[] = [];
  for (let i = 0; i < count; i++) {
    const [x, target] = make(rng);
    out.push({ input: pick(rng, templates).replace('{x}', x), target });
  }
  return out;
}

/**
 * Two tasks the mini T5 was never trained on, written only with words in its vocabulary: a new
 * skill each, not a new phrasing. `last-word` answers the last of a list of words; `german-to-english`
 * translates German digits back to English (the model only ever wrote German).
 */
export type NewT5Task = 'last-word' | 'german-to-english';

/**
 * Both new tasks.
 * @example
 * const pairs = NEW_T5_TASKS.flatMap((task) => newT5TaskExamples(task, 5, 1));
 */
export const NEW_T5_TASKS: readonly NewT5Task[] = Object.freeze(['last-word', 'german-to-english']);

const NEW_TASK_TEMPLATES: Readonly<Record<NewT5Task, string>> = {
  'last-word': 'give me the end of these words : {x}',
  'german-to-english': 'translate german to english : {x}',
};

/**
 * Fresh, seeded examples of a task the mini T5 never saw (see `NEW_T5_TASKS`).
 *
 * @param task - `last-word` or `german-to-english`.
 * @param count - how many pairs.
 * @param seed - the same seed gives the same pairs.
 * @returns `count` input/target pairs.
 * @example
 * newT5TaskExamples('last-word', 1, 1);
 * // [{ input: 'give me the end of these words : owl plum red', target: 'red' }] (for example)
 */
export function newT5TaskExamples(task: NewT5Task, count: number, seed: number): TextPair[] {
  if (!NEW_T5_TASKS.includes(task))
    throw new Error(`Unknown task "${task}". Choose one of: ${NEW_T5_TASKS.join(', ')}.`);
  const rng = seededRandom(seed * 7919 + 31337 + NEW_T5_TASKS.indexOf(task) * 104729);
  const out: TextPair[] = [];
  for (let i = 0; i < count; i++) {
    let x: string;
    let target: string;
    if (task === 'last-word') {
      const words = sample(rng, W.LIST_WORDS, randInt(rng, 3, 5));
      [x, target] = [words.join(' '), words[words.length - 1]!];
    } else {
      const digits = sample(rng, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], randInt(rng, 1, 4));
      [x, target] = [
        digits.map((d) => W.GERMAN_DIGITS[d]).join(' '),
        digits.map((d) => W.NUMBERS[d]).join(' '),
      ];
    }
    out.push({ input: NEW_TASK_TEMPLATES[task].replace('{x}', x), target });
  }
  return out;
}
