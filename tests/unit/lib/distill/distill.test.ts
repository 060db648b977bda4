import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { distillationLoss, softTargets, distill } from '../../../../src/lib/distill';
import { loadMnist } from '../../../../src/lib/data';
import { buildMlp } from '../../../../src/lib/models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('distillationLoss', () => {
  it('matches a hand-computed value: alpha T^2 soft CE + (1 - alpha) hard CE', () => {
    // Teacher logits [2 ln 3, 0] at T = 2 give soft targets [0.75, 0.25]; a student with equal
    // logits puts 0.5 on each, so both cross-entropies are ln 2: 0.5 * 4 * ln2 + 0.5 * ln2 = 2.5 ln 2.
    const loss = distillationLoss(
      tf.tensor2d([[0, 0]]),
      tf.tensor2d([[2 * Math.log(3), 0]]),
      tf.tensor2d([[1, 0]]),
      {
        temperature: 2,
        alpha: 0.5,
      },
    );
    expect(loss.dataSync()[0]).toBeCloseTo(2.5 * Math.log(2), 5);
    expect(softTargets(tf.tensor2d([[2 * Math.log(3), 0]]), 2).dataSync()[0]).toBeCloseTo(0.75, 6);
  });

  it('is the plain cross-entropy with the labels when alpha is 0', () => {
    const student = tf.tensor2d([[1, 2, 0.5]]);
    const labels = tf.tensor2d([[0, 1, 0]]);
    const plain = tf.losses.softmaxCrossEntropy(labels, student).dataSync()[0]!;
    const ours = distillationLoss(student, tf.tensor2d([[5, -1, 0]]), labels, { temperature: 3, alpha: 0 });
    expect(ours.dataSync()[0]).toBeCloseTo(plain, 5);
  });

  it('counts the hard-label term only for labelled images (mask), averaged over the whole batch', () => {
    // Two images, both with student logits [0, 0] and teacher logits [2 ln 3, 0] at T = 2: each
    // soft cross-entropy is ln 2 (see above), and so is each hard one. Only image 0 is labelled:
    // soft = ln 2, hard = (ln 2 + 0) / 2, so L = 0.5 * 4 * ln 2 + 0.5 * ln 2 / 2 = 2.25 ln 2.
    const loss = distillationLoss(
      tf.tensor2d([
        [0, 0],
        [0, 0],
      ]),
      tf.tensor2d([
        [2 * Math.log(3), 0],
        [2 * Math.log(3), 0],
      ]),
      tf.tensor2d([
        [1, 0],
        [0, 1],
      ]),
      { temperature: 2, alpha: 0.5 },
      tf.tensor1d([1, 0]),
    );
    expect(loss.dataSync()[0]).toBeCloseTo(2.25 * Math.log(2), 5);
    expect(() =>
      distillationLoss(tf.tensor2d([[0, 0]]), tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 0]]), {
        temperature: 2,
        alpha: 0.5,
      }, tf.tensor1d([1, 0])),
    ).toThrow(/one 0 or 1 per image/);
  });

  it('rejects bad settings with a clear message', () => {
    const t = tf.tensor2d([[0, 0]]);
    expect(() => distillationLoss(t, t, t, { temperature: 0, alpha: 0.5 })).toThrow(/temperature/);
    expect(() => distillationLoss(t, t, t, { temperature: 2, alpha: 1.5 })).toThrow(/alpha/);
    expect(() => distillationLoss(t, tf.tensor2d([[0, 0, 0]]), t, { temperature: 2, alpha: 0.5 })).toThrow(
      /same classes/,
    );
  });
});

describe('distill', () => {
  it('trains a student from a teacher on a transfer set that has no 3s, leaking no tensors', async () => {
    const { train } = await loadMnist();
    const teacher = buildMlp({ hidden: 16, seed: 1 });
    const student = buildMlp({ hidden: 4, seed: 2 });
    const before = tf.memory().numTensors;
    const result = await distill({
      teacher,
      student,
      data: train.without([3]).take(5, 1),
      temperature: 4,
      alpha: 0.7,
      epochs: 2,
      batchSize: 16,
    });
    expect(result.epochs).toHaveLength(2);
    expect(Number.isFinite(result.epochs[1]!.loss)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    teacher.dispose();
    student.dispose();
  });
});
