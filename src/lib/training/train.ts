/**
 * One training loop for every lesson: plain supervised training, transfer learning (frozen layers,
 * a learning rate per layer) and distillation (a teacher's logits, on labelled and unlabelled
 * images). It reports progress through callbacks, stops on an AbortSignal and leaves no tensors
 * behind. Like `model.fit`, it keeps the running loss on the GPU and reads it back only now and
 * then, so the GPU is never left waiting for the CPU between batches.
 */
import { tf } from '../tf';
import type { DigitSet } from '../data/digit-set';
import { seededRandom, shuffleInPlace } from '../data/random';
import { checkSettings } from '../distill/loss';
import { trainStep } from './step';
import { optimizerGroups } from './optimizers';
import { resolveClasses } from '../data/classes';
import { trainingTensors, type DistillFrom } from './tensors';
import { evaluate } from '../evaluation/evaluate';
import { yieldToEventLoop } from '../util/yield';

export type { DistillFrom, DistillSource } from './tensors';

export interface BatchEvent {
  epoch: number;
  /** Batches done so far in this epoch (1-based). */
  batch: number;
  batches: number;
  /** Mean training loss over this epoch's batches so far. */
  loss: number;
}

export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch. */
  loss: number;
  /** Share of the labelled training images classified correctly during the epoch (NaN with none). */
  accuracy: number;
  /** Accuracy on `validation`, on the epochs it was measured (see `validateEvery`). */
  valAccuracy?: number;
  /** Seconds this epoch took. */
  seconds: number;
}

export interface TrainOptions {
  /** Passes over the data (the most, with early stopping). */
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  optimizer?: 'adam' | 'sgd';
  /** Drives the order of the examples in every epoch. */
  seed?: number;
  /** Digit for each output, e.g. [5, 6, 7, 8, 9] -> outputs 0..4 (see resolveClasses for the default). */
  classes?: readonly number[];
  /** A learning rate per layer name, e.g. { features: 1e-4 } to fine-tune gently below a new head. */
  layerLearningRates?: Readonly<Record<string, number>>;
  validation?: DigitSet;
  /** Measure validation accuracy every this many epochs (and after the last); default 1. */
  validateEvery?: number;
  /**
   * Stop when validation accuracy (or training loss without validation) has not improved for
   * `patience` measurements; `restoreBest` puts back the weights of the best one.
   */
  earlyStopping?: { patience: number; restoreBest?: boolean };
  /**
   * Learn from a teacher too; alpha is the weight of the soft loss. The teacher's logits are
   * computed once, before the first batch, not again on every batch.
   */
  distillFrom?: DistillFrom;
  /**
   * Images without labels (their labels are never read): with `distillFrom`, the student learns
   * from the teacher's soft targets on them, and the hard-label loss counts only `data`.
   */
  unlabelled?: DigitSet;
  /** Abort to stop after the current batch: train() then resolves with stopped = true. */
  signal?: AbortSignal;
  /** Progress, about ten times a second (not after every batch: each report reads the GPU). */
  onBatch?(event: BatchEvent): void;
  /** Milliseconds between progress reports (default 100; 0 reports after every batch). */
  progressEveryMs?: number;
  onEpoch?(event: EpochRecord): void;
}

export interface TrainResult {
  epochs: EpochRecord[];
  stopped: boolean;
  /** Why training ended early: 'aborted' or 'early stopping'. */
  stoppedBecause?: 'aborted' | 'early stopping';
  /** The epoch whose weights the model holds when early stopping restored the best ones. */
  bestEpoch?: number;
  seconds: number;
  /** The tfjs backend that ran it (webgpu, webgl, wasm or cpu). */
  backend: string;
}

// How often progress is read back and the page gets a turn, by default: model.fit yields every 125 ms.
const REPORT_MS = 100;

/**
 * Trains a model on digits, seeded and stoppable, reporting every epoch (and batch): the course's one training loop.
 * @param model the model (it learns in place)
 * @param data the labelled digits
 * @param options epochs, batch size, learning rate, seed, validation set, callbacks, a signal to stop...
 * @returns each epoch's loss and accuracy, the backend it ran on, and whether it stopped early
 * @example
 * const { train: images } = await loadMnist();
 * const model = buildCnn();
 * const chart = liveChart();
 * await train(model, images.take(20, 1), { epochs: 3, onEpoch: chart.onEpoch })
 */
