import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { loadMnist, type Mnist } from '../../../../src/lib/data';
import { agreement, evaluate, predict } from '../../../../src/lib/evaluation';
import { buildMlp } from '../../../../src/lib/models';
import { logitsOf, withRaisedBias } from '../../../../src/lib/distill';
import { trainingLogits } from '../../../../src/lib/experiments/distillation-data';
import {
  DEFAULT_CONFIGS,
  type DistillationConfig,
  type FinishedDistillation,
  epochCap,
  experimentData,
  gapRecovered,
  runDistillationExperiment,
  studentReport,
  validateDistillationConfig,
} from '../../../../src/lib/experiments/distillation';

// Tiny on purpose: Node trains on the CPU backend (the shipped teacher is read from public/models/).
const tiny = (experiment: DistillationConfig['experiment']): DistillationConfig => ({
  ...DEFAULT_CONFIGS[experiment],
  student: { kind: 'mlp', hidden: 8 },
  labelledPerClass: 2,
  transferImages: 100,
  validationPerClass: 3,
  maxEpochs: 2,
  testPerClass: 10,
  latencyBatchSizes: [1, 8],
  latencyRuns: 1,
});

let mnist: Mnist;
const finished: FinishedDistillation[] = [];
beforeAll(async () => {
  mnist = await loadMnist();
});
afterAll(() => finished.forEach((run) => run.models.dispose()));

describe('the data of each experiment', () => {
  it('keeps validation, labelled and teacher-labelled images apart, and leaves the digit out', () => {
    const transfer = experimentData(mnist.train, tiny('transfer-set'));
    const sets = [transfer.validation.positions, transfer.labelled.positions, transfer.unlabelled!.positions];
    expect(sets.map((s) => s.length)).toEqual([30, 20, 100]);
    expect(new Set(sets.flat()).size).toBe(150);
    expect(transfer.labelled.set.counts()).toEqual(new Array(10).fill(2));
    // Positions point at the very images: the labels agree with the training set's.
    transfer.labelled.positions.forEach((p, i) =>
      expect(transfer.labelled.set.labels[i]).toBe(mnist.train.labels[p]),
    );

    const same = experimentData(mnist.train, tiny('same-data'));
    expect(same.labelled.positions).toEqual(transfer.labelled.positions);
    expect(same.unlabelled).toBeNull();

    const missing = experimentData(mnist.train, { ...tiny('missing-digit'), transferImages: 'all' });
    expect(missing.labelled.set.counts()[3]).toBe(0);
    expect(missing.labelled.set.size).toBe(mnist.train.size - mnist.train.counts()[3]! - (30 - 3));
    expect(missing.stopping.counts()[3]).toBe(0);
    expect(missing.validation.set.counts()[3]).toBe(3);
  });
});

describe("the page's cache of the teacher's training-set logits", () => {
  it('runs the teacher once per image, only on the images asked for, and gives what logitsOf gives', async () => {
    const teacher = buildMlp({ hidden: 8, seed: 9 });
    const set = mnist.train.slice(0, 40);
    let scored = 0;
    const predict = teacher.predict.bind(teacher);
    teacher.predict = ((x: tf.Tensor) => {
      scored += x.shape[0]!;
      return predict(x);
    }) as typeof teacher.predict;
    const cache = trainingLogits(teacher, set);
    expect(trainingLogits(teacher, set)).toBe(cache);
    const a = { set: set.pick([3, 1, 4]), positions: [3, 1, 4] };
    const b = { set: set.pick([4, 10]), positions: [4, 10] };
    const first = await cache.of([a]);
    expect(scored).toBe(3);
    const both = await cache.of([a, b]);
    expect(scored).toBe(4);
    expect(both.values.length).toBe(5 * 10);
    const direct = await logitsOf(teacher, set.pick([3, 1, 4, 4, 10]));
    expect(Array.from(both.values)).toEqual(Array.from(direct.values));
    expect(Array.from(first.values)).toEqual(Array.from(direct.values.subarray(0, 30)));
    teacher.dispose();
  });
});

describe('the epoch cap', () => {
  it('gives every student as many images seen as the student with the most images', () => {
    // The transfer set's defaults: 8 epochs over 7,500 images is 60,000 images seen; alone on the
    // 100 labelled images that is 600 epochs.
    expect(epochCap(8, 100, 7500)).toBe(600);
    expect(epochCap(8, 7500, 7500)).toBe(8);
    // Same data: both students have 100 images, so both keep the cap as given.
    expect(epochCap(300, 100, 100)).toBe(300);
    // Rounded up (2 * 120 / 50 = 4.8), and never below the cap as given.
    expect(epochCap(2, 50, 120)).toBe(5);
    expect(epochCap(5, 200, 100)).toBe(5);
  });
});

