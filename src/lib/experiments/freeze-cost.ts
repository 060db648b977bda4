/**
 * What a freeze boundary costs: for each choice of the lowest layer that learns, how many weights
 * train and how long one training step takes. The transfer-workflow lesson runs it in a cell on the
 * reader's machine, and `npm run bench -- freeze-cost` with more rounds for the numbers the lesson
 * quotes. Rounds visit the models in a rotating order, so a busy moment does not land on one model.
 */
import type { LayersModel } from '../tf';
import type { DigitSet } from '../data';
import { summarize } from '../models';
import { train } from '../training';
import { prepareTransfer, trainableLayerNames } from '../transfer';

export interface FreezeCost {
  /** The lowest layer that learns: `logits` is feature extraction, the first layer is everything. */
  fromLayer: string;
  learns: string[];
  trainableWeights: number;
  weights: number;
  /** Median over rounds of the time one batch takes (forward, backward, update). */
  msPerBatch: number;
  /** Fastest and slowest round. */
  fastest: number;
  slowest: number;
}

export interface FreezeCostOptions {
  /** Digit for each output of the new head, e.g. [5, 6, 7, 8, 9]. */
  classes: readonly number[];
  /** Freeze boundaries to compare, top to bottom (default: every layer with weights, head first). */
  boundaries?: readonly string[];
  /** Timed passes over `data` per boundary, after one untimed pass that compiles the kernels. */
  rounds?: number;
  batchSize?: number;
  seed?: number;
}

/**
 * Times a training batch at each freeze boundary: how much cheaper a step gets when fewer layers learn.
 * @param source the pretrained model
 * @param data the training digits
 * @param options the classes, the boundaries to time, rounds, batch size and seed
 * @returns milliseconds per batch at each boundary
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * const { train } = await loadMnist();
 * await measureFreezeCost(model, train.select([5, 6, 7, 8, 9]), { classes: [5, 6, 7, 8, 9], rounds: 1 })
 */
export async function measureFreezeCost(
  source: LayersModel,
  data: DigitSet,
  options: FreezeCostOptions,
): Promise<FreezeCost[]> {
  const { classes, rounds = 3, batchSize = 10, seed = 1 } = options;
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`rounds must be a whole number >= 1, got ${rounds}.`);
  const boundaries =
    options.boundaries ??
    source.layers
      .filter((layer) => layer.countParams() > 0)
      .map((layer) => layer.name)
      .reverse();
  const models: LayersModel[] = [];
  try {
    for (const fromLayer of boundaries) {
      models.push(
        await prepareTransfer(source, { classes: classes.length, strategy: 'fine-tune', fromLayer, seed }),
      );
    }
    const settings = { epochs: 1, batchSize, seed, classes };
    // The first pass of each model compiles the backend's kernels for its backward pass: not timed.
    for (const model of models) await train(model, data, settings);
    const batches = Math.ceil(data.size / batchSize);
    const times: number[][] = models.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < models.length; k++) {
        const i = (k + round) % models.length;
        const history = await train(models[i]!, data, settings);
        times[i]!.push((1000 * history.epochs[0]!.seconds) / batches);
      }
    }
    return models.map((model, i) => {
      const sorted = [...times[i]!].sort((a, b) => a - b);
      const { params, trainableParams } = summarize(model);
      return {
        fromLayer: boundaries[i]!,
        learns: trainableLayerNames(model),
        trainableWeights: trainableParams,
        weights: params,
        msPerBatch: sorted[Math.floor((sorted.length - 1) / 2)]!,
        fastest: sorted[0]!,
        slowest: sorted[sorted.length - 1]!,
      };
    });
  } finally {
    models.forEach((model) => model.dispose());
  }
}
