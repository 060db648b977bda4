import { tf } from '../tf';
import { distillationLoss, type DistillationSettings } from '../distill/loss';
import type { OptimizerGroup } from './optimizers';

/** Everything one optimisation step needs; the tensors hold the whole training set. */
export interface StepInput {
  model: tf.LayersModel;
  xs: tf.Tensor4D;
  /** One-hot labels (a zero row for an unlabelled image). */
  ys: tf.Tensor2D;
  /** 1 for a labelled image, 0 for an unlabelled one; null when every image is labelled. */
  mask: tf.Tensor1D | null;
  /** The teacher's logits for every image, already mapped to the student's outputs; null without a teacher. */
  teacherLogits: tf.Tensor2D | null;
  distillation: DistillationSettings | null;
  indices: number[];
  groups: OptimizerGroup[];
}

/**
 * One optimisation step on the given examples: computes the loss, applies the gradients, and
 * returns [loss x batch size, labelled images classified correctly] as a tensor the caller owns.
 * Nothing is read back here, so the GPU never waits for the CPU between batches.
 */
export function trainStep(input: StepInput): tf.Tensor1D {
  const { model, xs, ys, mask, teacherLogits, distillation, indices, groups } = input;
  return tf.tidy(() => {
    const index = tf.tensor1d(indices, 'int32');
    const bx = tf.gather(xs, index);
    const by = tf.gather(ys, index) as tf.Tensor2D;
    const bm = mask ? (tf.gather(mask, index) as tf.Tensor1D) : undefined;
    const bt = teacherLogits ? (tf.gather(teacherLogits, index) as tf.Tensor2D) : null;
    let logits: tf.Tensor2D | null = null;
    const variables = groups.flatMap((g) => g.variables);
    const { value, grads } = tf.variableGrads(() => {
      const out = model.apply(bx, { training: true }) as tf.Tensor2D;
      // Kept past the gradient computation so the accuracy needs no second forward pass.
      logits = tf.keep(out);
      return distillation && bt
        ? distillationLoss(out, bt, by, distillation, bm)
        : (tf.losses.softmaxCrossEntropy(by, out) as tf.Scalar);
    }, variables);
    for (const group of groups) {
      const own: tf.NamedTensorMap = {};
      for (const v of group.variables) own[v.name] = grads[v.name]!;
      group.optimizer.applyGradients(own);
    }
    const kept = logits as unknown as tf.Tensor2D;
    // An unlabelled image has a zero label row, so its "hit" is multiplied away by the mask.
    let hits = tf.cast(tf.equal(tf.argMax(kept, -1), tf.argMax(by, -1)), 'float32');
    if (bm) hits = tf.mul(hits, bm);
    const correct = tf.sum(hits);
    kept.dispose();
    return tf.stack([tf.mul(value, indices.length), correct]) as tf.Tensor1D;
  });
}
