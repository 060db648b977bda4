/**
 * What a distillation experiment is made of, and the defaults the lesson starts from. No tfjs here:
 * the demo imports this module on page load to fill its controls.
 */

/** The small network that learns: a one-hidden-layer MLP of some width, or a tiny CNN. */
export type StudentSpec = { kind: 'mlp'; hidden: number } | { kind: 'tiny-cnn'; filters: number };

/** Where the teacher comes from: the model the site ships, or one trained here and now. */
export type TeacherSource = { kind: 'shipped' } | { kind: 'train'; epochs: number; perClass: number };

/**
 * The one place the "train a teacher here" settings are written: 3 epochs on up to 800 images per digit.
 * @example
 * TRAINED_TEACHER.epochs
 */
export const TRAINED_TEACHER: Readonly<Extract<TeacherSource, { kind: 'train' }>> = Object.freeze({
  kind: 'train',
  epochs: 3,
  perClass: 800,
});

/**
 * The three experiments of the lesson:
 * - 'same-data': both students learn from the same few labelled images, one with soft targets too
 *   (Hinton et al.'s comparison, where the teacher's dark knowledge alone makes the difference);
 * - 'transfer-set': a few labelled images plus many unlabelled ones the teacher scores; the student
 *   alone, with the teacher's top answers as labels (pseudo-labels), and with its soft targets;
 * - 'missing-digit': the transfer set lacks one digit (3), and the distilled student's bias for it
 *   is raised by an amount chosen on a validation slice.
 */
export type ExperimentKind = 'same-data' | 'transfer-set' | 'missing-digit';
/**
 * The three distillation experiments: 'same-data', 'transfer-set' and 'missing-digit'.
 * @example
 * EXPERIMENT_KINDS.length // 3
 */
export const EXPERIMENT_KINDS: readonly ExperimentKind[] = ['same-data', 'transfer-set', 'missing-digit'];

export interface DistillationConfig {
  experiment: ExperimentKind;
  teacher: TeacherSource;
  student: StudentSpec;
  /**
   * Transfer set only: also train a student on the teacher's top answers (pseudo-labels), the
   * middle row of the demo's table. Default true; a comparison of two students can leave it out.
   */
  pseudoLabels?: boolean;
  /** Softmax temperature T of the soft targets (Hinton et al. used 20 on MNIST). */
  temperature: number;
  /** Weight of the soft loss; 1 - alpha goes to the ordinary loss on hard labels. */
  alpha: number;
  /** Labelled training images per digit (same data, transfer set). */
  labelledPerClass: number;
  /**
   * Transfer set: unlabelled images the teacher scores. Missing digit: labelled images without the
   * left-out digit. A number, or 'all' (every training image not held out for validation).
   */
  transferImages: number | 'all';
  /** The digit the missing-digit experiment leaves out (the paper leaves out 3). */
  leaveOut: number;
  /** Labelled training images per digit held out for early stopping (and for choosing the bias). */
  validationPerClass: number;
  /**
   * Each student trains until its validation accuracy stops improving, but never past this many
   * epochs; a student with fewer images gets proportionally more epochs, so that every student may
   * see as many images as the one with the most (see `epochCap`).
   */
  maxEpochs: number;
  /** Validations without improvement before a student stops (its best weights are kept). */
  patience: number;
  /** Training images between two validations (a student on 100 images validates every 20 epochs). */
  validateEveryImages: number;
  batchSize: number;
  learningRate: number;
  /** One seed drives the data split, the students' initial weights and the shuffling. */
  seed: number;
  /** Test images per digit used for every number on the page, or 'all' (the whole test set). */
  testPerClass: number | 'all';
  /** Batch sizes for the latency measurement: 1 (one image at a time) and a large batch. */
  latencyBatchSizes: number[];
  /** Timed runs per batch size, after one warm-up run. */
  latencyRuns: number;
}

/**
 * The temperatures the distillation demo accepts, 1 to 20.
 * @example
 * TEMPERATURE_RANGE.max // 20
 */
export const TEMPERATURE_RANGE = Object.freeze({ min: 1, max: 20 });

const COMMON = {
  teacher: { kind: 'shipped' } as TeacherSource,
  // 28 filters: 10,818 weights, a tenth of the teacher's 108,618, and about a seventh of its
  // multiply-adds. An MLP of the same size is limited by its capacity (see the lesson).
  student: { kind: 'tiny-cnn', filters: 28 } as StudentSpec,
  alpha: 0.9,
  labelledPerClass: 10,
  transferImages: 'all' as const,
  leaveOut: 3,
  validationPerClass: 50,
  patience: 3,
  validateEveryImages: 1000,
  batchSize: 32,
  learningRate: 0.003,
  seed: 1,
  testPerClass: 'all' as const,
  latencyBatchSizes: [1, 256],
  latencyRuns: 5,
};

