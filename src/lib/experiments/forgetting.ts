/**
 * Catastrophic forgetting (McCloskey and Cohen, 1989): fine-tune a model on a new domain and its
 * accuracy on the old one falls. Three ways to limit it, measured on the same data and seed:
 * freezing most of the network, an unmerged LoRA adapter (the base weights never change, so
 * switching the adapter off gives the original model back exactly), and rehearsal (mixing some
 * old-domain images into the new training set).
 */
import type { LayersModel } from '../tf';
import { concatDigitSets, type DigitSet } from '../data/digit-set';
import { evaluate } from '../evaluation/evaluate';
import { summarize } from '../models/summary';
import { cloneModel } from '../models/clone';
import { train } from '../training/train';
import { freezeBelow } from '../transfer/layers';
import { addLora } from '../lora/adapt';
import { clearAdapter } from '../lora/adapters';

export type ForgettingMethod = 'fine-tune' | 'freeze' | 'lora' | 'rehearsal';
/**
 * The ways to fine-tune that lesson 6 compares for forgetting: plain fine-tuning and its remedies.
 * @example
 * FORGETTING_METHODS
 */
export const FORGETTING_METHODS: readonly ForgettingMethod[] = ['fine-tune', 'freeze', 'lora', 'rehearsal'];

export interface ForgettingOptions {
  /** The model trained on the old domain (it stays untouched). */
  pretrained: LayersModel;
  /** Old-domain test images, to watch what is forgotten. */
  sourceTest: DigitSet;
  /** Old-domain training images, for rehearsal. */
  sourcePool: DigitSet;
  /** New-domain training images. */
  targetTrain: DigitSet;
  /** New-domain test images. */
  targetTest: DigitSet;
  methods?: readonly ForgettingMethod[];
  /** Passes over the new-domain images (default 5). */
  epochs?: number;
  batchSize?: number;
  seed?: number;
  /** Old-domain images of each digit mixed in for rehearsal (default 10). */
  rehearsalPerClass?: number;
  /** Freezing trains only the layers from this one up (default 'logits': the head alone). */
  freezeBelow?: string;
  /** Rank of the LoRA adapters (default 4). */
  loraRank?: number;
  /** Dense layers that get LoRA adapters (default: the CNN's `features` and `logits`). */
  loraLayers?: readonly string[];
  signal?: AbortSignal;
  onResult?(result: ForgettingResult): void;
}

export interface DomainScores {
  /** Accuracy on the old domain's test images, 0..1. */
  source: number;
  /** Accuracy on each old-domain digit 0..9. */
  sourcePerDigit: number[];
  /** Accuracy on the new domain's test images, 0..1. */
  target: number;
}

export interface ForgettingResult extends DomainScores {
  method: ForgettingMethod | 'before';
  /** Weights that training could change. */
  trainableParams: number;
  /** LoRA only: the old-domain accuracy with the adapter switched off (the untouched base). */
  sourceAdapterOff?: number;
  /** Images trained on (new domain plus rehearsal images). */
  trainImages: number;
}

/** Learning rates: the course's 1e-3 for layers that were pretrained, 1e-2 for LoRA's A and B. */
const RATES: Readonly<Record<ForgettingMethod, number>> = {
  'fine-tune': 1e-3,
  freeze: 1e-3,
  lora: 1e-2,
  rehearsal: 1e-3,
};

/**
 * A model's accuracy on the source domain and on the target domain.
 * @param model the model
 * @param sourceTest test digits of the source domain
 * @param targetTest test digits of the target domain
 * @returns both accuracies
 * @example
 * const { model } = await loadPretrained('teacher-cnn');
 * await scoreDomains(model, (await loadMnist()).test, (await loadOptDigits()).test)
 */
export async function scoreDomains(
  model: LayersModel,
  sourceTest: DigitSet,
  targetTest: DigitSet,
): Promise<DomainScores> {
  const source = await evaluate(model, sourceTest);
  const target = await evaluate(model, targetTest);
  return { source: source.accuracy, sourcePerDigit: source.perClass, target: target.accuracy };
}

/**
 * The model before any new training, then one row per method, each from the same start.
 * @param options the pretrained model, source test and pool, target train and test, methods, epochs and seed
 * @returns for each method, accuracy on both domains before and after
 * @example
 * const { model } = await loadPretrained('teacher-cnn');
 * const mnist = await loadMnist();
 * const opt = await loadOptDigits();
 * await forgettingExperiment({ pretrained: model, sourceTest: mnist.test.slice(0, 200), sourcePool: mnist.train, targetTrain: opt.train.take(5, 1), targetTest: opt.test, epochs: 2 })
 */
export async function forgettingExperiment(options: ForgettingOptions): Promise<ForgettingResult[]> {
  const { pretrained, sourceTest, targetTest, epochs = 5, batchSize = 32, seed = 1 } = options;
  const methods = options.methods ?? FORGETTING_METHODS;
  const before: ForgettingResult = {
    method: 'before',
    ...(await scoreDomains(pretrained, sourceTest, targetTest)),
    trainableParams: 0,
    trainImages: 0,
  };
  options.onResult?.(before);
  const results = [before];
  for (const method of methods) {
    let data = options.targetTrain;
    let model: LayersModel;
    if (method === 'lora') {
      model = await addLora(pretrained, {
        layers: options.loraLayers ?? ['features', 'logits'],
        rank: options.loraRank ?? 4,
        seed,
      });
    } else {
      model = await cloneModel(pretrained);
      if (method === 'freeze') freezeBelow(model, options.freezeBelow ?? 'logits');
      else model.layers.forEach((layer) => (layer.trainable = true));
      if (method === 'rehearsal') {
        const old = options.sourcePool.take(options.rehearsalPerClass ?? 10, seed);
        data = concatDigitSets([options.targetTrain, old]);
      }
    }
    try {
      const run = await train(model, data, {
        epochs,
        batchSize,
        seed,
        learningRate: RATES[method],
        signal: options.signal,
      });
      if (run.stopped) throw new DOMException('The run was stopped.', 'AbortError');
      const result: ForgettingResult = {
        method,
        ...(await scoreDomains(model, sourceTest, targetTest)),
        trainableParams: summarize(model).trainableParams,
        trainImages: data.size,
      };
      if (method === 'lora') {
        clearAdapter(model);
        result.sourceAdapterOff = (await evaluate(model, sourceTest)).accuracy;
      }
      results.push(result);
      options.onResult?.(result);
    } finally {
      model.dispose();
    }
  }
  return results;
}
