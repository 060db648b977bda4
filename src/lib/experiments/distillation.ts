/**
 * Hinton, Vinyals and Dean (2015, section 3) in the browser, as three experiments (see
 * `ExperimentKind`). Every student starts from the SAME initial weights and trains until its
 * accuracy on a held-out validation slice stops improving (keeping its best weights), so no side
 * gets a training budget that favours it. Everything the distillation demo shows comes from
 * `runDistillationExperiment`; the component only draws it.
 */
import type { LayersModel } from '../tf';
import { useBackend } from '../backend/select';
import type { BackendChoice } from '../backend/names';
import type { BackendPreference } from '../backend/names';
import { concatDigitSets, loadMnist, type DigitSet } from '../data';
import { buildMlp, buildTinyCnn, cloneModel } from '../models';
import { train, type TrainOptions } from '../training';
import { evaluate, predict, type Evaluation, type Prediction } from '../evaluation';
import { chooseBias, logitsOf, pickLogits, withRaisedBias, type Logits } from '../distill';
import { type DistillationConfig, describeStudent, validateDistillationConfig } from './distillation-config';
import {
  type ModelReport,
  type StudentRole,
  type StudentTraining,
  gapRecovered,
  measureModel,
} from './model-report';
import { experimentData, pseudoLabelled, trainingLogits, type ExperimentData } from './distillation-data';
import { DistilledModels } from './distilled-models';
import { obtainTeacher } from './teacher';

export * from './distillation-config';
export type { ModelReport, ModelRole, StudentRole, LatencyPoint, StudentTraining } from './model-report';
export { gapRecovered } from './model-report';
export { experimentData, type ExperimentData } from './distillation-data';
export { DistilledModels, type DarkKnowledge } from './distilled-models';

export type DistillationPhase = 'preparing' | 'teacher' | 'training' | 'adjusting' | 'measuring';

export interface DistillationProgress {
  phase: DistillationPhase;
  /** Whole experiment, 0..1. */
  fraction: number;
  message: string;
}

/** One point of a learning curve: validation accuracy after an epoch (epoch 0 = the shared start). */
export interface CurvePoint {
  student: StudentRole;
  epoch: number;
  /** Training images seen so far (epochs differ in size between students). */
  images: number;
  /** Accuracy on the held-out validation slice, 0..1. */
  valAccuracy: number;
}

export interface DistillationHooks {
  signal?: AbortSignal;
  /** Which backend to ask for; the default is the reader's saved choice or 'auto'. */
  backend?: BackendPreference;
  onProgress?(progress: DistillationProgress): void;
  onEpoch?(point: CurvePoint): void;
  /** Called once the backend is chosen, so the page can say where the work runs. */
  onBackend?(choice: BackendChoice): void;
}

interface RunBasics {
  config: DistillationConfig;
  backend: BackendChoice;
  curves: CurvePoint[];
  seconds: number;
}

/** The missing-digit experiment's own numbers: what raising the digit's bias did. */
export interface MissingDigitReport {
  digit: number;
  /** Added to the distilled student's bias for the digit; chosen on the validation slice. */
  bias: number;
  /** Validation accuracy (all digits) before and after the change. */
  validationBefore: number;
  validationAfter: number;
  /** Test images of the digit, and how many of them each model gets right. */
  count: number;
  right: { teacher: number; alone: number; before: number; after: number };
  /** What the teacher answers for the test images of the digit: a count for each digit 0..9. */
  teacherAnswers: number[];
}

export interface FinishedDistillation extends RunBasics {
  status: 'done';
  data: {
    labelled: number;
    unlabelled: number;
    validation: number;
    /** Training images per digit, labelled and unlabelled together. */
    counts: number[];
  };
  teacher: ModelReport;
  /** One report per student, in the order the table shows them: alone first. */
  students: ModelReport[];
  /** For each student but the one alone: the share of the teacher-student gap it closes. */
  gapRecovered: Partial<Record<StudentRole, number | null>>;
  missingDigit: MissingDigitReport | null;
  /** Where the teacher came from: its card's description, or how it was trained here. */
  teacherOrigin: string;
  /** The trained models, kept for the dark-knowledge view and the download. Call `dispose()` when done. */
  models: DistilledModels;
}

export interface StoppedDistillation extends RunBasics {
  status: 'stopped';
  /** The phase that was under way when the reader pressed Stop. */
  phase: DistillationPhase;
}

export type DistillationOutcome = FinishedDistillation | StoppedDistillation;