/**
 * Each experiment's defaults: a tiny CNN with a tenth of the teacher's weights, training that
 * finishes in about a minute on a laptop GPU, and the temperature that worked best in the benchmark.
 * @example
 * const config = { ...DEFAULT_CONFIGS['same-data'], seed: 2 };
 */
export const DEFAULT_CONFIGS: Readonly<Record<ExperimentKind, Readonly<DistillationConfig>>> = Object.freeze({
  // 100 images: an epoch is 4 batches, and a student needs a few hundred of them.
  'same-data': Object.freeze({
    ...COMMON,
    experiment: 'same-data' as const,
    temperature: 20,
    maxEpochs: 300,
  }),
  // Thousands of images: a few epochs reach the plateau, and a cap keeps a noisy slice from dragging on.
  'transfer-set': Object.freeze({
    ...COMMON,
    experiment: 'transfer-set' as const,
    temperature: 4,
    maxEpochs: 8,
    patience: 2,
  }),
  'missing-digit': Object.freeze({
    ...COMMON,
    experiment: 'missing-digit' as const,
    temperature: 4,
    maxEpochs: 8,
    patience: 2,
  }),
});

/**
 * The distillation demo's starting configuration: the same-data experiment with the lesson's student, T and alpha.
 * @example
 * DEFAULT_DISTILLATION_CONFIG.temperature
 */
export const DEFAULT_DISTILLATION_CONFIG: Readonly<DistillationConfig> = DEFAULT_CONFIGS['transfer-set'];

/**
 * Throws a reader-friendly error for a configuration that cannot run, before any work starts.
 * @param config the configuration to check (throws a plain message on a bad value)
 * @example
 * validateDistillationConfig(DEFAULT_DISTILLATION_CONFIG);
 */
export function validateDistillationConfig(config: DistillationConfig): void {
  const problems: string[] = [];
  const { temperature, alpha, batchSize, learningRate, testPerClass, transferImages } = config;
  if (!EXPERIMENT_KINDS.includes(config.experiment)) {
    problems.push(
      `the experiment must be one of ${EXPERIMENT_KINDS.join(', ')} (got ${String(config.experiment)})`,
    );
  }
  if (!(temperature >= TEMPERATURE_RANGE.min && temperature <= TEMPERATURE_RANGE.max)) {
    problems.push(
      `the temperature must be between ${TEMPERATURE_RANGE.min} and ${TEMPERATURE_RANGE.max} (got ${temperature})`,
    );
  }
  if (!(alpha >= 0 && alpha <= 1)) problems.push(`alpha must be between 0 and 1 (got ${alpha})`);
  const whole = (name: string, value: number, min = 1) => {
    if (!(Number.isInteger(value) && value >= min))
      problems.push(`${name} must be a whole number of at least ${min} (got ${value})`);
  };
  whole('the most epochs', config.maxEpochs);
  whole('the patience', config.patience);
  whole('the images between validations', config.validateEveryImages);
  whole('the batch size', batchSize);
  whole('labelled images per digit', config.labelledPerClass);
  whole('validation images per digit', config.validationPerClass);
  if (!(learningRate > 0)) problems.push(`the learning rate must be positive (got ${learningRate})`);
  if (transferImages !== 'all') whole('the transfer images', transferImages);
  if (testPerClass !== 'all') whole('test images per digit', testPerClass);
  if (!(Number.isInteger(config.leaveOut) && config.leaveOut >= 0 && config.leaveOut <= 9)) {
    problems.push(`only a digit 0 to 9 can be left out (got ${config.leaveOut})`);
  }
  const { student } = config;
  if (student.kind === 'mlp' && !(Number.isInteger(student.hidden) && student.hidden >= 1)) {
    problems.push(`the student's hidden width must be a whole number of at least 1 (got ${student.hidden})`);
  }
  if (student.kind === 'tiny-cnn' && !(Number.isInteger(student.filters) && student.filters >= 1)) {
    problems.push(`the tiny CNN needs at least 1 filter (got ${student.filters})`);
  }
  if (
    config.latencyBatchSizes.length === 0 ||
    config.latencyBatchSizes.some((size) => !(Number.isInteger(size) && size >= 1))
  ) {
    problems.push('latency batch sizes must be whole numbers of at least 1');
  }
  if (problems.length > 0) throw new Error(`This experiment cannot run: ${problems.join('; ')}.`);
}

/**
 * "MLP, 32 hidden units" / "tiny CNN, 28 filters": how the page names a student.
 * @param student the student's kind and size
 * @returns a short description, e.g. "tiny CNN, 28 filters"
 * @example
 * describeStudent(DEFAULT_DISTILLATION_CONFIG.student)
 */
export function describeStudent(student: StudentSpec): string {
  return student.kind === 'mlp'
    ? `MLP, ${student.hidden} hidden units`
    : `tiny CNN, ${student.filters} filters`;
}
