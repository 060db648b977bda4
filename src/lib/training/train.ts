/**
 * One training loop for every lesson: plain supervised training, transfer learning (frozen layers,
 * a learning rate per layer) and distillation (a teacher's logits). It reports progress through
 * callbacks, stops on an AbortSignal and leaves no tensors behind.
 */
import { tf } from '../tf';
import type { DigitSet } from '../data/digit-set';
import { seededRandom, shuffleInPlace } from '../data/random';
import { checkSettings } from '../distill/loss';
import { lossAndAccuracy } from './step';
import { outputCount, resolveClasses } from './classes';
import { evaluate } from '../evaluation/evaluate';

export interface BatchEvent {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
}

export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch. */
  loss: number;
  /** Share of training images classified correctly during the epoch. */
  accuracy: number;
  valAccuracy?: number;
  /** Seconds this epoch took. */
  seconds: number;
}

export interface TrainOptions {
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
  /** Stop when validation accuracy (or training loss without validation) stops improving for `patience` epochs. */
  earlyStopping?: { patience: number };
  /** Learn from this teacher's logits too; alpha is the weight of the soft loss. */
  distillFrom?: { teacher: tf.LayersModel; temperature: number; alpha: number };
  /** Abort to stop after the current batch: train() then resolves with stopped = true. */
  signal?: AbortSignal;
  onBatch?(event: BatchEvent): void;
  onEpoch?(event: EpochRecord): void;
}

export interface TrainResult {
  epochs: EpochRecord[];
  stopped: boolean;
  /** Why training ended early: 'aborted' or 'early stopping'. */
  stoppedBecause?: 'aborted' | 'early stopping';
  seconds: number;
  /** The tfjs backend that ran it (webgpu, webgl or cpu). */
  backend: string;
}

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
    signal,
    earlyStopping,
    distillFrom,
  } = options;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`epochs must be a whole number >= 1, got ${epochs}.`);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batchSize must be a whole number >= 1, got ${batchSize}.`);
  }
  if (data.size === 0) throw new Error('There is nothing to train on: the digit set is empty.');
  const classes = resolveClasses(model, data, options.classes);
  if (distillFrom) checkSettings(distillFrom);
  const teacherColumns = distillFrom ? teacherColumnsFor(distillFrom.teacher, classes) : null;
  const groups = optimizerGroups(model, learningRate, optimizer, options.layerLearningRates ?? {});

  const { xs, ys } = data.toTensors(classes);
  const validation = options.validation?.size ? options.validation : null;
  const next = seededRandom(seed);
  const history: EpochRecord[] = [];
  const started = performance.now();
  let stoppedBecause: TrainResult['stoppedBecause'];
  let best = -Infinity;
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= epochs && !stoppedBecause; epoch++) {
      const epochStart = performance.now();
      const order = shuffleInPlace([...Array(data.size).keys()], next);
      const batches = Math.ceil(data.size / batchSize);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let batch = 0; batch < batches; batch++) {
        if (signal?.aborted) {
          stoppedBecause = 'aborted';
          break;
        }
        const indices = order.slice(batch * batchSize, (batch + 1) * batchSize);
        const [loss, right] = await lossAndAccuracy({
          model,
          xs,
          ys,
          indices,
          groups,
          distillFrom,
          teacherColumns,
        });
        lossSum += loss * indices.length;
        correct += right;
        seen += indices.length;
        options.onBatch?.({ epoch, batch: batch + 1, batches, loss });
      }
      if (seen === 0) break;
      const record: EpochRecord = {
        epoch,
        epochs,
        loss: lossSum / seen,
        accuracy: correct / seen,
        seconds: 0,
      };
      // The same accuracy as evaluation reports, so a lesson's validation curve and its test score agree.
      if (validation) record.valAccuracy = (await evaluate(model, validation, { classes })).accuracy;
      record.seconds = (performance.now() - epochStart) / 1000;
      history.push(record);
      options.onEpoch?.(record);
      if (earlyStopping && !stoppedBecause) {
        const score = record.valAccuracy ?? -record.loss;
        if (score > best) {
          best = score;
          sinceBest = 0;
        } else if (++sinceBest >= earlyStopping.patience) {
          stoppedBecause = 'early stopping';
        }
      }
    }
  } finally {
    tf.dispose([xs, ys]);
    for (const group of groups) group.optimizer.dispose();
  }
  return {
    epochs: history,
    stopped: stoppedBecause !== undefined,
    ...(stoppedBecause ? { stoppedBecause } : {}),
    seconds: (performance.now() - started) / 1000,
    backend: tf.getBackend(),
  };
}

export interface OptimizerGroup {
  optimizer: tf.Optimizer;
  variables: tf.Variable[];
}

/** One optimizer per distinct learning rate, so fine-tuned layers can learn slower than a new head. */
function optimizerGroups(
  model: tf.LayersModel,
  learningRate: number,
  kind: 'adam' | 'sgd',
  perLayer: Readonly<Record<string, number>>,
): OptimizerGroup[] {
  const names = model.layers.map((l) => l.name);
  for (const name of Object.keys(perLayer)) {
    if (!names.includes(name)) {
      throw new Error(
        `layerLearningRates names "${name}", but the model has no such layer. Its layers: ${names.join(', ')}.`,
      );
    }
  }
  const byRate = new Map<number, tf.Variable[]>();
  for (const layer of model.layers) {
    if (!layer.trainable) continue;
    const rate = perLayer[layer.name] ?? learningRate;
    const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    if (variables.length) byRate.set(rate, [...(byRate.get(rate) ?? []), ...variables]);
  }
  if (byRate.size === 0) throw new Error('Every layer is frozen: unfreeze at least one layer to train.');
  return [...byRate].map(([rate, variables]) => ({
    optimizer: kind === 'sgd' ? tf.train.sgd(rate) : tf.train.adam(rate),
    variables,
  }));
}

/** Which teacher outputs correspond to the student's classes (all of them when both have the same). */
function teacherColumnsFor(teacher: tf.LayersModel, classes: readonly number[]): number[] | null {
  const outputs = outputCount(teacher);
  if (outputs === classes.length) return null;
  if (outputs === 10) return [...classes];
  throw new Error(
    `The teacher has ${outputs} outputs and the student ${classes.length}: distillation needs them to score the same digits.`,
  );
}
