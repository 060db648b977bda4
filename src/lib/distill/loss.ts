/**
 * Knowledge distillation (Hinton, Vinyals and Dean, 2015): a student learns from the teacher's
 * softened probabilities as well as from the true labels.
 */
import { tf } from '../tf';

export interface DistillationSettings {
  /** T: above 1 softens both distributions so the small probabilities ("dark knowledge") count. */
  temperature: number;
  /** Weight of the soft (teacher) loss; 1 - alpha weighs the hard-label loss. */
  alpha: number;
}

/**
 * For each image i: alpha * T^2 * crossEntropy(softmax(teacher_i / T), softmax(student_i / T))
 *   + (1 - alpha) * mask_i * crossEntropy(label_i, softmax(student_i)), averaged over the batch.
 * The T^2 keeps the soft term's gradients the same size whatever T is (they shrink as 1/T^2).
 * `mask` (one 0 or 1 per image, default all 1) says which images have a label: an unlabelled image
 * (mask 0) teaches only through the teacher's soft targets, and its row of `oneHotLabels` is ignored.
 * The batch mean divides by every image, labelled or not, so a labelled image weighs the same in a
 * batch of mixed images as in a batch of labelled ones.
 * @param studentLogits the student's scores, [n, classes]
 * @param teacherLogits the teacher's scores, [n, classes]
 * @param oneHotLabels the true labels, one-hot [n, classes]
 * @param settings the temperature T (above 0) and alpha, the weight of the soft term (0 to 1)
 * @param mask one 0 or 1 per image: 0 for an image without a label (default: all labelled)
 * @returns the loss, a scalar tensor
 * @example
 * const s = tf.randomNormal<tf.Rank.R2>([4, 10]);
 * const t = tf.randomNormal<tf.Rank.R2>([4, 10]);
 * const y = tf.oneHot(tf.tensor1d([1, 2, 3, 4], 'int32'), 10).toFloat() as tf.Tensor2D;
 * distillationLoss(s, t, y, { temperature: 4, alpha: 0.9 })
 */
export function distillationLoss(
  studentLogits: tf.Tensor2D,
  teacherLogits: tf.Tensor2D,
  oneHotLabels: tf.Tensor2D,
  { temperature, alpha }: DistillationSettings,
  mask?: tf.Tensor1D,
): tf.Scalar {
  checkSettings({ temperature, alpha });
  if (studentLogits.shape[1] !== teacherLogits.shape[1]) {
    throw new Error(
      `The student has ${studentLogits.shape[1]} outputs but the teacher has ${teacherLogits.shape[1]}: they must score the same classes.`,
    );
  }
  if (mask && mask.shape[0] !== studentLogits.shape[0]) {
    throw new Error(
      `The mask has ${mask.shape[0]} entries for ${studentLogits.shape[0]} images: give one 0 or 1 per image.`,
    );
  }
  return tf.tidy(() => {
    const softTargets = tf.softmax(tf.div(teacherLogits, temperature));
    const studentSoft = tf.logSoftmax(tf.div(studentLogits, temperature));
    const soft = tf.neg(tf.mean(tf.sum(tf.mul(softTargets, studentSoft), -1)));
    const perImage = tf.sum(tf.mul(oneHotLabels, tf.logSoftmax(studentLogits)), -1);
    const hard = tf.neg(tf.mean(mask ? tf.mul(perImage, mask) : perImage));
    return tf.add(tf.mul(soft, alpha * temperature * temperature), tf.mul(hard, 1 - alpha)) as tf.Scalar;
  });
}

/**
 * softmax(logits / T): the teacher's softened probabilities the student learns from.
 * @param logits scores, [n, classes]
 * @param temperature T, above 0: higher softens more
 * @returns the softened probabilities, [n, classes]
 * @example
 * softTargets(tf.tensor2d([[2, 1, 0]]), 4)
 */
export function softTargets(logits: tf.Tensor2D, temperature: number): tf.Tensor2D {
  if (!(temperature > 0)) throw new Error(`The temperature must be above 0, got ${temperature}.`);
  return tf.tidy(() => tf.softmax(tf.div(logits, temperature)) as tf.Tensor2D);
}

export function checkSettings({ temperature, alpha }: DistillationSettings): void {
  if (!(temperature > 0)) throw new Error(`The temperature must be above 0, got ${temperature}.`);
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`alpha is a weight between 0 and 1, got ${alpha}.`);
}
