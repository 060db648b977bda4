/**
 * Bag-of-words features: the baseline a pretrained encoder has to beat. Each sentence becomes one
 * 0/1 column per word of a vocabulary built from the labelled (training) sentences only, so a word
 * that none of them contains is simply invisible, as it would be to a model that never read it.
 */

/** Lower-case words: letters and digits in any script (so "fünf" stays one word). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export interface BagOfWords {
  /** The columns, in order: every distinct word of the sentences it was built from. */
  readonly vocabulary: readonly string[];
  /** One row of 0/1 per text: 1 where the text contains the column's word. */
  features(texts: readonly string[]): number[][];
}

/**
 * A bag of words learned from sentences: each sentence becomes word counts over the vocabulary.
 * @param trainingTexts the sentences whose words make the vocabulary
 * @returns the vocabulary and a features(texts) function
 * @example
 * bagOfWords(['a cat', 'a dog']).features(['the cat'])
 */
export function bagOfWords(trainingTexts: readonly string[]): BagOfWords {
  if (trainingTexts.length === 0) throw new Error('A bag of words needs at least one sentence to read.');
  const vocabulary = [...new Set(trainingTexts.flatMap(words))].sort();
  const column = new Map(vocabulary.map((word, i) => [word, i]));
  return {
    vocabulary,
    features(texts) {
      return texts.map((text) => {
        const row = new Array<number>(vocabulary.length).fill(0);
        for (const word of words(text)) {
          const i = column.get(word);
          if (i !== undefined) row[i] = 1;
        }
        return row;
      });
    },
  };
}