export { studentReport } from './student-report';

interface StudentPlan {
  role: StudentRole;
  label: string;
  data: DigitSet;
  options: Pick<TrainOptions, 'unlabelled' | 'distillFrom'>;
}

/**
 * Runs one experiment. Resolves with `status: 'stopped'` (and frees everything it made) if
 * `signal` aborts at any point; throws only for genuine failures, with a message a reader understands.
 * @param config the experiment (see DEFAULT_CONFIGS)
 * @param hooks a signal to stop, progress callbacks and the backend to run on
 * @returns the teacher's and each student's test errors, size and speed, or status 'stopped'
 * @example
 * const outcome = await runDistillationExperiment({ ...DEFAULT_CONFIGS['same-data'], maxEpochs: 2 });
 * if (outcome.status === 'done') outcome.models.dispose();
 */
export async function runDistillationExperiment(
  config: DistillationConfig,
  hooks: DistillationHooks = {},
): Promise<DistillationOutcome> {
  validateDistillationConfig(config);
  const started = performance.now();
  const { signal } = hooks;
  const curves: CurvePoint[] = [];
  let phase: DistillationPhase = 'preparing';
  let span: [number, number] = [0, 0.03];
  const report = (fractionOfPhase: number, message: string) => {
    const [from, to] = span;
    hooks.onProgress?.({
      phase,
      fraction: from + (to - from) * Math.min(1, Math.max(0, fractionOfPhase)),
      message,
    });
  };
  const enter = (next: DistillationPhase, from: number, to: number) => {
    phase = next;
    span = [from, to];
  };

  report(0, 'Choosing a backend…');
  const backend = await useBackend(hooks.backend ?? 'auto');
  hooks.onBackend?.(backend);
  const basics = (): RunBasics => ({
    config,
    backend,
    curves,
    seconds: (performance.now() - started) / 1000,
  });
  const stopped = (): StoppedDistillation => ({ ...basics(), status: 'stopped', phase });

  // Everything made during the run is listed here, so a Stop or an error frees it all.
  const owned: LayersModel[] = [];
  const disposeOwned = () => owned.splice(0).forEach((model) => model.dispose());
  try {
    report(0.3, 'Loading MNIST…');
    const { train: trainSet, test: fullTest } = await loadMnist({ signal });
    if (signal?.aborted) return stopped();
    const test =
      config.testPerClass === 'all'
        ? fullTest
        : fullTest.take(Math.min(config.testPerClass, minCount(fullTest)), config.seed);
    const data = experimentData(trainSet, config);

    enter('teacher', 0.03, 0.1);
    report(0, config.teacher.kind === 'shipped' ? 'Loading the teacher…' : 'Training a teacher…');
    const teacher = await obtainTeacher(config.teacher, trainSet, {
      seed: config.seed,
      signal,
      onProgress: (fraction) => report(fraction * 0.8, 'Training a teacher…'),
    });
    if (!teacher || signal?.aborted) return stopped();
    report(0.8, 'Scoring the training images with the teacher (each image once per page)…');
    const cache = trainingLogits(teacher.model, trainSet);
    const parts = data.unlabelled ? [data.labelled, data.unlabelled] : [data.labelled];
    const logits = await cache.of(parts, signal);
    if (signal?.aborted) return stopped();

    const plans = studentPlans(config, data, logits);
    // Same architecture, same initial weights: the only difference between the students will be
    // what they are taught.
    const first = buildStudent(config);
    owned.push(first);
    const models = new Map<StudentRole, LayersModel>([[plans[0]!.role, first]]);
    for (const plan of plans.slice(1)) {
      const copy = await cloneModel(first);
      owned.push(copy);
      models.set(plan.role, copy);
    }
    const start = (await evaluate(first, data.stopping)).accuracy;
    for (const plan of plans) {
      const point: CurvePoint = { student: plan.role, epoch: 0, images: 0, valAccuracy: start };
      curves.push(point);
      hooks.onEpoch?.(point);
    }

    const trained = new Map<StudentRole, StudentTraining>();
    const share = 0.8 / plans.length;
    const sizes = plans.map((plan) => plan.data.size + (plan.options.unlabelled?.size ?? 0));
    for (const [i, plan] of plans.entries()) {
      enter('training', 0.1 + i * share, 0.1 + (i + 1) * share);
      const model = models.get(plan.role)!;
      const images = sizes[i]!;
      const maxEpochs = epochCap(config.maxEpochs, images, Math.max(...sizes));
      const validateEvery = Math.max(1, Math.round(config.validateEveryImages / images));
      // Early stopping makes the length unknown: the bar creeps towards the end of the phase.
      const scale = validateEvery * (config.patience + 1);
      let best = start;
      let bestEpoch = 0;
      report(0, `${plan.label}…`);
      const history = await train(model, plan.data, {
        ...plan.options,
        epochs: maxEpochs,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        seed: config.seed,
        validation: data.stopping,
        validateEvery,
        earlyStopping: { patience: config.patience, restoreBest: true },
        signal,
        onBatch: ({ epoch, batch, batches }) => {
          const done = epoch - 1 + batch / batches;
          const bestText =
            bestEpoch > 0 ? `, best validation accuracy ${percent(best)} at epoch ${bestEpoch}` : '';
          report(1 - Math.exp(-done / scale), `${plan.label}: epoch ${epoch}${bestText}`);
        },
        onEpoch: ({ epoch, valAccuracy }) => {
          if (valAccuracy === undefined) return;
          if (valAccuracy > best) [best, bestEpoch] = [valAccuracy, epoch];
          const point: CurvePoint = { student: plan.role, epoch, images: epoch * images, valAccuracy };
          curves.push(point);
          hooks.onEpoch?.(point);
        },
      });
      if (history.stoppedBecause === 'aborted' || signal?.aborted) {
        disposeOwned();
        return stopped();
      }
      trained.set(plan.role, {
        epochs: history.epochs.length,
        bestEpoch: history.bestEpoch ?? history.epochs.length,
        images,
        seconds: history.seconds,
        stoppedEarly: history.stoppedBecause === 'early stopping',
      });
    }

    enter('measuring', 0.9, 1);
    report(0, 'Measuring the teacher…');
    const known = await teacherOnTest(teacher.model, test, testKey(config));
    if (signal?.aborted) return (disposeOwned(), stopped());

    let missingDigit: MissingDigitReport | null = null;
    if (config.experiment === 'missing-digit') {
      phase = 'adjusting';
      report(0.1, `Choosing a bias for the ${config.leaveOut}s on the validation slice…`);
      const distilled = models.get('distilled')!;
      const validationLogits = await logitsOf(distilled, data.validation.set);
      const choice = chooseBias(validationLogits, data.validation.set.labels, config.leaveOut);
      const adjusted = await withRaisedBias(distilled, config.leaveOut, choice.bias);
      owned.push(adjusted);
      models.set('adjusted', adjusted);
      trained.set('adjusted', trained.get('distilled')!);
      missingDigit = {
        digit: config.leaveOut,
        bias: choice.bias,
        validationBefore: choice.accuracyBefore,
        validationAfter: choice.accuracyAfter,
        count: test.counts()[config.leaveOut]!,
        right: { teacher: 0, alone: 0, before: 0, after: 0 },
        teacherAnswers: known.evaluation.confusion[config.leaveOut]!,
      };
      phase = 'measuring';
    }

    const common = {
      test,
      teacherLabels: known.predictions.map((p) => p.label),
      latencyBatchSizes: config.latencyBatchSizes,
      latencyRuns: config.latencyRuns,
    };
    // The teacher's latency is measured again on every run, in the same conditions as the students'.
    const teacherReport = await measureModel(teacher.model, {
      ...common,
      role: 'teacher',
      description: teacher.description,
      evaluation: known.evaluation,
    });
    if (signal?.aborted) return (disposeOwned(), stopped());
    const description = describeStudent(config.student);
    const students: ModelReport[] = [];
    for (const [role, model] of models) {
      report(0.2 + (0.8 * students.length) / models.size, `Measuring the ${ROLE_TEXT[role]}…`);
      students.push(
        await measureModel(model, {
          ...common,
          role,
          description,
          training: trained.get(role)!,
          teacherLatency: teacherReport.latency,
        }),
      );
      if (signal?.aborted) return (disposeOwned(), stopped());
    }
    if (missingDigit) {
      const digit = missingDigit.digit;
      const right = (r: ModelReport) => r.confusion[digit]![digit]!;
      const find = (role: StudentRole) => students.find((s) => s.role === role)!;
      missingDigit.right = {
        teacher: right(teacherReport),
        alone: right(find('alone')),
        before: right(find('distilled')),
        after: right(find('adjusted')),
      };
    }
    report(1, 'Done.');

    const alone = students.find((s) => s.role === 'alone')!;
    const gaps: Partial<Record<StudentRole, number | null>> = {};
    for (const s of students) {
      if (s.role !== 'alone')
        gaps[s.role as StudentRole] = gapRecovered({
          teacher: teacherReport.errors,
          distilled: s.errors,
          alone: alone.errors,
        });
    }
    const counts = data.labelled.set.counts();
    data.unlabelled?.set.counts().forEach((count, digit) => (counts[digit]! += count));
    owned.length = 0; // Handed over to the caller through `models`.
    return {
      ...basics(),
      status: 'done',
      data: {
        labelled: data.labelled.set.size,
        unlabelled: data.unlabelled?.set.size ?? 0,
        validation: data.stopping.size,
        counts,
      },
      teacher: teacherReport,
      students,
      gapRecovered: gaps,
      missingDigit,
      teacherOrigin: teacher.description,
      models: new DistilledModels({
        teacher: teacher.model,
        distilled: models.get('distilled')!,
        alone: models.get('alone')!,
        others: [...models].filter(([role]) => role !== 'distilled' && role !== 'alone').map(([, m]) => m),
        test,
        teacherPredictions: known.predictions,
      }),
    };
  } catch (error) {
    disposeOwned();
    if (signal?.aborted) return stopped();
    throw error;
  }
}

