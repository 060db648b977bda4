import type { tf } from '../tf';
import type { DigitSet } from '../data/digit-set';
import { train, type TrainOptions, type TrainResult } from './train';
import type { Logits } from '../distill/logits';

export interface DistillOptions extends Omit<TrainOptions, 'distillFrom'> {
  teacher: tf.LayersModel;
  student: tf.LayersModel;
  /** The transfer set: images the student sees (they may lack some classes). */
  data: DigitSet;
  /** The teacher's logits on `data` then `unlabelled`, if already computed (see `logitsOf`). */
  logits?: Logits;
  temperature?: number;
  /** Weight of the teacher's soft targets (default 0.7); 1 - alpha goes to the true labels. */
  alpha?: number;
}

/**
 * Trains `student` to match `teacher`'s softened outputs (and the labels) on `data`.
 * @param options the teacher, the student, the images, the temperature (default 4) and alpha (default 0.7), and train's options
 * @returns what train returns: each epoch's loss and accuracy
 * @example
 * const { model: teacher } = await loadPretrained('teacher-cnn');
 * const { train: images } = await loadMnist();
 * await distill({ teacher, student: buildTinyCnn(), data: images.take(10, 1), epochs: 1 })
 */
export function distill(options: DistillOptions): Promise<TrainResult> {
  const { teacher, student, data, logits, temperature = 4, alpha = 0.7, ...rest } = options;
  const source = logits ? { logits } : { teacher };
  return train(student, data, { ...rest, distillFrom: { ...source, temperature, alpha } });
}
