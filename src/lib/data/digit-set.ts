/**
 * A set of labelled 28x28 digits held as bytes (cheap to slice and select), turned into tensors
 * only when a model needs them.
 */
import { tf } from '../tf';
import { seededRandom, shuffleInPlace } from './random';
import { SHIFT_KINDS, invert, noise, rotate, thicken, translate, type ShiftKind } from './shifts';

export const PIXELS = 784;
/**
 * The ten digits, 0 to 9.
 * @example
 * ALL_DIGITS.length // 10
 */
export const ALL_DIGITS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

export interface DigitImage {
  width: 28;
  height: 28;
  /** RGBA, ready for `new ImageData(data, 28, 28)`; white digit on black, as the model sees it. */
  data: Uint8ClampedArray;
  label: number;
}

/** What `DigitSet.split` returns: the picked images, the others, and where each came from. */
export interface PickedDigits {
  picked: DigitSet;
  rest: DigitSet;
  /** Position in the original set of each picked image, in `picked`'s order. */
  pickedPositions: number[];
  /** Position in the original set of each other image, in `rest`'s order (ascending). */
  restPositions: number[];
}

/**
 * Digits as 28x28 grey images (one byte a pixel) with their labels: select, take, shift, and turn into tensors.
 * @param images 784 bytes per image, one after another
 * @param labels one digit per image
 * @example
 * const { train } = await loadMnist();
 * const fives = train.select([5]).take(10, 1);
 * digits(fives, 10);
 */
export class DigitSet {
  readonly size: number;

  /**
   * @param images size * 784 grey levels 0..255, row-major 28x28
   * @param labels one digit 0..9 per image
   */
  constructor(
    readonly images: Uint8Array,
    readonly labels: Uint8Array,
  ) {
    if (images.length !== labels.length * PIXELS) {
      throw new Error(
        `A digit set needs 784 pixels per label: got ${images.length} pixels for ${labels.length} labels.`,
      );
    }
    this.size = labels.length;
  }

  /** The images at these positions, in this order. */
  pick(indices: readonly number[]): DigitSet {
    const images = new Uint8Array(indices.length * PIXELS);
    const labels = new Uint8Array(indices.length);
    indices.forEach((index, i) => {
      if (!Number.isInteger(index) || index < 0 || index >= this.size) {
        throw new Error(
          `No image at position ${index}: this set holds ${this.size} images (0..${this.size - 1}).`,
        );
      }
      images.set(this.images.subarray(index * PIXELS, (index + 1) * PIXELS), i * PIXELS);
      labels[i] = this.labels[index]!;
    });
    return new DigitSet(images, labels);
  }

  /** Only the given digits, e.g. `select([5, 6, 7, 8, 9])` for the target task. */
  select(digits: readonly number[]): DigitSet {
    const wanted = checkDigits(digits, 'select');
    return this.pick(this.positionsWhere((label) => wanted.has(label)));
  }

  /** Every digit except these, e.g. `without([3])` for a transfer set that never shows a 3. */
  without(digits: readonly number[]): DigitSet {
    const unwanted = checkDigits(digits, 'without');
    const kept = this.positionsWhere((label) => !unwanted.has(label));
    if (kept.length === 0) throw new Error(`Removing digits ${[...unwanted].join(', ')} leaves no images.`);
    return this.pick(kept);
  }

  /**
   * `perClass` labelled examples of every digit present (the "N labels per class" of the
   * learning-curve lesson), chosen at random with `seed`, returned in mixed order.
   */
  take(perClass: number, seed = 0): DigitSet {
    return this.split(perClass, seed).picked;
  }

  /**
   * Splits the set in two: `picked` is exactly what `take(perClass, seed)` returns, `rest` every
   * other image in its original order (e.g. a few labelled images and the many a teacher labels).
   * The positions say where each image came from in this set.
   */
  split(perClass: number, seed = 0): PickedDigits {
    if (!Number.isInteger(perClass) || perClass < 1) {
      throw new Error(
        `split() and take() need a whole number of examples per class of at least 1, got ${perClass}.`,
      );
    }
    const next = seededRandom(seed);
    const chosen: number[] = [];
    const counts = this.counts();
    for (const digit of ALL_DIGITS) {
      if (counts[digit] === 0) continue;
      if (counts[digit]! < perClass) {
        throw new Error(
          `Asked for ${perClass} examples of digit ${digit} but this set has only ${counts[digit]}. Use a smaller number.`,
        );
      }
      const positions = shuffleInPlace(
        this.positionsWhere((label) => label === digit),
        next,
      );
      chosen.push(...positions.slice(0, perClass));
    }
    const pickedPositions = shuffleInPlace(chosen, next);
    const taken = new Set(pickedPositions);
    const restPositions = [...Array(this.size).keys()].filter((i) => !taken.has(i));
    return {
      picked: this.pick(pickedPositions),
      rest: this.pick(restPositions),
      pickedPositions,
      restPositions,
    };
  }

  /** The same images with other labels, e.g. a teacher's answers (pseudo-labels). */
  withLabels(labels: Uint8Array): DigitSet {
    if (labels.length !== this.size) {
      throw new Error(
        `withLabels() needs one label per image: got ${labels.length} for ${this.size} images.`,
      );
    }
    if (labels.some((label) => label > 9)) throw new Error('withLabels(): every label must be a digit 0..9.');
    return new DigitSet(this.images, Uint8Array.from(labels));
  }

  /** The same digits in a seeded random order. */
  shuffle(seed = 0): DigitSet {
    return this.pick(shuffleInPlace([...Array(this.size).keys()], seededRandom(seed)));
  }

