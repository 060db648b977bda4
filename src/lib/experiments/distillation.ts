/**
 * Hinton, Vinyals and Dean (2015, section 3) in the browser: two students start from the SAME
 * initial weights and see the SAME transfer set; one learns from the hard labels alone, the other
 * from the teacher's softened probabilities as well. Everything the distillation demo shows comes
 * from `runDistillationExperiment`; the component only draws it.
 */
import type { LayersModel } from '../tf';
import { useBackend } from '../backend/select';
import type { BackendChoice } from '../backend/names';
import type { BackendPreference } from '../backend/names';
import { loadMnist, type DigitSet } from '../data';
import { buildMlp, buildTinyCnn, cloneModel } from '../models';
import { train } from '../training';
import { evaluate, predict, type Evaluation, type Prediction } from '../evaluation';
import { type DistillationConfig, describeStudent, validateDistillationConfig } from './distillation-config';
import { type ModelReport, type StudentRole, gapRecovered, measureModel } from './model-report';
import { DistilledModels } from './distilled-models';
import { obtainTeacher } from './teacher';

export * from './distillation-config';
export type { ModelReport, ModelRole, StudentRole, LatencyPoint } from './model-report';
export { gapRecovered } from './model-report';
export { DistilledModels, type DarkKnowledge } from './distilled-models';

export type DistillationPhase = 'preparing' | 'teacher' | 'alone' | 'distilled' | 'measuring';

export interface DistillationProgress {
  phase: DistillationPhase;
  /** Whole experiment, 0..1. */
  fraction: number;
  message: string;
}

/** One point of a learning curve: accuracy on the test digits after an epoch (epoch 0 = the shared start). */
export interface CurvePoint {
  student: StudentRole;
  epoch: number;
  /** Accuracy on the test images used for this run, 0..1. */
  testAccuracy: number;
  /** Training loss of the epoch (the distilled student's includes the soft term); absent at epoch 0. */
  loss?: number;
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

export interface FinishedDistillation extends RunBasics {
  status: 'done';
  transferSet: { size: number; counts: number[] };
  teacher: ModelReport;
  distilled: ModelReport;
  alone: ModelReport;
  /** Share of the teacher-student gap in test errors that distillation closes (see `gapRecovered`). */
  gapRecovered: number | null;
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

const PHASE_SPAN: Record<DistillationPhase, [number, number]> = {
  preparing: [0, 0.04],
  teacher: [0.04, 0.08],
  alone: [0.08, 0.5],
  distilled: [0.5, 0.92],
  measuring: [0.92, 1],
};

/**
 * Runs the whole experiment. Resolves with `status: 'stopped'` (and frees everything it made) if
 * `signal` aborts at any point; throws only for genuine failures, with a message a reader understands.
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
  const report = (fractionOfPhase: number, message: string) => {
    const [from, to] = PHASE_SPAN[phase];
    hooks.onProgress?.({
      phase,
      fraction: from + (to - from) * Math.min(1, Math.max(0, fractionOfPhase)),
      message,
    });
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
    const transfer = transferSet(trainSet, config);

    phase = 'teacher';
    report(0, config.teacher.kind === 'shipped' ? 'Loading the teacher…' : 'Training a teacher…');
    const teacher = await obtainTeacher(config.teacher, trainSet, {
      seed: config.seed,
      signal,
      onProgress: (fraction) => report(fraction, 'Training a teacher…'),
    });
    if (!teacher || signal?.aborted) return stopped();

    // Same architecture, same initial weights: the only difference between the two students will be
    // what they are taught.
    const alone = buildStudent(config);
    owned.push(alone);
    const distilled = await cloneModel(alone);
    owned.push(distilled);
    const start = (await evaluate(alone, test)).accuracy;
    for (const student of ['alone', 'distilled'] as const) {
      const point: CurvePoint = { student, epoch: 0, testAccuracy: start };
      curves.push(point);
      hooks.onEpoch?.(point);
    }

    for (const role of ['alone', 'distilled'] as const) {
      phase = role;
      const model = role === 'alone' ? alone : distilled;
      const label =
        role === 'alone'
          ? 'Training the student alone (hard labels)'
          : `Distilling at T = ${config.temperature}`;
      report(0, `${label}…`);
      const history = await train(model, transfer, {
        epochs: config.epochs,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        seed: config.seed,
        validation: test,
        signal,
        distillFrom:
          role === 'distilled'
            ? { teacher: teacher.model, temperature: config.temperature, alpha: config.alpha }
            : undefined,
        onBatch: ({ epoch, batch, batches }) => {
          report(
            (epochIndex(epoch) + batch / batches) / config.epochs,
            `${label}: epoch ${epochIndex(epoch) + 1} of ${config.epochs}`,
          );
        },
        onEpoch: ({ epoch, loss, valAccuracy }) => {
          const point: CurvePoint = {
            student: role,
            epoch: epochIndex(epoch) + 1,
            testAccuracy: valAccuracy ?? Number.NaN,
            loss,
          };
          curves.push(point);
          hooks.onEpoch?.(point);
        },
      });
      if (history.stopped || signal?.aborted) {
        disposeOwned();
        return stopped();
      }
    }

    phase = 'measuring';
    report(0, 'Measuring the teacher…');
    const known = await teacherOnTest(teacher.model, test, testKey(config));
    if (signal?.aborted) return (disposeOwned(), stopped());
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
    report(0.4, 'Measuring the student alone…');
    const student = describeStudent(config.student);
    const aloneReport = await measureModel(alone, {
      ...common,
      role: 'alone',
      description: student,
      teacherLatency: teacherReport.latency,
    });
    if (signal?.aborted) return (disposeOwned(), stopped());
    report(0.7, 'Measuring the distilled student…');
    const distilledReport = await measureModel(distilled, {
      ...common,
      role: 'distilled',
      description: student,
      teacherLatency: teacherReport.latency,
    });
    if (signal?.aborted) return (disposeOwned(), stopped());
    report(1, 'Done.');

    owned.length = 0; // Handed over to the caller through `models`.
    return {
      ...basics(),
      status: 'done',
      transferSet: { size: transfer.size, counts: transfer.counts() },
      teacher: teacherReport,
      distilled: distilledReport,
      alone: aloneReport,
      gapRecovered: gapRecovered({
        teacher: teacherReport.errors,
        distilled: distilledReport.errors,
        alone: aloneReport.errors,
      }),
      teacherOrigin: teacher.description,
      models: new DistilledModels({
        teacher: teacher.model,
        distilled,
        alone,
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

/** The students learn from this part of the training set (the teacher may have seen all of it). */
export function transferSet(
  train: DigitSet,
  config: Pick<DistillationConfig, 'transferPerClass' | 'leaveOut' | 'seed'>,
): DigitSet {
  const kept = config.leaveOut.length > 0 ? train.without(config.leaveOut) : train;
  if (config.transferPerClass === 'all') return kept;
  const available = Math.min(...kept.counts().filter((count) => count > 0));
  if (config.transferPerClass > available) {
    throw new Error(
      `The transfer set can have at most ${available} images per digit here; you asked for ${config.transferPerClass}.`,
    );
  }
  return kept.take(config.transferPerClass, config.seed);
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

// train() numbers epochs (and batches) from 1.
function epochIndex(epoch: number): number {
  return Math.max(0, epoch - 1);
}

export { liveTensorCount } from './live-tensors';
