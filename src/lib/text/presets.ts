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
  /** Few-shot prompts: how many solved examples the prompt shows before the question. */
  shots?: number;
}

/** The labels the few-shot prompts ask for (the labels of the lessons' sentence set). */
export type FewShotLabel = 'sentiment' | 'topic';

/**
 * How one model family is asked for one label, with or without solved examples in the prompt
 * (in-context learning). With no examples the prompt is a plain zero-shot instruction.
 */
export interface FewShotFormat {
  /** Written once, before any example (may be empty). */
  instruction: string;
  /** One solved example as the prompt shows it. */
  example(text: string, answer: string): string;
  /** The question the model must answer. */
  query(text: string): string;
  /** What separates the instruction, the examples and the question. */
  separator: string;
}

/**
 * How a k-shot prompt is written for each model (mini T5, FLAN-T5) and label.
 * @example
 * FEW_SHOT_FORMATS.mini.topic
 */
export const FEW_SHOT_FORMATS: Readonly<Record<'mini' | 'flan', Record<FewShotLabel, FewShotFormat>>> =
  Object.freeze({
    // The mini T5 knows only its own templates; "sentiment : ..." is one it was trained on, so its
    // zero-shot prompt is a phrasing it has seen. It never saw a prompt holding solved examples, and
    // "about", "animals" and "food" are not in its vocabulary at all.
    mini: {
      sentiment: {
        instruction: '',
        example: (text, answer) => `sentiment : ${text} : ${answer}`,
        query: (text) => `sentiment : ${text}`,
        separator: ' ',
      },
      topic: {
        instruction: '',
        example: (text, answer) => `is this about animals or food ? ${text} : ${answer}`,
        query: (text) => `is this about animals or food ? ${text}`,
        separator: ' ',
      },
    },
    flan: {
      sentiment: {
        instruction: 'Is the review positive or negative?',
        example: (text, answer) => `Review: ${text}\nAnswer: ${answer}`,
        query: (text) => `Review: ${text}\nAnswer:`,
        separator: '\n\n',
      },
      topic: {
        instruction: 'Is the sentence about animals or food?',
        example: (text, answer) => `Sentence: ${text}\nAnswer: ${answer}`,
        query: (text) => `Sentence: ${text}\nAnswer:`,
        separator: '\n\n',
      },
    },
  });

/**
 * A prompt with `examples` solved in front of the question (none: a zero-shot prompt).
 * @param format a format from FEW_SHOT_FORMATS
 * @param examples the solved examples, in order
 * @param text the sentence to answer
 * @returns the prompt
 * @example
 * fewShotPrompt(FEW_SHOT_FORMATS.mini.topic, [{ text: 'I fed the dog.', answer: 'animals' }], 'The soup was hot.')
 */
export function fewShotPrompt(
  format: FewShotFormat,
  examples: readonly { text: string; answer: string }[],
  text: string,
): string {
  const parts = [
    format.instruction,
    ...examples.map((e) => format.example(e.text, e.answer)),
    format.query(text),
  ];
  return parts.filter(Boolean).join(format.separator);
}

// Solved examples for the few-shot presets: sentences of the mini T5's training kind, not from the
// lessons' held-out sentence set (which the presets must not leak).
const PRESET_EXAMPLES = [
  { text: 'i love this cake', answer: 'positive' },
  { text: 'the soup was awful', answer: 'negative' },
  { text: 'what a friendly dog', answer: 'positive' },
  { text: 'this movie is really boring', answer: 'negative' },
];
const PRESET_QUESTION = 'our puppy was very playful';

/**
 * Example prompts for the playground, one per task.
 * @example
 * PROMPT_PRESETS[0]
 */
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
    id: 'mini-sentiment-2shot',
    group: 'mini',
    label: 'Sentiment, 2 solved examples in the prompt',
    prompt: fewShotPrompt(FEW_SHOT_FORMATS.mini.sentiment, PRESET_EXAMPLES.slice(0, 2), PRESET_QUESTION),
    expected: 'positive',
    shots: 2,
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
    id: 'flan-sentiment-0shot',
    group: 'flan',
    label: 'Sentiment, no examples (zero-shot)',
    prompt: fewShotPrompt(FEW_SHOT_FORMATS.flan.sentiment, [], PRESET_QUESTION),
    expected: 'positive',
    shots: 0,
  },
  {
    id: 'flan-sentiment-4shot',
    group: 'flan',
    label: 'Sentiment, 4 solved examples in the prompt',
    prompt: fewShotPrompt(FEW_SHOT_FORMATS.flan.sentiment, PRESET_EXAMPLES, PRESET_QUESTION),
    expected: 'positive',
    shots: 4,
  },
  {
    id: 'flan-reasoning',
    group: 'flan',
    label: 'Step by step',
    prompt:
      'Answer the following question by reasoning step by step. I had 5 apples, ate 2 and bought 4 more. How many apples do I have?',
  },
]);
