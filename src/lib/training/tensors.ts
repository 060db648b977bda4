/**
 * The training set as tensors, made once per `train` call: images, one-hot labels, which images
 * are labelled, and the teacher's logits mapped to the student's outputs.
 */
import { tf } from '../tf';
import { concatDigitSets, type DigitSet } from '../data/digit-set';
import { logitsOf, type Logits } from '../distill/logits';

/** Where distillation's soft targets come from: a teacher model, or its logits already computed. */
export type DistillSource =
  | { teacher: tf.LayersModel; logits?: undefined }
  | {
      /** One row per image of `data`, then one per image of `unlabelled` (see `logitsOf`). */
      logits: Logits;
      teacher?: undefined;
    };

export type DistillFrom = DistillSource & { temperature: number; alpha: number };

export interface TrainingTensors {
  /** Images of `data`, then of `unlabelled`. */
  xs: tf.Tensor4D;
  /** One-hot labels; zero rows for the unlabelled images. */
  ys: tf.Tensor2D;
  /** 1 for labelled, 0 for unlabelled; null when there are no unlabelled images. */
  mask: tf.Tensor1D | null;
  /** The teacher's logits for each image, one column per student output; null without a teacher. */
  teacherLogits: tf.Tensor2D | null;
  size: number;
}

export async function trainingTensors(
  data: DigitSet,
  unlabelled: DigitSet | undefined,
  classes: readonly number[],
  distillFrom: DistillFrom | undefined,
): Promise<TrainingTensors> {
  const extra = unlabelled?.size ?? 0;
  const size = data.size + extra;
  let logits: Logits | null = null;
  if (distillFrom?.logits) logits = distillFrom.logits;
  else if (distillFrom?.teacher) {
    // Once per call, not once per batch: the teacher's forward pass was most of distillation's cost.
    logits = await logitsOf(distillFrom.teacher, extra ? concatDigitSets([data, unlabelled!]) : data);
  }
  const columns = logits ? teacherColumnsFor(logits, size, classes) : null;
  const made = tf.tidy(() => {
    const labelled = data.toTensors(classes);
    // The images are joined on the CPU and uploaded once: on WebGL, gathering each batch from a
    // tf.concat result made distillation with unlabelled images 1.6 to 3.4 times slower per epoch
    // than the same training on the same number of labelled images (measured in the benchmark).
    const xs = extra ? concatDigitSets([data, unlabelled!]).toImages() : labelled.xs;
    const ys = extra
      ? (tf.concat([labelled.ys, tf.zeros([extra, classes.length])]) as tf.Tensor2D)
      : labelled.ys;
    const made: tf.NamedTensorMap = { xs, ys };
    if (extra) made.mask = tf.concat([tf.ones([data.size]), tf.zeros([extra])]);
    if (logits) {
      const all = tf.tensor2d(logits.values, [size, logits.columns]);
      made.teacherLogits = columns ? tf.gather(all, columns, 1) : all;
    }
    return made;
  });
  return {
    xs: made.xs as tf.Tensor4D,
    ys: made.ys as tf.Tensor2D,
    mask: (made.mask as tf.Tensor1D | undefined) ?? null,
    teacherLogits: (made.teacherLogits as tf.Tensor2D | undefined) ?? null,
    size,
  };
}

/**
 * Which teacher outputs correspond to the student's classes: null when they are the same, the
 * student's digits when a 10-output teacher teaches a student of fewer digits.
 */
function teacherColumnsFor(logits: Logits, size: number, classes: readonly number[]): number[] | null {
  const { values, columns } = logits;
  if (values.length !== size * columns) {
    throw new Error(
      `The teacher's logits have ${values.length / columns} rows for ${size} training images: compute them for the labelled images, then the unlabelled ones.`,
    );
  }
  if (columns === classes.length) return null;
  if (columns === 10) return [...classes];
  throw new Error(
    `The teacher has ${columns} outputs and the student ${classes.length}: distillation needs them to score the same digits.`,
  );
}