export async function train(
  model: tf.LayersModel,
  data: DigitSet,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const {
    epochs = 5,
    batchSize = 32,
    learningRate = 1e-3,
    optimizer = 'adam',
    seed = 0,
    validateEvery = 1,
    signal,
    earlyStopping,
    distillFrom,
    unlabelled,
  } = options;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`epochs must be a whole number >= 1, got ${epochs}.`);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batchSize must be a whole number >= 1, got ${batchSize}.`);
  }
  if (!Number.isInteger(validateEvery) || validateEvery < 1) {
    throw new Error(`validateEvery must be a whole number >= 1, got ${validateEvery}.`);
  }
  if (data.size === 0) throw new Error('There is nothing to train on: the digit set is empty.');
  if (unlabelled?.size && !distillFrom) {
    throw new Error('Unlabelled images need a teacher to learn from: add distillFrom.');
  }
  const classes = resolveClasses(model, data, options.classes);
  if (distillFrom) checkSettings(distillFrom);
  const groups = optimizerGroups(model, learningRate, optimizer, options.layerLearningRates ?? {});
  const tensors = await trainingTensors(data, unlabelled, classes, distillFrom).catch((error: unknown) => {
    for (const group of groups) group.optimizer.dispose();
    throw error;
  });
  const { xs, ys, mask, teacherLogits, size } = tensors;
  const validation = options.validation?.size ? options.validation : null;
  const next = seededRandom(seed);
  const history: EpochRecord[] = [];
  const started = performance.now();
  let stoppedBecause: TrainResult['stoppedBecause'];
  let best = -Infinity;
  let bestEpoch: number | undefined;
  let bestWeights: tf.Tensor[] | null = null;
  let sinceBest = 0;
  const batches = Math.ceil(size / batchSize);
  const progress = new Progress(options.onBatch, options.progressEveryMs ?? REPORT_MS);
  try {
    for (let epoch = 1; epoch <= epochs && !stoppedBecause; epoch++) {
      const epochStart = performance.now();
      const order = shuffleInPlace([...Array(size).keys()], next);
      let totals: tf.Tensor1D = tf.zeros([2]);
      let seen = 0;
      let labelledSeen = 0;
      for (let batch = 0; batch < batches; batch++) {
        if (signal?.aborted) {
          stoppedBecause = 'aborted';
          break;
        }
        const indices = order.slice(batch * batchSize, (batch + 1) * batchSize);
        const step = trainStep({
          model,
          xs,
          ys,
          mask,
          teacherLogits,
          distillation: distillFrom ?? null,
          indices,
          groups,
        });
        const previous = totals;
        totals = tf.add(previous, step);
        tf.dispose([previous, step]);
        seen += indices.length;
        // The labelled images come first in the tensors, the unlabelled ones after them.
        labelledSeen += mask ? indices.filter((i) => i < data.size).length : indices.length;
        await progress.maybeReport(totals, { epoch, batch: batch + 1, batches }, seen);
      }
      await progress.settle();
      const [lossSum, correct] = await totals.data();
      totals.dispose();
      if (seen === 0) break;
      const record: EpochRecord = {
        epoch,
        epochs,
        loss: lossSum! / seen,
        accuracy: labelledSeen > 0 ? correct! / labelledSeen : Number.NaN,
        seconds: 0,
      };
      const due = validation && !stoppedBecause && (epoch % validateEvery === 0 || epoch === epochs);
      // The same accuracy as evaluation reports, so a lesson's validation curve and its test score agree.
      if (due) record.valAccuracy = (await evaluate(model, validation, { classes })).accuracy;
      record.seconds = (performance.now() - epochStart) / 1000;
      history.push(record);
      options.onEpoch?.(record);
      const measured = validation ? record.valAccuracy : -record.loss;
      if (earlyStopping && !stoppedBecause && measured !== undefined) {
        if (measured > best) {
          best = measured;
          bestEpoch = epoch;
          sinceBest = 0;
          if (earlyStopping.restoreBest) {
            tf.dispose(bestWeights ?? []);
            bestWeights = model.getWeights().map((w) => w.clone());
          }
        } else if (++sinceBest >= earlyStopping.patience) {
          stoppedBecause = 'early stopping';
        }
      }
    }
    if (bestWeights && stoppedBecause !== 'aborted' && bestEpoch !== history.at(-1)?.epoch) {
      model.setWeights(bestWeights);
    }
  } finally {
    await progress.settle();
    tf.dispose([xs, ys, ...(mask ? [mask] : []), ...(teacherLogits ? [teacherLogits] : [])]);
    tf.dispose(bestWeights ?? []);
    for (const group of groups) group.optimizer.dispose();
  }
  const restored = earlyStopping?.restoreBest && bestEpoch !== undefined && stoppedBecause !== 'aborted';
  return {
    epochs: history,
    stopped: stoppedBecause !== undefined,
    ...(stoppedBecause ? { stoppedBecause } : {}),
    ...(restored ? { bestEpoch } : {}),
    seconds: (performance.now() - started) / 1000,
    backend: tf.getBackend(),
  };
}

/**
 * Reads the running totals back without stalling: a read is started (not awaited) every `everyMs`,
 * and the previous one, normally finished by then, is awaited. Between reads the page gets
 * a turn, so a Stop button works even on the CPU backend, where every operation is synchronous.
 */
class Progress {
  #last = performance.now();
  #pending: Promise<void> | null = null;

  constructor(
    private readonly onBatch: ((event: BatchEvent) => void) | undefined,
    private readonly everyMs: number,
  ) {}

  async maybeReport(totals: tf.Tensor1D, where: Omit<BatchEvent, 'loss'>, seen: number): Promise<void> {
    if (performance.now() - this.#last < this.everyMs) return;
    this.#last = performance.now();
    await this.settle();
    if (this.onBatch) {
      const onBatch = this.onBatch;
      // A clone shares the data, so the loop may dispose `totals` while this read is in flight.
      const snapshot = tf.clone(totals);
      this.#pending = snapshot
        .data()
        .then(([lossSum]) => onBatch({ ...where, loss: lossSum! / seen }))
        .finally(() => snapshot.dispose());
    }
    await yieldToEventLoop();
  }

  async settle(): Promise<void> {
    const pending = this.#pending;
    this.#pending = null;
    await pending;
  }
}
