/**
 * The mini T5's tokeniser in plain code: its tokenizer.json is a word-level vocabulary after BERT's
 * pre-tokeniser (lower-case, split on spaces and punctuation) with `</s>` appended. Counting tokens
 * this way needs no ONNX Runtime, so the prompt figure can count as the reader builds a prompt.
 */
export interface WordToken {
  text: string;
  /** False when the word is not in the vocabulary: the model reads it as <unk>. */
  known: boolean;
}

/** Words and punctuation marks, as BERT's pre-tokeniser splits them. */
export function preTokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu) ?? [];
}

/** The tokens the model reads for `text`, ending with `</s>`. */
export function wordTokens(text: string, vocabulary: ReadonlySet<string>): WordToken[] {
  return [
    ...preTokenize(text).map((word) => ({ text: word, known: vocabulary.has(word) })),
    { text: '</s>', known: true },
  ];
}

/** The words of `phrasing` that none of `others` uses (the `{x}` slot for the input is left out). */
export function newWords(phrasing: string, others: readonly string[]): string[] {
  const words = (text: string) => preTokenize(text.replace(/\{x\}/g, ' '));
  const known = new Set(others.flatMap(words));
  return [...new Set(words(phrasing).filter((w) => !known.has(w)))];
}
