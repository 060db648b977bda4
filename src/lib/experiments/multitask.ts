/**
 * Multitask against sequential transfer (Caruana, 1997): the same two domains' images, learned
 * either at once by one model, or one after the other (train on the first, then fine-tune on the
 * second). Both start from the same random weights and see every image the same number of times.
 */
import type { LayersModel } from '../tf';
import { buildCnn } from '../models/build';
import { concatDigitSets, type DigitSet } from '../data/digit-set';
import { train } from '../training/train';
import { scoreDomains, type DomainScores } from './forgetting';

export interface MultitaskOptions {
  /** First domain's training images (MNIST). */
  firstTrain: DigitSet;
  firstTest: DigitSet;
  /** Second domain's training images (optical digits). */
  secondTrain: DigitSet;
  secondTest: DigitSet;
  /** Passes over each image (default 5). */
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  signal?: AbortSignal;
}

export interface MultitaskResult {
  /** One model trained on both domains' images mixed together. */
  multitask: DomainScores;
  /** The same model trained on the first domain only (the middle of the sequential run). */
  firstOnly: DomainScores;
  /** Then fine-tuned on the second domain: sequential transfer. */
  sequential: DomainScores;
  trainImages: { first: number; second: number };
}

/**
 * Trains one network on two digit tasks at once and another on them one after the other, and scores both on both tasks.
 * @param options the two tasks' train and test digits, epochs, batch size, learning rate and seed
 * @returns accuracy on each task, for multitask and sequential training
 * @example
 * const mnist = await loadMnist();
 * const opt = await loadOptDigits();
 * await multitaskVsSequential({ firstTrain: mnist.train.take(10, 1), firstTest: mnist.test, secondTrain: opt.train.take(10, 1), secondTest: opt.test, epochs: 2 })
 */
export async function multitaskVsSequential(options: MultitaskOptions): Promise<MultitaskResult> {
  const { epochs = 5, batchSize = 32, learningRate = 1e-3, seed = 1, signal } = options;
  const settings = { epochs, batchSize, learningRate, seed, signal };
  const fit = async (model: LayersModel, data: DigitSet) => {
    if ((await train(model, data, settings)).stopped) {
      throw new DOMException('The run was stopped.', 'AbortError');
    }
  };
  const score = (model: LayersModel) => scoreDomains(model, options.firstTest, options.secondTest);

  const multitask = await withFreshCnn(seed, async (model) => {
    await fit(model, concatDigitSets([options.firstTrain, options.secondTrain]));
    return score(model);
  });
  const [firstOnly, sequential] = await withFreshCnn(seed, async (model) => {
    await fit(model, options.firstTrain);
    const middle = await score(model);
    await fit(model, options.secondTrain);
    return [middle, await score(model)] as const;
  });
  return {
    multitask,
    firstOnly,
    sequential,
    trainImages: { first: options.firstTrain.size, second: options.secondTrain.size },
  };
}

/** The course CNN with seeded random weights, disposed after `use` whatever happens. */
async function withFreshCnn<T>(seed: number, use: (model: LayersModel) => Promise<T>): Promise<T> {
  const model = buildCnn({ seed });
  try {
    return await use(model);
  } finally {
    model.dispose();
  }
}
