/**
 * The numbers the results table shows for one model: test accuracy and errors, size, speed and how
 * often it agrees with the teacher. Each figure is measured, on the backend the page runs on.
 */
import type { LayersModel } from '../tf';
import type { DigitSet } from '../data';
import { multiplyAdds, savedBytes, summarize } from '../models';
import { agreement, evaluate, measureLatency, type Evaluation } from '../evaluation';

/**
 * alone: hard labels only; pseudo: the teacher's top answers as labels; distilled: soft targets;
 * adjusted: the distilled student with the left-out digit's bias raised.
 */
export type StudentRole = 'alone' | 'pseudo' | 'distilled' | 'adjusted';
export type ModelRole = 'teacher' | StudentRole;

export interface StudentTraining {
  epochs: number;
  bestEpoch: number;
  /** Training images per epoch (labelled and unlabelled). */
  images: number;
  seconds: number;
  stoppedEarly: boolean;
}

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
  /** Multiply-adds per image (see `multiplyAdds`): a cost that does not depend on the backend. */
  multiplyAdds: number;
  /** How it was trained here: epochs run, the epoch whose weights it kept, seconds (not for the teacher). */
  training?: StudentTraining;
  /** Size of the saved tfjs model (model.json topology + weight manifest + weights.bin), in KB. */
  kilobytes: number;
  /** Milliseconds per image at each measured batch size, after warm-up. */
  latency: LatencyPoint[];
  /** Students only: the teacher's ms per image divided by this model's, per batch size. */
  speedUp?: number[];
  /** Students only: share of test images where this model's top-1 answer equals the teacher's. */
  agreementWithTeacher?: number;
}

export interface MeasureOptions {
  description: string;
  role: ModelRole;
  test: DigitSet;
  /** The teacher's top-1 answer for each test image, to measure agreement without running it again. */
  teacherLabels: readonly number[];
  /** Scores already known (the teacher's, which do not change between runs on the same test set). */
  evaluation?: Evaluation;
  training?: StudentTraining;
  /** For a student: the teacher's latency, to compute speed-ups (omit when measuring the teacher). */
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
  const student: Pick<ModelReport, 'speedUp' | 'agreementWithTeacher'> = {};
  if (options.teacherLatency) {
    const teacherLatency = options.teacherLatency;
    student.speedUp = latency.map((point) => {
      const reference = teacherLatency.find((other) => other.batchSize === point.batchSize);
      return reference ? reference.msPerImage / point.msPerImage : Number.NaN;
    });
    student.agreementWithTeacher = await agreement(model, teacherLabels, test);
  }
  return {
    role,
    description: options.description,
    accuracy: scores.accuracy,
    errors: scores.errors,
    count: scores.count,
    perClass: scores.perClass,
    confusion: scores.confusion,
    params,
    multiplyAdds: multiplyAdds(model),
    ...(options.training ? { training: options.training } : {}),
    kilobytes: bytes / 1024,
    latency,
    ...student,
  };
}

/**
 * Share of the teacher-student gap that distillation recovers: 1 when the distilled student makes
 * as few errors as the teacher, 0 when it is no better than the student alone. Hinton et al.'s MNIST
 * figures give (146 - 74) / (146 - 67) = 91 %. Null when the student alone already matches the teacher.
 * @param errors test errors of the teacher, the distilled student and the student alone
 * @returns the share of the gap between the student alone and the teacher that distillation closed, or null without a gap
 * @example
 * gapRecovered({ teacher: 20, distilled: 60, alone: 100 }) // 0.5
 */
export function gapRecovered(errors: { teacher: number; distilled: number; alone: number }): number | null {
  const gap = errors.alone - errors.teacher;
  return gap > 0 ? (errors.alone - errors.distilled) / gap : null;
}
