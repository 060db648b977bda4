/**
 * What a distillation experiment is made of, and the defaults the lesson starts from. No tfjs here:
 * the demo imports this module on page load to fill its controls.
 */

/** The small network that learns: a one-hidden-layer MLP of some width, or a tiny CNN. */
export type StudentSpec = { kind: 'mlp'; hidden: number } | { kind: 'tiny-cnn'; filters: number };

/** Where the teacher comes from: the model the site ships, or one trained here and now. */
export type TeacherSource = { kind: 'shipped' } | { kind: 'train'; epochs: number; perClass: number };

export interface DistillationConfig {
  teacher: TeacherSource;
  student: StudentSpec;
  /** Softmax temperature T of the soft targets (Hinton et al. used 20 on MNIST). */
  temperature: number;
  /** Weight of the soft loss; 1 - alpha goes to the ordinary loss on hard labels. */
  alpha: number;
  /** Transfer-set size: labelled training images per digit, or 'all'. Few-shot is 1, 5 or 10. */
  transferPerClass: number | 'all';
  /** Digits removed from the transfer set (the paper's experiment leaves out every 3). */
  leaveOut: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** One seed drives the transfer-set draw, the students' initial weights and the shuffling. */
  seed: number;
  /** Test images per digit used for every number on the page, or 'all' (the whole test set). */
  testPerClass: number | 'all';
  /** Batch sizes for the latency measurement: 1 (one image at a time) and a large batch. */
  latencyBatchSizes: number[];
  /** Timed runs per batch size, after one warm-up run. */
  latencyRuns: number;
}

export const TEMPERATURE_RANGE = Object.freeze({ min: 1, max: 20 });

/**
 * Defaults that finish in about a minute on a laptop GPU and show the effect: a student with under a
 * tenth of the teacher's weights, a small transfer set (50 images per digit), and a moderate
 * temperature, which Hinton et al. found works best for very small students (2.5 to 4 for 30 units).
 */
export const DEFAULT_DISTILLATION_CONFIG: Readonly<DistillationConfig> = Object.freeze({
  teacher: { kind: 'shipped' } as TeacherSource,
  student: { kind: 'mlp', hidden: 12 } as StudentSpec,
  temperature: 4,
  alpha: 0.9,
  transferPerClass: 50,
  leaveOut: [],
  epochs: 20,
  batchSize: 32,
  learningRate: 0.003,
  seed: 1,
  testPerClass: 'all',
  latencyBatchSizes: [1, 256],
  latencyRuns: 5,
});

/** Throws a reader-friendly error for a configuration that cannot run, before any work starts. */
export function validateDistillationConfig(config: DistillationConfig): void {
  const problems: string[] = [];
  const { temperature, alpha, epochs, batchSize, learningRate, transferPerClass, testPerClass } = config;
  if (!(temperature >= TEMPERATURE_RANGE.min && temperature <= TEMPERATURE_RANGE.max)) {
    problems.push(
      `the temperature must be between ${TEMPERATURE_RANGE.min} and ${TEMPERATURE_RANGE.max} (got ${temperature})`,
    );
  }
  if (!(alpha >= 0 && alpha <= 1)) problems.push(`alpha must be between 0 and 1 (got ${alpha})`);
  if (!(Number.isInteger(epochs) && epochs >= 1))
    problems.push(`epochs must be a whole number of at least 1 (got ${epochs})`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    problems.push(`the batch size must be a whole number of at least 1 (got ${batchSize})`);
  if (!(learningRate > 0)) problems.push(`the learning rate must be positive (got ${learningRate})`);
  for (const [name, value] of [
    ['transfer images per digit', transferPerClass],
    ['test images per digit', testPerClass],
  ] as const) {
    if (value !== 'all' && !(Number.isInteger(value) && value >= 1))
      problems.push(`${name} must be 'all' or a whole number of at least 1 (got ${value})`);
  }
  if (config.leaveOut.some((digit) => !Number.isInteger(digit) || digit < 0 || digit > 9)) {
    problems.push(`only digits 0 to 9 can be left out (got ${config.leaveOut.join(', ')})`);
  }
  if (config.leaveOut.length >= 10) problems.push('leaving out every digit leaves nothing to learn from');
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

/** "MLP, 32 hidden units" / "tiny CNN, 4 filters": how the page names a student. */
export function describeStudent(student: StudentSpec): string {
  return student.kind === 'mlp'
    ? `MLP, ${student.hidden} hidden units`
    : `tiny CNN, ${student.filters} filters`;
}
