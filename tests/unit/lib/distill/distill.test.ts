import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { distillationLoss, softTargets, logitsOf } from '../../../../src/lib/distill';
import { loadMnist } from '../../../../src/lib/data';
import { buildMlp, loadPretrained } from '../../../../src/lib/models';
import { distill, train } from '../../../../src/lib/training';
import { evaluate } from '../../../../src/lib/evaluation';

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
      distillationLoss(
        tf.tensor2d([[0, 0]]),
        tf.tensor2d([[0, 0]]),
        tf.tensor2d([[1, 0]]),
        {
          temperature: 2,
          alpha: 0.5,
        },
        tf.tensor1d([1, 0]),
      ),
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
  it("maps the teacher's columns to a student of fewer digits: the loss a hand computation gives", async () => {
    // A 5-output student for digits 5-9 and the 10-output teacher: its soft targets must come from
    // the teacher's columns 5..9. With a learning rate of 0 the one batch's loss is the loss at the
    // starting weights, which plain JavaScript recomputes from both models' logits.
    const { train } = await loadMnist();
    const { model: teacher } = await loadPretrained('teacher-cnn');
    const student = buildMlp({ hidden: 4, classes: 5, seed: 3 });
    const digits = [5, 6, 7, 8, 9];
    const data = train.select(digits).take(2, 1);
    const [T, alpha] = [3, 0.6];
    const result = await distill({
      teacher,
      student,
      data,
      temperature: T,
      alpha,
      classes: digits,
      epochs: 1,
      batchSize: data.size,
      optimizer: 'sgd',
      learningRate: 0,
    });
    const s = await logitsOf(student, data);
    const t = await logitsOf(teacher, data);
    const logSoftmax = (row: number[]) => {
      const max = Math.max(...row);
      const log = Math.log(row.reduce((sum, v) => sum + Math.exp(v - max), 0)) + max;
      return row.map((v) => v - log);
    };
    let total = 0;
    for (let i = 0; i < data.size; i++) {
      const z = Array.from(s.values.subarray(i * 5, i * 5 + 5));
      const teacherRow = digits.map((d) => t.values[i * 10 + d]!);
      const targets = logSoftmax(teacherRow.map((v) => v / T)).map(Math.exp);
      const studentAtT = logSoftmax(z.map((v) => v / T));
      const soft = -targets.reduce((sum, p, k) => sum + p * studentAtT[k]!, 0);
      const hard = -logSoftmax(z)[digits.indexOf(data.labels[i]!)]!;
      total += alpha * T * T * soft + (1 - alpha) * hard;
    }
    expect(result.epochs[0]!.loss).toBeCloseTo(total / data.size, 4);
    teacher.dispose();
    student.dispose();
  });

  it('teaches a student about 3s from a transfer set without a single 3, and the student is scored on 3s', async () => {
    const mnist = await loadMnist();
    const { test } = mnist;
    const { model: teacher } = await loadPretrained('teacher-cnn');
    const data = mnist.train.without([3]).take(5, 1);
    expect(data.counts()[3]).toBe(0);
    const before = tf.memory().numTensors;
    const settings = { epochs: 15, batchSize: 15, seed: 1, learningRate: 0.01 };
    const distilled = buildMlp({ hidden: 16, seed: 2 });
    await distill({ teacher, student: distilled, data, temperature: 4, alpha: 1, ...settings });
    const alone = buildMlp({ hidden: 16, seed: 2 });
    await train(alone, data, settings);
    expect(tf.memory().numTensors).toBe(before + 8);
    // Output 3 of the distilled student learned the teacher's column 3 (its probability for "3" on
    // these non-3 images, at T = 4), which labels alone only push towards zero.
    const meanThree = async (model: tf.LayersModel) => {
      const logits = await logitsOf(model, data);
      let sum = 0;
      for (let i = 0; i < data.size; i++) {
        const row = Array.from(logits.values.subarray(i * 10, i * 10 + 10)).map((v) => v / 4);
        const max = Math.max(...row);
        const exp = row.map((v) => Math.exp(v - max));
        sum += exp[3]! / exp.reduce((a, b) => a + b, 0);
      }
      return sum / data.size;
    };
    const [teacherThree, distilledThree, aloneThree] = await Promise.all([
      meanThree(teacher),
      meanThree(distilled),
      meanThree(alone),
    ]);
    expect(Math.abs(distilledThree - teacherThree)).toBeLessThan(Math.abs(aloneThree - teacherThree) / 2);
    // Scored on every test 3 all the same: the row for 3 holds all of them.
    const scores = await evaluate(distilled, test);
    expect(scores.confusion[3]!.reduce((a, b) => a + b)).toBe(test.counts()[3]);
    expect(Number.isFinite(scores.perClass[3])).toBe(true);
    for (const model of [teacher, distilled, alone]) model.dispose();
  });
});
