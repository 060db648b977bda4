/**
 * The numbers the results table shows for one model: test accuracy and errors, size, speed and how
 * often it agrees with the teacher. Each figure is measured, on the backend the page runs on.
 */
import type { LayersModel } from '../tf';
import type { DigitSet } from '../data';
import { savedBytes, summarize } from '../models';
import { agreement, evaluate, measureLatency, type Evaluation } from '../evaluation';

export type StudentRole = 'distilled' | 'alone';
export type ModelRole = 'teacher' | StudentRole;

export interface LatencyPoint {
  batchSize: number;
  msPerImage: number;
}

export interface ModelReport {
  role: ModelRole;
  /** "teacher CNN", "MLP, 32 hidden units", ... */
  description: string;
  /** Share of test images classified correctly, 0..1. */
  accuracy: number;
  /** Misclassified test images (count - correct). */
  errors: number;
  /** Test images evaluated. */
  count: number;
  /** Accuracy on each digit 0..9 (NaN where the test set has none). */
  perClass: number[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  params: number;
  /** Size of the saved tfjs model (model.json topology + weight manifest + weights.bin), in KB. */
  kilobytes: number;
  /** Milliseconds per image at each measured batch size, after warm-up. */
  latency: LatencyPoint[];
  /** Teacher's ms per image divided by this model's, per batch size (1 for the teacher itself). */
  speedUp: number[];
  /** Share of test images where this model's top-1 answer equals the teacher's (1 for the teacher). */
  agreementWithTeacher: number;
}

export interface MeasureOptions {
  description: string;
  role: ModelRole;
  test: DigitSet;
  /** The teacher's top-1 answer for each test image, to measure agreement without running it again. */
  teacherLabels: readonly number[];
  /** Scores already known (the teacher's, which do not change between runs on the same test set). */
  evaluation?: Evaluation;
  /** The teacher's latency, to compute speed-ups; omit when measuring the teacher. */
  teacherLatency?: LatencyPoint[];
  latencyBatchSizes: number[];
  latencyRuns: number;
}

export async function measureModel(model: LayersModel, options: MeasureOptions): Promise<ModelReport> {
  const { role, test, teacherLabels } = options;
  const scores = options.evaluation ?? (await evaluate(model, test));
  const { params } = summarize(model);
  const bytes = await savedBytes(model);
  const latency = await measureLatency(model, {
    batchSizes: options.latencyBatchSizes,
    runs: options.latencyRuns,
  });
  const teacherLatency = options.teacherLatency ?? latency;
  const speedUp = latency.map((point) => {
    const reference = teacherLatency.find((other) => other.batchSize === point.batchSize);
    return reference ? reference.msPerImage / point.msPerImage : Number.NaN;
  });
  // The teacher agrees with itself by definition; only students are compared.
  const agreementWithTeacher = role === 'teacher' ? 1 : await agreement(model, teacherLabels, test);
  return {
    role,
    description: options.description,
    accuracy: scores.accuracy,
    errors: scores.errors,
    count: scores.count,
    perClass: scores.perClass,
    confusion: scores.confusion,
    params,
    kilobytes: bytes / 1024,
    latency,
    speedUp,
    agreementWithTeacher,
  };
}

/**
 * Share of the teacher-student gap that distillation recovers: 1 when the distilled student makes
 * as few errors as the teacher, 0 when it is no better than the student alone. Hinton et al.'s MNIST
 * figures give (146 - 74) / (146 - 67) = 91 %. Null when the student alone already matches the teacher.
 */
export function gapRecovered(errors: { teacher: number; distilled: number; alone: number }): number | null {
  const gap = errors.alone - errors.teacher;
  return gap > 0 ? (errors.alone - errors.distilled) / gap : null;
}
