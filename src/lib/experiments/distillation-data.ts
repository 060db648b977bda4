/**
 * The images of a distillation experiment, drawn from the training set with one seed: a held-out
 * validation slice (for early stopping and the bias), the labelled images, and the images the
 * teacher scores. Each comes with its positions in the training set, so the teacher's logits,
 * computed once per page for the whole training set, serve every experiment and every seed.
 */
import type { LayersModel } from '../tf';
import type { DigitSet } from '../data';
import { seededRandom, shuffleInPlace } from '../data/random';
import { logitsOf, pickLogits, topAnswers, type Logits } from '../distill/logits';
import type { DistillationConfig } from './distillation-config';

export interface Part {
  set: DigitSet;
  /** Where each image sits in the training set. */
  positions: number[];
}

export interface ExperimentData {
  /** Held out from training, every digit: chooses the bias in the missing-digit experiment. */
  validation: Part;
  /** What early stopping watches: the validation slice, without the left-out digit if there is one. */
  stopping: DigitSet;
  /** Images with their labels, for every student. */
  labelled: Part;
  /** Transfer set only: images only the teacher labels (their labels are never read). */
  unlabelled: Part | null;
}

/**
 * The images each student of a distillation experiment trains on, chosen from the training set by the config and its seed.
 * @param train the training digits
 * @param config the experiment, labelled images per digit, transfer images, the digit left out, validation size and seed
 * @returns the labelled images, the unlabelled transfer images (if any) and the validation slice
 * @example
 * const { train } = await loadMnist();
 * experimentData(train, DEFAULT_CONFIGS['same-data']).labelled.set.size
 */
export function experimentData(
  train: DigitSet,
  config: Pick<
    DistillationConfig,
    'experiment' | 'labelledPerClass' | 'transferImages' | 'leaveOut' | 'validationPerClass' | 'seed'
  >,
): ExperimentData {
  const { seed } = config;
  const held = train.split(config.validationPerClass, seed);
  const validation = { set: held.picked, positions: held.pickedPositions };
  const pool = held.restPositions;
  const stopping =
    config.experiment === 'missing-digit' ? held.picked.without([config.leaveOut]) : held.picked;
  if (config.experiment === 'missing-digit') {
    const kept = pool.filter((position) => train.labels[position] !== config.leaveOut);
    const positions = sample(kept, config.transferImages, seed);
    return { validation, stopping, labelled: part(train, positions), unlabelled: null };
  }
  const poolSet = held.rest;
  const chosen = poolSet.split(config.labelledPerClass, seed);
  const labelled = { set: chosen.picked, positions: chosen.pickedPositions.map((i) => pool[i]!) };
  if (config.experiment === 'same-data') return { validation, stopping, labelled, unlabelled: null };
  const others = chosen.restPositions.map((i) => pool[i]!);
  return {
    validation,
    stopping,
    labelled,
    unlabelled: part(train, sample(others, config.transferImages, seed)),
  };
}

/** `count` of the positions at random (seeded), or all of them in their order. */
function sample(positions: number[], count: number | 'all', seed: number): number[] {
  if (count === 'all' || count >= positions.length) return positions;
  return shuffleInPlace([...positions], seededRandom(seed)).slice(0, count);
}

function part(train: DigitSet, positions: number[]): Part {
  return { set: train.pick(positions), positions };
}

/**
 * The teacher's logits on the training set, computed at most once per image per page, and only for
 * the images an experiment needs: the same-data experiment scores 100 images, a transfer set all.
 */
export class TrainingLogits {
  readonly #values: Float32Array;
  readonly #known: Uint8Array;
  readonly #columns: number;

  constructor(
    readonly teacher: LayersModel,
    readonly train: DigitSet,
  ) {
    const shape = teacher.outputs[0]!.shape;
    this.#columns = shape[shape.length - 1] as number;
    this.#values = new Float32Array(train.size * this.#columns);
    this.#known = new Uint8Array(train.size);
  }

  /** The teacher's logits for these parts' images, in order, running it on those not yet scored. */
  async of(parts: Part[], signal?: AbortSignal): Promise<Logits> {
    const positions = parts.flatMap((p) => p.positions);
    const missing = [...new Set(positions.filter((p) => !this.#known[p]))];
    if (missing.length > 0) {
      const computed = await logitsOf(this.teacher, this.train.pick(missing), { signal });
      if (signal?.aborted) throw new DOMException('Stopped', 'AbortError');
      missing.forEach((position, i) => {
        this.#values.set(
          computed.values.subarray(i * this.#columns, (i + 1) * this.#columns),
          position * this.#columns,
        );
        this.#known[position] = 1;
      });
    }
    return pickLogits({ values: this.#values, columns: this.#columns }, positions);
  }
}

// The teacher never changes, so what it says about a training set is kept for the page's life.
const caches = new WeakMap<LayersModel, WeakMap<DigitSet, TrainingLogits>>();

/** The page's one cache of the teacher's logits on `train`. */
export function trainingLogits(teacher: LayersModel, train: DigitSet): TrainingLogits {
  let byData = caches.get(teacher);
  if (!byData) caches.set(teacher, (byData = new WeakMap()));
  let cache = byData.get(train);
  if (!cache) byData.set(train, (cache = new TrainingLogits(teacher, train)));
  return cache;
}

/** The images with the teacher's top answer as their label (pseudo-labelling). */
export function pseudoLabelled(logits: Logits, part: Part): DigitSet {
  return part.set.withLabels(topAnswers(logits));
}