  /** Images `start` (inclusive) to `end` (exclusive). */
  slice(start: number, end = this.size): DigitSet {
    const s = Math.max(0, Math.min(start, this.size));
    const e = Math.max(s, Math.min(end, this.size));
    return new DigitSet(this.images.slice(s * PIXELS, e * PIXELS), this.labels.slice(s, e));
  }

  /**
   * The same digits drawn differently (a domain shift). `amount`: degrees for rotate, 0..1 blend
   * for invert, noise standard deviation as a share of the grey range, pixels for translate and
   * thicken (negative thins). `seed` drives the random parts (noise, translation direction).
   */
  shift(kind: ShiftKind, amount: number, seed = 0): DigitSet {
    if (!SHIFT_KINDS.includes(kind)) {
      throw new Error(`Unknown shift "${String(kind)}". Choose one of: ${SHIFT_KINDS.join(', ')}.`);
    }
    if (!Number.isFinite(amount)) throw new Error(`A shift amount must be a number, got ${amount}.`);
    const next = seededRandom(seed);
    const images = new Uint8Array(this.images.length);
    for (let i = 0; i < this.size; i++) {
      const image = this.images.subarray(i * PIXELS, (i + 1) * PIXELS);
      const shifted =
        kind === 'rotate'
          ? rotate(image, amount)
          : kind === 'invert'
            ? invert(image, amount)
            : kind === 'noise'
              ? noise(image, amount, next)
              : kind === 'translate'
                ? translate(image, amount, next)
                : thicken(image, amount);
      images.set(shifted, i * PIXELS);
    }
    return new DigitSet(images, this.labels.slice());
  }

  /** How many examples of each digit 0..9. */
  counts(): number[] {
    const counts = new Array<number>(10).fill(0);
    for (const label of this.labels) counts[label]!++;
    return counts;
  }

  /** The digits present, in order. */
  digits(): number[] {
    return this.counts().flatMap((count, digit) => (count > 0 ? [digit] : []));
  }

  /** The images as a model input: [n, 28, 28, 1], grey levels scaled to 0..1. The caller disposes it. */
  toImages(): tf.Tensor4D {
    return tf.tensor4d(
      Float32Array.from(this.images, (v) => v / 255),
      [this.size, 28, 28, 1],
    );
  }

  /**
   * Tensors for a model: `xs` [n, 28, 28, 1] scaled to 0..1 and `ys` one-hot over `classes`
   * (output i of the model means digit classes[i]; default 0..9). The caller disposes them.
   */
  toTensors(classes: readonly number[] = ALL_DIGITS): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
    const index = classIndex(classes);
    const targets = new Int32Array(this.size);
    this.labels.forEach((label, i) => {
      const position = index.get(label);
      if (position === undefined) {
        throw new Error(
          `This set holds digit ${label}, which is not among the model's classes [${classes.join(', ')}]. Use select() first.`,
        );
      }
      targets[i] = position;
    });
    return tf.tidy(() => {
      const xs = this.toImages();
      const ys = tf.oneHot(tf.tensor1d(targets, 'int32'), classes.length).toFloat() as tf.Tensor2D;
      return { xs, ys };
    });
  }

  /** One digit as an RGBA image (for a canvas) with its label. */
  digitImage(index: number): DigitImage {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new Error(
        `No image at position ${index}: this set holds ${this.size} images (0..${this.size - 1}).`,
      );
    }
    const data = new Uint8ClampedArray(PIXELS * 4);
    for (let p = 0; p < PIXELS; p++) {
      const v = this.images[index * PIXELS + p]!;
      data[p * 4] = v;
      data[p * 4 + 1] = v;
      data[p * 4 + 2] = v;
      data[p * 4 + 3] = 255;
    }
    return { width: 28, height: 28, data, label: this.labels[index]! };
  }

  private positionsWhere(keep: (label: number) => boolean): number[] {
    const positions: number[] = [];
    this.labels.forEach((label, i) => {
      if (keep(label)) positions.push(i);
    });
    return positions;
  }
}

/**
 * Joins sets one after the other (a transfer set: labelled images, then the ones the teacher labels).
 * @param sets the sets to join, in order
 * @returns one set with every image and label
 * @example
 * const { train } = await loadMnist();
 * concatDigitSets([train.take(1, 1), train.take(2, 2)]).size
 */
export function concatDigitSets(sets: readonly DigitSet[]): DigitSet {
  const size = sets.reduce((sum, set) => sum + set.size, 0);
  const images = new Uint8Array(size * PIXELS);
  const labels = new Uint8Array(size);
  let at = 0;
  for (const set of sets) {
    images.set(set.images, at * PIXELS);
    labels.set(set.labels, at);
    at += set.size;
  }
  return new DigitSet(images, labels);
}

/** Maps each digit to its output position, checking the class list is valid. */
export function classIndex(classes: readonly number[]): Map<number, number> {
  checkDigits(classes, 'classes');
  return new Map(classes.map((digit, i) => [digit, i]));
}

function checkDigits(digits: readonly number[], what: string): Set<number> {
  if (!Array.isArray(digits) || digits.length === 0) {
    throw new Error(`${what}() needs at least one digit (0..9), got an empty list.`);
  }
  for (const d of digits) {
    if (!Number.isInteger(d) || d < 0 || d > 9)
      throw new Error(`${what}(): ${String(d)} is not a digit 0..9.`);
  }
  const set = new Set(digits);
  if (set.size !== digits.length)
    throw new Error(`${what}(): the list [${digits.join(', ')}] repeats a digit.`);
  return set;
}
