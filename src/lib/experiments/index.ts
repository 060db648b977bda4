// Experiments: whole lessons' worth of work built on the library's core (data, models, training,
// evaluation), each returning typed results that a widget only has to draw.
export {
  runDistillationExperiment,
  studentReport,
  experimentData,
  DEFAULT_DISTILLATION_CONFIG,
  DEFAULT_CONFIGS,
  EXPERIMENT_KINDS,
  TEMPERATURE_RANGE,
  TRAINED_TEACHER,
  validateDistillationConfig,
  describeStudent,
  gapRecovered,
  DistilledModels,
  type DistillationConfig,
  type ExperimentKind,
  type ExperimentData,
  type StudentSpec,
  type TeacherSource,
  type DistillationHooks,
  type DistillationProgress,
  type DistillationPhase,
  type DistillationOutcome,
  type FinishedDistillation,
  type StoppedDistillation,
  type MissingDigitReport,
  type CurvePoint,
  type ModelReport,
  type ModelRole,
  type StudentRole,
  type StudentTraining,
  type LatencyPoint,
  type DarkKnowledge,
} from './distillation';
export { liveTensorCount } from './live-tensors';
export {
  runLearningCurve,
  curveRun,
  labelledSet,
  curveTestSet,
  type LearningCurveHooks,
  type LearningCurveProgress,
  type LearningCurveOutcome,
  type FinishedLearningCurve,
  type StoppedLearningCurve,
} from './learning-curve';
export {
  CURVE_STRATEGIES,
  STRATEGY_NAMES,
  LEARNING_CURVE_RECIPE,
  QUICK_LEARNING_CURVE,
  BENCH_LEARNING_CURVE,
  LABEL_CHOICES,
  validateLearningCurveConfig,
  trainingBudget,
  plannedRuns,
  summarizeCurve,
  curveGains,
  type LearningCurveConfig,
  type LearningCurveRun,
  type LearningCurvePoint,
  type LearningCurveGain,
} from './learning-curve-config';
export { measureFreezeCost, type FreezeCost, type FreezeCostOptions } from './freeze-cost';
export {
  adaptToDomain,
  adaptationCurve,
  shiftSweep,
  transferBudget,
  LEARNING_RATES,
  type AdaptationRun,
  type AdaptOptions,
  type AdaptationCurve,
  type AdaptationCurveOptions,
  type AdaptationPoint,
  type ShiftPoint,
} from './domain-shift';
export {
  forgettingExperiment,
  scoreDomains,
  FORGETTING_METHODS,
  type ForgettingMethod,
  type ForgettingOptions,
  type ForgettingResult,
  type DomainScores,
} from './forgetting';
export { multitaskVsSequential, type MultitaskOptions, type MultitaskResult } from './multitask';
export { loraRankSweep, type RankPoint, type RankSweepOptions } from './lora-sweep';
export {
  compareFeatureHeads,
  scorePrompting,
  labelOf,
  DEFAULT_SEEDS,
  type HeadComparison,
  type HeadComparisonOptions,
  type HeadSeedResult,
  type PromptScore,
  type PromptScoreOptions,
  type PromptAnswer,
} from './text-classification';
export {
  runFeatureHeadExperiment,
  type FeatureHeadConfig,
  type FeatureHeadHooks,
  type FeatureHeadResult,
  type LabelledGuess,
} from './feature-head';
export { spread, type Spread } from './spread';
// The teach-a-phrasing widget's runner, its settings and its typed-pairs parser are imported from
// their modules by the widget; cells use `teachHeldOutPhrasing` (src/lib/t5) instead.
export { trainableModelBase } from './teach-phrasing';
export {
  textMethodData,
  kShotPairs,
  otherTaskSets,
  headOnEncoder,
  tuneAndScore,
  TUNE_SETTINGS,
  HEAD_POSITIONS,
  type TextMethodData,
  type TaskAccuracy,
  type HeadScore,
  type TuneScore,
} from './text-methods';
