import { tf } from '../tf';
import { ALL_DIGITS, type DigitSet } from './digit-set';

/**
 * Number of outputs of a classifier.
 * @param model a classifier
 * @returns the size of its last layer: how many classes it tells apart
 * @example
 * outputCount(buildCnn({ classes: 5 })) // 5
 */
export function outputCount(model: tf.LayersModel): number {
  const shape = model.outputs[0]!.shape;
  return shape[shape.length - 1] as number;
}

/**
 * Which digit each output stands for. Given explicitly, or 0..9 for a 10-output model, or the
 * digits present in the data when their number matches the outputs (e.g. 5-9 for 5 outputs).
 * @param model the classifier
 * @param data the digits it will see
 * @param classes the digits its outputs stand for, if known
 * @returns the digit each output stands for
 * @example
 * resolveClasses(buildCnn({ classes: 10 }), (await loadMnist()).test, undefined) // [0, 1, ..., 9]
 */
export function resolveClasses(
  model: tf.LayersModel,
  data: DigitSet,
  classes: readonly number[] | undefined,
): readonly number[] {
  const outputs = outputCount(model);
  if (classes) {
    if (classes.length !== outputs) {
      throw new Error(
        `The model has ${outputs} outputs but classes lists ${classes.length} digits [${classes.join(', ')}].`,
      );
    }
    return classes;
  }
  if (outputs === 10) return ALL_DIGITS;
  const present = data.digits();
  if (present.length === outputs) return present;
  throw new Error(
    `The model has ${outputs} outputs and the data holds digits [${present.join(', ')}]: say which digit each output means with the classes option, e.g. classes: [5, 6, 7, 8, 9].`,
  );
}
