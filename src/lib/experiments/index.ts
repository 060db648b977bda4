// Experiments: whole lessons' worth of work built on the library's core (data, models, training,
// evaluation), each returning typed results that a widget only has to draw.
export {
  runDistillationExperiment,
  transferSet,
  DEFAULT_DISTILLATION_CONFIG,
  TEMPERATURE_RANGE,
  validateDistillationConfig,
  describeStudent,
  gapRecovered,
  DistilledModels,
  type DistillationConfig,
  type StudentSpec,
  type TeacherSource,
  type DistillationHooks,
  type DistillationProgress,
  type DistillationPhase,
  type DistillationOutcome,
  type FinishedDistillation,
  type StoppedDistillation,
  type CurvePoint,
  type ModelReport,
  type ModelRole,
  type StudentRole,
  type LatencyPoint,
  type DarkKnowledge,
} from './distillation';
export {
  benchDistillation,
  spread,
  type DistillationBenchResult,
  type SeedResult,
  type Spread,
} from './distillation-bench';
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
  runFeatureHeadExperiment,
  type FeatureHeadConfig,
  type FeatureHeadHooks,
  type FeatureHeadResult,
  type LabelledGuess,
} from './feature-head';