describe('the distillation experiment', () => {
  it('trains three students on a transfer set and reports numbers a second code path confirms', async () => {
    const epochs: string[] = [];
    const outcome = await runDistillationExperiment(tiny('transfer-set'), {
      backend: 'cpu',
      onEpoch: (point) => epochs.push(`${point.student}:${point.epoch}`),
    });
    expect(outcome.status).toBe('done');
    const run = outcome as FinishedDistillation;
    finished.push(run);
    expect(run.backend.name).toBe('cpu');
    expect(run.students.map((s) => s.role)).toEqual(['alone', 'pseudo', 'distilled']);
    // validateEveryImages 1000 over 20 (or 120) images: validated only after each student's last
    // epoch. The students on 120 images may train 2 epochs (240 images seen); the one alone on 20
    // gets the same 240 images' worth: 12 epochs.
    expect(epochs).toEqual(['alone:0', 'pseudo:0', 'distilled:0', 'alone:12', 'pseudo:2', 'distilled:2']);
    expect(run.data).toMatchObject({ labelled: 20, unlabelled: 100, validation: 30 });
    const test = run.models.test;
    expect(test.size).toBe(100);
    for (const report of [run.teacher, ...run.students]) {
      expect(report.count).toBe(100);
      expect(report.latency.map((point) => point.batchSize)).toEqual([1, 8]);
      expect(report.kilobytes).toBeGreaterThan((report.params * 4) / 1024);
    }
    // Errors, from predict() (softmax then argmax, a second path), against the test labels.
    const distilled = studentReport(run, 'distilled')!;
    const answers = await predict(run.models.distilled, test);
    expect(distilled.errors).toBe(answers.filter((a, i) => a.label !== test.labels[i]).length);
    // Agreement, from evaluation's agreement(), which runs both models again.
    expect(distilled.agreementWithTeacher).toBeCloseTo(
      await agreement(run.models.teacher, run.models.distilled, test),
      10,
    );
    // An MLP with 8 hidden units: 784*8 + 8 + 8*10 + 10 weights, by hand.
    expect(distilled.params).toBe(6370);
    expect(run.teacher.params).toBe(108_618);
    expect(distilled.training).toMatchObject({ epochs: 2, bestEpoch: 2, images: 120 });
    expect(studentReport(run, 'pseudo')!.training!.images).toBe(120);
    expect(studentReport(run, 'alone')!.training).toMatchObject({ epochs: 12, images: 20 });
    // The teacher is not compared with itself.
    expect(run.teacher.speedUp).toBeUndefined();
    expect(run.teacher.agreementWithTeacher).toBeUndefined();
  });

  it('can leave out the student on pseudo-labels, and the other two learn exactly as with it', async () => {
    const outcome = await runDistillationExperiment(
      { ...tiny('transfer-set'), pseudoLabels: false },
      { backend: 'cpu' },
    );
    expect(outcome.status).toBe('done');
    const run = outcome as FinishedDistillation;
    finished.push(run);
    expect(run.students.map((s) => s.role)).toEqual(['alone', 'distilled']);
    // The same seed with the third student trained: the same errors, student by student.
    const withPseudo = (await runDistillationExperiment(tiny('transfer-set'), {
      backend: 'cpu',
    })) as FinishedDistillation;
    finished.push(withPseudo);
    expect(withPseudo.students).toHaveLength(3);
    for (const role of ['alone', 'distilled'] as const)
      expect(studentReport(run, role)!.errors).toBe(studentReport(withPseudo, role)!.errors);
  });

  it('leaves the 3s out of the transfer set, still scores every student on the test 3s, and raises the bias', async () => {
    const run = (await runDistillationExperiment(tiny('missing-digit'), {
      backend: 'cpu',
    })) as FinishedDistillation;
    finished.push(run);
    expect(run.data.counts[3]).toBe(0);
    const threes = run.models.test.counts()[3]!;
    const report = run.missingDigit!;
    expect(report.digit).toBe(3);
    expect(report.count).toBe(threes);
    expect(report.teacherAnswers.reduce((a, b) => a + b)).toBe(threes);
    expect(run.students.map((s) => s.role)).toEqual(['alone', 'distilled', 'adjusted']);
    for (const student of run.students) {
      expect(
        student.confusion[3]!.reduce((a, b) => a + b),
        student.role,
      ).toBe(threes);
      expect(Number.isNaN(student.perClass[3]), student.role).toBe(false);
    }
    expect(report.right.after).toBe(studentReport(run, 'adjusted')!.confusion[3]![3]);
    // The validation accuracies chooseBias reports, by a second path: evaluate() on the validation
    // slice, with the distilled student as trained and with its bias for 3 raised by the chosen amount.
    const validation = experimentData(mnist.train, tiny('missing-digit')).validation.set;
    expect((await evaluate(run.models.distilled, validation)).accuracy).toBeCloseTo(
      report.validationBefore,
      10,
    );
    const raised = await withRaisedBias(run.models.distilled, 3, report.bias);
    expect((await evaluate(raised, validation)).accuracy).toBeCloseTo(report.validationAfter, 10);
    raised.dispose();
  });

  it('stops when asked, frees what it made, and the same seed gives the same numbers', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const stopped = await runDistillationExperiment(tiny('same-data'), {
      backend: 'cpu',
      signal: controller.signal,
      onEpoch: (point) => {
        if (point.epoch === 0) controller.abort();
      },
    });
    expect(stopped.status).toBe('stopped');
    expect(tf.memory().numTensors).toBe(before);

    const runs = [];
    for (let i = 0; i < 2; i++) {
      const run = (await runDistillationExperiment(tiny('same-data'), {
        backend: 'cpu',
      })) as FinishedDistillation;
      finished.push(run);
      runs.push(run.students.map((s) => s.errors));
    }
    expect(runs[1]).toEqual(runs[0]);
  });

  it('refuses a configuration it cannot run, with a readable message', () => {
    const config = tiny('same-data');
    expect(() => validateDistillationConfig({ ...config, temperature: 50 })).toThrow(
      /temperature must be between 1 and 20/,
    );
    expect(() => validateDistillationConfig({ ...config, leaveOut: 12 })).toThrow(/only a digit 0 to 9/);
  });

  it('measures the recovered gap as Hinton et al. did', () => {
    expect(gapRecovered({ teacher: 67, alone: 146, distilled: 74 })).toBeCloseTo(0.911, 3);
    expect(gapRecovered({ teacher: 10, alone: 10, distilled: 9 })).toBeNull();
  });
});
