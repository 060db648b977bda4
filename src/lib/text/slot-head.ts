/**
 * A head on a frozen encoder that writes a short answer: one classifier per answer position
 * ("slot"), each choosing a word seen in that position during training or the end of the answer.
 * The features are the encoder's output vectors at the first positions side by side
 * (`firstPositions`), so a slot can learn which input word it copies or translates. It is the
 * feature-extraction recipe (frozen body, new head) stretched to text-to-text tasks whose answers
 * are a few words; it cannot write a word no training answer had in that position.
 */
import { trainFeatureHead, type FeatureHead } from './head';

/** What a slot predicts once the answer has ended. */
const END = '</s>';

export interface SlotHead {
  /** Weights trained, over every slot. */
  readonly parameters: number;
  readonly slots: number;
  predict(features: number[][]): string[];
  dispose(): void;
}

export interface SlotHeadOptions {
  epochs?: number;
  learningRate?: number;
  seed?: number;
  signal?: AbortSignal;
}

export async function trainSlotHead(
  features: number[][],
  answers: readonly string[],
  options: SlotHeadOptions = {},
): Promise<SlotHead> {
  if (features.length === 0) throw new Error('Give the head at least one labelled example to learn from.');
  if (features.length !== answers.length) throw new Error('Every feature vector needs exactly one answer.');
  const words = answers.map((answer) => answer.split(' ').filter(Boolean));
  // One slot more than the longest answer, so the head learns where answers end.
  const slots = Math.max(...words.map((w) => w.length)) + 1;
  const heads: { classes: string[]; head: FeatureHead | null }[] = [];
  for (let slot = 0; slot < slots; slot += 1) {
    const targets = words.map((w) => w[slot] ?? END);
    const classes = [...new Set(targets)].sort();
    // A slot where every training answer agrees needs no weights: it always writes that word.
    const head =
      classes.length < 2
        ? null
        : await trainFeatureHead(
            features,
            targets.map((t) => classes.indexOf(t)),
            classes.length,
            {
              epochs: options.epochs ?? 60,
              learningRate: options.learningRate,
              seed: (options.seed ?? 1) + slot,
              signal: options.signal,
            },
          );
    heads.push({ classes, head });
  }
  return {
    parameters: heads.reduce((sum, { head }) => sum + (head?.parameters ?? 0), 0),
    slots,
    predict(rows) {
      const perSlot = heads.map(({ classes, head }) =>
        head ? head.predict(rows).map((p) => classes[p.label]!) : rows.map(() => classes[0]!),
      );
      return rows.map((_, r) => {
        const out: string[] = [];
        for (const slot of perSlot) {
          if (slot[r] === END) break;
          out.push(slot[r]!);
        }
        return out.join(' ');
      });
    },
    dispose() {
      for (const { head } of heads) head?.dispose();
    },
  };
}
