/**
 * What a finished distillation run leaves behind: the teacher and both students, ready for the
 * dark-knowledge view and the download. Owns the students (frees them in `dispose`), borrows the teacher.
 */
import { tf } from '../tf';
import type { LayersModel } from '../tf';
import type { DigitSet } from '../data';
import type { Prediction } from '../evaluation';
import { keepForCodeCells } from '../models/kept';

/** The probabilities behind one test digit: what the teacher says, softened, and what each student learned. */
export interface DarkKnowledge {
  index: number;
  label: number;
  /** RGBA pixels, 28 x 28, for a canvas. */
  image: { width: number; height: number; data: Uint8ClampedArray };
  temperature: number;
  /** softmax(teacher logits): what the hard answer hides. */
  teacherAt1: number[];
  /** softmax(teacher logits / T): the soft targets the distilled student was trained on. */
  teacherAtT: number[];
  /** The distilled student's softened probabilities: how close it came to the soft targets. */
  distilledAtT: number[];
  distilledAt1: number[];
  /** The student trained alone, softened the same way: what hard labels alone taught it. */
  aloneAtT: number[];
  aloneAt1: number[];
}

/**
 * The models a distillation run trained (teacher, students), kept for the demo's views; dispose() frees them.
 * @param parts the teacher, the distilled and the lone student, other students, the test set and the teacher's predictions
 * @example
 * const outcome = await runDistillationExperiment({ ...DEFAULT_CONFIGS['same-data'], maxEpochs: 1 });
 * if (outcome.status === 'done') outcome.models instanceof DistilledModels // true
 */
export class DistilledModels {
  readonly teacher: LayersModel;
  readonly distilled: LayersModel;
  readonly alone: LayersModel;
  /** The other students of the run (pseudo-labels, raised bias): freed with the rest. */
  readonly others: readonly LayersModel[];
  readonly test: DigitSet;
  readonly #teacherPredictions: readonly Prediction[];
  #disposed = false;

  constructor(parts: {
    teacher: LayersModel;
    distilled: LayersModel;
    alone: LayersModel;
    others?: readonly LayersModel[];
    test: DigitSet;
    /** The teacher's answers on `test`, already computed for the results table. */
    teacherPredictions: readonly Prediction[];
  }) {
    this.teacher = parts.teacher;
    this.distilled = parts.distilled;
    this.alone = parts.alone;
    this.others = parts.others ?? [];
    this.test = parts.test;
    this.#teacherPredictions = parts.teacherPredictions;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** The teacher's view of test image `index`, at T = 1 and at `temperature`, next to both students'. */
  async darkKnowledge(index: number, temperature: number): Promise<DarkKnowledge> {
    this.#assertAlive();
    if (!(Number.isInteger(index) && index >= 0 && index < this.test.size)) {
      throw new Error(`Pick a test digit between 0 and ${this.test.size - 1} (got ${index}).`);
    }
    const { width, height, data, label } = this.test.digitImage(index);
    const digit = this.test.slice(index, index + 1);
    const [teacherAt1, teacherAtT, distilledAt1, distilledAtT, aloneAt1, aloneAtT] = await Promise.all([
      softmaxOf(this.teacher, digit, 1),
      softmaxOf(this.teacher, digit, temperature),
      softmaxOf(this.distilled, digit, 1),
      softmaxOf(this.distilled, digit, temperature),
      softmaxOf(this.alone, digit, 1),
      softmaxOf(this.alone, digit, temperature),
    ]);
    return {
      index,
      label,
      image: { width, height, data },
      temperature,
      teacherAt1,
      teacherAtT,
      distilledAt1,
      distilledAtT,
      aloneAt1,
      aloneAtT,
    };
  }

  /**
   * Test digits on which the teacher is right but hesitates most (largest second-best probability):
   * the images whose soft targets carry the most "dark knowledge". Best first.
   */
  revealingDigits(count = 12): number[] {
    this.#assertAlive();
    return this.#teacherPredictions
      .map(({ label, probabilities }, index) => {
        const sorted = [...probabilities].sort((a, b) => b - a);
        return { index, right: label === this.test.labels[index], runnerUp: sorted[1] ?? 0 };
      })
      .filter((entry) => entry.right)
      .sort((a, b) => b.runnerUp - a.runnerUp)
      .slice(0, count)
      .map((entry) => entry.index);
  }

  /** Saves the distilled student as tfjs model files (`<name>.json` + `<name>.weights.bin`) in the reader's downloads. */
  async download(name = 'distilled-student'): Promise<void> {
    this.#assertAlive();
    await this.distilled.save(`downloads://${name}`);
  }

  /**
   * Keeps the distilled student in this browser for code cells, which load it again with
   * `await tf.loadLayersModel('indexeddb://distilled-student')` (see models/kept.ts).
   */
  async keepInBrowser(name = 'distilled-student'): Promise<string> {
    this.#assertAlive();
    return keepForCodeCells(this.distilled, name);
  }

  /** Frees every student's weights. The teacher is shared between runs and stays. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.distilled.dispose();
    this.alone.dispose();
    for (const model of this.others) model.dispose();
  }

  #assertAlive(): void {
    if (this.#disposed)
      throw new Error('These models were freed when a new run started; run the experiment again.');
  }
}

async function softmaxOf(model: LayersModel, digit: DigitSet, temperature: number): Promise<number[]> {
  const probabilities = tf.tidy(() => {
    const logits = model.predict(digit.toImages()) as tf.Tensor;
    return tf.softmax(tf.div(logits, temperature));
  });
  try {
    return Array.from(await probabilities.data());
  } finally {
    probabilities.dispose();
  }
}
