/**
 * LoRA's rank against what it buys: for each rank r, adapt a pretrained model to a new task with a
 * fresh head trained in full and rank-r adapters on the pretrained dense layers, and score it.
 * Head-only training and full fine-tuning are the two ends to compare with.
 */
import type { LayersModel } from '../tf';
import type { DigitSet } from '../data/digit-set';
import { evaluate } from '../evaluation/evaluate';
import { summarize } from '../models/summary';
import { train } from '../training/train';
import { prepareTransfer } from '../transfer/prepare';
import { addLora } from '../lora/adapt';
import { transferBudget, LEARNING_RATES } from './domain-shift';

export interface RankPoint {
  /** 'head only', 'LoRA r=4', 'fine-tune all'. */
  label: string;
  /** 0 for head only; null for full fine-tuning. */
  rank: number | null;
  trainableParams: number;
  accuracy: number;
}

export interface RankSweepOptions {
  pretrained: LayersModel;
  labelled: DigitSet;
  test: DigitSet;
  /** Digit for each output of the new head, e.g. [5, 6, 7, 8, 9]. */
  classes: readonly number[];
  ranks?: readonly number[];
  /** Pretrained dense layers to adapt (default ['features']). */
  layers?: readonly string[];
  /** Also measure head-only training and full fine-tuning (default true). */
  ends?: boolean;
  /**
   * alpha, the same at every rank (default 8), as Hu et al. do: the update is scaled by alpha / r,
   * so a larger rank does not simply mean a larger step.
   */
  alpha?: number;
  /** LoRA's A and B learn with this rate (default 1e-2); the new head with 1e-3. */
  loraLearningRate?: number;
  seed?: number;
  minUpdates?: number;
  signal?: AbortSignal;
  onPoint?(point: RankPoint): void;
}

/**
 * Trains LoRA adapters of several ranks on the same digits and scores each: how accuracy grows with the rank.
 * @param options the pretrained model, labelled and test digits, classes, ranks and layers
 * @returns test accuracy and trainable parameters at each rank
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * const { train, test } = await loadMnist();
 * const five = [5, 6, 7, 8, 9];
 * await loraRankSweep({ pretrained: model, labelled: train.select(five).take(10, 1), test: test.select(five), classes: five, ranks: [1, 4] })
 */
export async function loraRankSweep(options: RankSweepOptions): Promise<RankPoint[]> {
  const { pretrained, labelled, test, classes, seed = 1, signal } = options;
  const ranks = options.ranks ?? [1, 2, 4, 8, 16];
  const layers = options.layers ?? ['features'];
  const budget = { ...transferBudget(labelled.size, options.minUpdates), seed, classes, signal };
  const points: RankPoint[] = [];
  const measure = async (
    label: string,
    rank: number | null,
    model: LayersModel,
    settings: Parameters<typeof train>[2],
  ) => {
    try {
      if ((await train(model, labelled, { ...budget, ...settings })).stopped) {
        throw new DOMException('The run was stopped.', 'AbortError');
      }
      const point: RankPoint = {
        label,
        rank,
        trainableParams: summarize(model).trainableParams,
        accuracy: (await evaluate(model, test, { classes })).accuracy,
      };
      points.push(point);
      options.onPoint?.(point);
    } finally {
      model.dispose();
    }
  };
  const fresh = (strategy: 'feature-extraction' | 'fine-tune') =>
    prepareTransfer(pretrained, { classes: classes.length, strategy, seed });
  if (options.ends ?? true) {
    await measure('head only', 0, await fresh('feature-extraction'), {
      learningRate: LEARNING_RATES['feature-extraction'],
    });
  }
  for (const rank of ranks) {
    const withHead = await fresh('fine-tune');
    // The new head is random: it trains in full. Only the pretrained layers get low-rank updates.
    const adapted = await addLora(withHead, {
      layers,
      rank,
      alpha: options.alpha ?? 8,
      seed,
      trainInFull: ['logits'],
    });
    withHead.dispose();
    await measure(`LoRA r=${rank}`, rank, adapted, {
      learningRate: LEARNING_RATES['fine-tune'],
      layerLearningRates: Object.fromEntries(layers.map((name) => [name, options.loraLearningRate ?? 1e-2])),
    });
  }
  if (options.ends ?? true) {
    await measure('fine-tune all', null, await fresh('fine-tune'), {
      learningRate: LEARNING_RATES['fine-tune'],
    });
  }
  return points;
}
