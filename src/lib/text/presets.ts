/**
 * Prompt presets for the playground. T5 was trained with task prefixes ("translate English to
 * German:"); FLAN-T5 was further tuned on instructions in many phrasings; the mini T5 knows only its
 * seven toy tasks, and each has one phrasing it never saw in training (marked `heldOut`).
 */
export interface PromptPreset {
  id: string;
  label: string;
  prompt: string;
  group: 'mini' | 'flan';
  /** Mini T5 only: this phrasing was held out of training. */
  heldOut?: boolean;
  /** Mini T5 only: the training task it belongs to (a key of `eval.json`'s `accuracy`). */
  task?: string;
  /** The correct answer (the mini T5 does not always give it: see its eval.json). */
  expected?: string;
}

export const PROMPT_PRESETS: readonly PromptPreset[] = Object.freeze([
  {
    id: 'mini-arithmetic',
    group: 'mini',
    task: 'arithmetic',
    label: 'Arithmetic',
    prompt: 'what is three plus four ?',
    expected: 'seven',
  },
  {
    id: 'mini-arithmetic-new',
    group: 'mini',
    task: 'arithmetic',
    label: 'Arithmetic (new phrasing)',
    prompt: 'please give the answer to nine minus five',
    heldOut: true,
    expected: 'four',
  },
  {
    id: 'mini-translate',
    group: 'mini',
    task: 'translate',
    label: 'Number names to German',
    prompt: 'translate english to german : seven four',
    expected: 'sieben vier',
  },
  {
    id: 'mini-translate-new',
    group: 'mini',
    task: 'translate',
    label: 'Number names to German (new phrasing)',
    prompt: 'what is nine in german ?',
    heldOut: true,
    expected: 'neun',
  },
  {
    id: 'mini-reverse',
    group: 'mini',
    task: 'reverse',
    label: 'Reverse words',
    prompt: 'reverse : red apple cat blue',
    expected: 'blue cat apple red',
  },
  {
    id: 'mini-sort',
    group: 'mini',
    task: 'sort',
    label: 'Sort words',
    prompt: 'sort these words alphabetically : pear cat apple',
    expected: 'apple cat pear',
  },
  {
    id: 'mini-sort-new',
    group: 'mini',
    task: 'sort',
    label: 'Sort words (new phrasing)',
    prompt: 'please give me these words in alphabetical order : plum cat apple',
    heldOut: true,
    expected: 'apple cat plum',
  },
  {
    id: 'mini-antonym',
    group: 'mini',
    task: 'antonym',
    label: 'Opposite',
    prompt: 'what is the opposite of hot ?',
    expected: 'cold',
  },
  {
    id: 'mini-antonym-new',
    group: 'mini',
    task: 'antonym',
    label: 'Opposite (new phrasing)',
    prompt: 'please write the antonym of fast',
    heldOut: true,
    expected: 'slow',
  },
  {
    id: 'mini-plural',
    group: 'mini',
    task: 'plural',
    label: 'Plural',
    prompt: 'what is the plural of mouse ?',
    expected: 'mice',
  },
  {
    id: 'mini-plural-new',
    group: 'mini',
    task: 'plural',
    label: 'Plural (new phrasing)',
    prompt: 'please write the plural of child',
    heldOut: true,
    expected: 'children',
  },
  {
    id: 'mini-sentiment',
    group: 'mini',
    task: 'sentiment',
    label: 'Sentiment',
    prompt: 'sentiment : the soup was delicious',
    expected: 'positive',
  },
  {
    id: 'mini-sentiment-new',
    group: 'mini',
    task: 'sentiment',
    label: 'Sentiment (new phrasing)',
    prompt: 'please answer positive or negative : i hate this movie',
    heldOut: true,
    expected: 'negative',
  },
  {
    id: 'flan-translate',
    group: 'flan',
    label: 'Translate (T5 prefix)',
    prompt: 'translate English to German: The house is wonderful.',
  },
  {
    id: 'flan-summarize',
    group: 'flan',
    label: 'Summarise (T5 prefix)',
    prompt:
      'summarize: Transfer learning reuses a model trained on one task as the starting point for another. Instead of learning from scratch, the new model starts with useful features, so it needs far less data and time.',
  },
  {
    id: 'flan-instruction',
    group: 'flan',
    label: 'Instruction',
    prompt: 'Give three ideas for a rainy afternoon.',
  },
  {
    id: 'flan-question',
    group: 'flan',
    label: 'Question with context',
    prompt:
      'Read the text and answer the question.\n\nText: The Rhine flows from the Swiss Alps through Germany and the Netherlands into the North Sea.\n\nQuestion: Where does the Rhine end?',
  },
  {
    id: 'flan-sentiment',
    group: 'flan',
    label: 'Sentiment',
    prompt:
      'Is this review positive or negative? The battery died after two days and support never answered.',
  },
  {
    id: 'flan-reasoning',
    group: 'flan',
    label: 'Step by step',
    prompt:
      'Answer the following question by reasoning step by step. I had 5 apples, ate 2 and bought 4 more. How many apples do I have?',
  },
]);
