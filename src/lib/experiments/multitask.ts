/**
 * Multitask against sequential transfer (Caruana, 1997): MNIST and the optical digits, learned by
 * one shared body with one head per domain, either at once (every step's loss is the MNIST head's
 * loss on MNIST images plus the optical head's loss on optical images) or one after the other
 * (body and MNIST head on MNIST, then body and optical head on the optical digits). Both start from
 * the same random weights, and every image is seen the same number of times.
 */
import { tf } from '../tf';
import type { LayersModel } from '../tf';
import type { DigitSet } from '../data/digit-set';
import { seededRandom, shuffleInPlace } from '../data/random';
import { evaluate } from '../evaluation/evaluate';
import { buildMultiHeadCnn, type MultiHeadCnn } from '../models/multi-head';
import { summarize } from '../models/summary';
import { train } from '../training/train';
import type { DomainScores } from './forgetting';
import { yieldToEventLoop } from '../util/yield';

/** The two heads, named for their domains: layer `logits_mnist` and layer `logits_optical`. */
export const MULTITASK_HEADS = ['mnist', 'optical'] as const;

export interface MultitaskOptions {
  /** First domain's training images (MNIST). */
  firstTrain: DigitSet;
  firstTest: DigitSet;
  /** Second domain's training images (optical digits). */
  secondTrain: DigitSet;
  secondTest: DigitSet;
  /** Passes over each image (default 5). */
  epochs?: number;
  /** Images per step; the multitask run takes half from each domain (default 32). */
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  signal?: AbortSignal;
}

export interface MultitaskResult {
  /** Shared body and both heads trained at once; each test set scored by its own domain's head. */
  multitask: DomainScores;
  /**
   * After the first half of the sequential run (body and MNIST head trained on MNIST). Both test
   * sets are scored by the MNIST head here: the optical head has not been trained yet.
   */
  firstOnly: DomainScores;
  /** Then body and optical head trained on the optical digits; each test set scored by its own head. */
  sequential: DomainScores;
  /** The head layers, one per domain, and the weights the whole network trains (body and both heads). */
  heads: string[];
  trainableParams: number;
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
  const { firstTrain, secondTrain, firstTest, secondTest } = options;
  const score = async (first: LayersModel, second: LayersModel): Promise<DomainScores> => {
    const source = await evaluate(first, firstTest);
    const target = await evaluate(second, secondTest);
    return { source: source.accuracy, sourcePerDigit: source.perClass, target: target.accuracy };
  };

  const together = await withFreshNetwork(seed, async (net) => {
    await trainTogether(net, [firstTrain, secondTrain], { epochs, batchSize, learningRate, seed, signal });
    return {
      scores: await score(net.heads.mnist!, net.heads.optical!),
      trainableParams: summarize(net.joint).trainableParams,
    };
  });
  const [firstOnly, sequential] = await withFreshNetwork(seed, async (net) => {
    const settings = { epochs, batchSize, learningRate, seed, signal };
    await fitOrStop(net.heads.mnist!, firstTrain, settings);
    const middle = await score(net.heads.mnist!, net.heads.mnist!);
    await fitOrStop(net.heads.optical!, secondTrain, settings);
    return [middle, await score(net.heads.mnist!, net.heads.optical!)] as const;
  });
  return {
    multitask: together.scores,
    firstOnly,
    sequential,
    heads: MULTITASK_HEADS.map((name) => `logits_${name}`),
    trainableParams: together.trainableParams,
    trainImages: { first: firstTrain.size, second: secondTrain.size },
  };
}

interface Settings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  signal?: AbortSignal;
}

async function fitOrStop(model: LayersModel, data: DigitSet, settings: Settings): Promise<void> {
  if ((await train(model, data, settings)).stopped) {
    throw new DOMException('The run was stopped.', 'AbortError');
  }
}

/**
 * Multitask training: each step takes half a batch from each domain and minimises the sum of the
 * two heads' cross-entropies, so the body's gradient always comes from both domains while each
 * head only ever learns from its own. An epoch shows every image of the larger domain once (the
 * smaller one is drawn again, reshuffled, to keep up); with equal domains, every image once.
 */
async function trainTogether(net: MultiHeadCnn, domains: readonly DigitSet[], settings: Settings) {
  const { epochs, batchSize, learningRate, seed, signal } = settings;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`epochs must be a whole number >= 1, got ${epochs}.`);
  if (!Number.isInteger(batchSize) || batchSize < domains.length) {
    throw new Error(
      `batchSize must be a whole number of at least ${domains.length} (one image per domain), got ${batchSize}.`,
    );
  }
  for (const d of domains)
    if (d.size === 0) throw new Error('There is nothing to train on: a domain has no images.');
  const half = Math.floor(batchSize / domains.length);
  const count = Math.max(...domains.map((d) => d.size));
  const steps = Math.ceil(count / half);
  const next = seededRandom(seed);
  const tensors = domains.map((d) => d.toTensors());
  const variables = net.joint.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(learningRate);
  const heads = net.names.map((name) => net.heads[name]!);
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const orders = domains.map((d) => {
        const order: number[] = [];
        while (order.length < count) order.push(...shuffleInPlace([...Array(d.size).keys()], next));
        return order.slice(0, count);
      });
      for (let step = 0; step < steps; step++) {
        if (signal?.aborted) throw new DOMException('The run was stopped.', 'AbortError');
        tf.tidy(() => {
          optimizer.minimize(
            () =>
              tf.addN(
                tensors.map(({ xs, ys }, i) => {
                  const index = tf.tensor1d(orders[i]!.slice(step * half, (step + 1) * half), 'int32');
                  const logits = heads[i]!.apply(tf.gather(xs, index), { training: true }) as tf.Tensor2D;
                  return tf.losses.softmaxCrossEntropy(tf.gather(ys, index), logits);
                }),
              ) as tf.Scalar,
            false,
            variables,
          );
        });
        // Give the page a turn now and then, as train() does, so Stop and progress stay responsive.
        if (step % 8 === 7) await yieldToEventLoop();
      }
    }
  } finally {
    optimizer.dispose();
    for (const { xs, ys } of tensors) tf.dispose([xs, ys]);
  }
}

/** The shared body with both heads, seeded, disposed after `use` whatever happens. */
async function withFreshNetwork<T>(seed: number, use: (net: MultiHeadCnn) => Promise<T>): Promise<T> {
  const net = buildMultiHeadCnn({ heads: MULTITASK_HEADS, seed });
  try {
    return await use(net);
  } finally {
    net.dispose();
  }
}
