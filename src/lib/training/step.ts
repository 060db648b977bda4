import { tf } from '../tf';
import { distillationLoss } from '../distill/loss';
import type { OptimizerGroup } from './train';

export interface StepInput {
  model: tf.LayersModel;
  xs: tf.Tensor4D;
  ys: tf.Tensor2D;
  indices: number[];
  groups: OptimizerGroup[];
  distillFrom?: { teacher: tf.LayersModel; temperature: number; alpha: number } | undefined;
  teacherColumns: number[] | null;
}

/** One optimisation step on the given examples; resolves to [loss, number classified correctly]. */
export async function lossAndAccuracy(input: StepInput): Promise<[number, number]> {
  const { model, xs, ys, indices, groups, distillFrom, teacherColumns } = input;
  const result = tf.tidy(() => {
    const index = tf.tensor1d(indices, 'int32');
    const bx = tf.gather(xs, index);
    const by = tf.gather(ys, index) as tf.Tensor2D;
    const teacherLogits = distillFrom
      ? tf.tidy(() => {
          const all = distillFrom.teacher.predict(bx) as tf.Tensor2D;
          return teacherColumns ? (tf.gather(all, teacherColumns, 1) as tf.Tensor2D) : all;
        })
      : null;
    let logits: tf.Tensor2D | null = null;
    const variables = groups.flatMap((g) => g.variables);
    const { value, grads } = tf.variableGrads(() => {
      const out = model.apply(bx, { training: true }) as tf.Tensor2D;
      // Kept past the gradient computation so the accuracy needs no second forward pass.
      logits = tf.keep(out);
      return distillFrom && teacherLogits
        ? distillationLoss(out, teacherLogits, by, distillFrom)
        : (tf.losses.softmaxCrossEntropy(by, out) as tf.Scalar);
    }, variables);
    for (const group of groups) {
      const own: tf.NamedTensorMap = {};
      for (const v of group.variables) own[v.name] = grads[v.name]!;
      group.optimizer.applyGradients(own);
    }
    const kept = logits as unknown as tf.Tensor2D;
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(kept, -1), tf.argMax(by, -1)), 'float32'));
    kept.dispose();
    return tf.stack([value, correct]);
  });
  const [loss, correct] = await result.data();
  result.dispose();
  return [loss!, correct!];
}