const ROLE_TEXT: Record<StudentRole, string> = {
  alone: 'student alone',
  pseudo: 'student on pseudo-labels',
  distilled: 'distilled student',
  adjusted: 'distilled student with the raised bias',
};

/**
 * The most epochs a student on `images` images may train, when the student with the most images
 * (`largest`) may train `maxEpochs`: every student gets the same number of images seen, so a student
 * alone on 100 labelled images is not cut off after the few epochs that suit a transfer set of
 * thousands. Early stopping, not this cap, is what normally ends a run.
 */
export function epochCap(maxEpochs: number, images: number, largest: number): number {
  return Math.max(maxEpochs, Math.ceil((maxEpochs * largest) / Math.max(1, images)));
}

/** Who trains on what. `logits` holds the teacher's rows for the labelled images, then the unlabelled. */
function studentPlans(config: DistillationConfig, data: ExperimentData, logits: Logits): StudentPlan[] {
  const settings = { temperature: config.temperature, alpha: config.alpha };
  const labelled = data.labelled.set;
  const alone: StudentPlan = {
    role: 'alone',
    label: 'Training the student alone (hard labels)',
    data: labelled,
    options: {},
  };
  const distilled: StudentPlan = {
    role: 'distilled',
    label: `Distilling at T = ${config.temperature}`,
    data: labelled,
    options: {
      ...(data.unlabelled ? { unlabelled: data.unlabelled.set } : {}),
      distillFrom: { logits, ...settings },
    },
  };
  if (!data.unlabelled || config.pseudoLabels === false) return [alone, distilled];
  const rest = pickLogits(
    logits,
    data.unlabelled.positions.map((_, i) => labelled.size + i),
  );
  const pseudo: StudentPlan = {
    role: 'pseudo',
    label: "Training on the teacher's top answers (pseudo-labels)",
    data: concatDigitSets([labelled, pseudoLabelled(rest, data.unlabelled)]),
    options: {},
  };
  return [alone, pseudo, distilled];
}

// The teacher never changes, so its scores and answers on a given test set are computed once.
const teacherCache = new WeakMap<
  LayersModel,
  Map<string, { evaluation: Evaluation; predictions: Prediction[] }>
>();

async function teacherOnTest(teacher: LayersModel, test: DigitSet, key: string) {
  let byTest = teacherCache.get(teacher);
  if (!byTest) teacherCache.set(teacher, (byTest = new Map()));
  let known = byTest.get(key);
  if (!known) {
    known = { evaluation: await evaluate(teacher, test), predictions: await predict(teacher, test) };
    byTest.set(key, known);
  }
  return known;
}

function testKey(config: DistillationConfig): string {
  return config.testPerClass === 'all' ? 'all' : `${config.testPerClass}/${config.seed}`;
}

function buildStudent(config: DistillationConfig): LayersModel {
  const { student, seed } = config;
  return student.kind === 'mlp'
    ? buildMlp({ hidden: student.hidden, seed })
    : buildTinyCnn({ filters: student.filters, seed });
}

function minCount(set: DigitSet): number {
  return Math.min(...set.counts().filter((count) => count > 0));
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

export { liveTensorCount } from './live-tensors';
