import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import {
  DEFAULT_DISTILLATION_CONFIG,
  type DistillationConfig,
  type FinishedDistillation,
  gapRecovered,
  runDistillationExperiment,
  validateDistillationConfig,
} from '../../../../src/lib/experiments/distillation';

// Tiny on purpose: Node trains on the CPU backend (the shipped teacher is read from public/models/).
const tiny: DistillationConfig = {
  ...DEFAULT_DISTILLATION_CONFIG,
  teacher: { kind: 'shipped' },
  student: { kind: 'mlp', hidden: 8 },
  temperature: 4,
  transferPerClass: 10,
  epochs: 1,
  batchSize: 32,
  testPerClass: 10,
  latencyBatchSizes: [1, 8],
  latencyRuns: 1,
};

const finished: FinishedDistillation[] = [];
afterAll(() => finished.forEach((run) => run.models.dispose()));

describe('the distillation experiment', () => {
  it('trains two students from the same start and reports consistent numbers', async () => {
    const epochs: string[] = [];
    const outcome = await runDistillationExperiment(tiny, {
      backend: 'cpu',
      onEpoch: (point) => epochs.push(`${point.student}:${point.epoch}`),
    });
    expect(outcome.status).toBe('done');
    const run = outcome as FinishedDistillation;
    finished.push(run);
    expect(run.backend.name).toBe('cpu');
    expect(epochs).toEqual(['alone:0', 'distilled:0', 'alone:1', 'distilled:1']);
    // Same initial weights: the shared starting point is one accuracy for both students.
    const starts = run.curves.filter((point) => point.epoch === 0).map((point) => point.testAccuracy);
    expect(starts[0]).toBe(starts[1]);
    expect(run.transferSet.size).toBe(100);
    for (const report of [run.teacher, run.distilled, run.alone]) {
      expect(report.count).toBe(100);
      expect(report.errors).toBe(Math.round((1 - report.accuracy) * report.count));
      expect(report.latency.map((point) => point.batchSize)).toEqual([1, 8]);
      for (const point of report.latency) expect(point.msPerImage).toBeGreaterThan(0);
      expect(report.kilobytes).toBeGreaterThan((report.params * 4) / 1024);
    }
    expect(run.distilled.params).toBe(run.alone.params);
    expect(run.distilled.params).toBeLessThan(run.teacher.params / 10);
    expect(run.teacher.agreementWithTeacher).toBe(1);
    expect(run.teacher.speedUp).toEqual([1, 1]);
  });

  it('shows the dark knowledge of one digit as probability vectors', async () => {
    const run = finished[0]!;
    const [first] = run.models.revealingDigits(3);
    const knowledge = await run.models.darkKnowledge(first ?? 0, 4);
    for (const probabilities of [
      knowledge.teacherAt1,
      knowledge.teacherAtT,
      knowledge.distilledAtT,
      knowledge.aloneAt1,
    ]) {
      expect(probabilities).toHaveLength(10);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    // A higher temperature flattens the teacher's distribution.
    expect(Math.max(...knowledge.teacherAtT)).toBeLessThanOrEqual(Math.max(...knowledge.teacherAt1) + 1e-6);
  });

  it('stops when asked, frees what it made, and the same seed gives the same numbers', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const stopped = await runDistillationExperiment(tiny, {
      backend: 'cpu',
      signal: controller.signal,
      onEpoch: (point) => {
        if (point.epoch === 0) controller.abort();
      },
    });
    expect(stopped.status).toBe('stopped');
    expect(tf.memory().numTensors).toBe(before);

    const again = (await runDistillationExperiment(tiny, { backend: 'cpu' })) as FinishedDistillation;
    finished.push(again);
    expect(again.distilled.errors).toBe(finished[0]!.distilled.errors);
    expect(again.alone.errors).toBe(finished[0]!.alone.errors);
  });

  it('refuses a configuration it cannot run, with a readable message', () => {
    expect(() => validateDistillationConfig({ ...tiny, temperature: 50 })).toThrow(
      /temperature must be between 1 and 20/,
    );
    expect(() => validateDistillationConfig({ ...tiny, leaveOut: [3, 12] })).toThrow(/only digits 0 to 9/);
  });

  it('measures the recovered gap as Hinton et al. did', () => {
    expect(gapRecovered({ teacher: 67, alone: 146, distilled: 74 })).toBeCloseTo(0.911, 3);
    expect(gapRecovered({ teacher: 10, alone: 10, distilled: 9 })).toBeNull();
  });
});
