/**
 * A T5 that trains in the browser: weights read from the same ONNX files transformers.js runs, a
 * forward and backward pass in TensorFlow.js ops (T5 v1.0 and v1.1), LoRA and full fine-tuning with
 * Adam, KV-cached greedy decoding, and the mini T5's task generator for fresh examples.
 */
export type {
  TextPair,
  T5Target,
  T5Config,
  TrainableT5,
  FineTuneStep,
  FineTuneOptions,
  FineTuneResult,
} from './types';
export { T5_TARGETS } from './types';
export { loadTrainableT5, type LoadTrainableT5Options } from './load';
export { fineTuneT5, teacherForcedAccuracy, timeOneStep } from './finetune';
export { trainableT5DownloadBytes } from './files';
export { greedyAccuracy, generateWithT5, type GreedyOptions } from './decode';
export {
  MINI_T5_TASKS,
  MINI_T5_TEMPLATES,
  NEW_T5_TASKS,
  miniT5Examples,
  newT5TaskExamples,
  type MiniT5Task,
  type NewT5Task,
} from './tasks';
export { loraAdapterFile, mergedWeightsFile, mergeT5Lora, removeT5Lora } from './adapter-file';
export { readSafetensors, writeSafetensors, type NamedTensor } from './safetensors';
export { textTrainingBackend, setTfjsWasmFolder } from '../backend/text-training';
export { textTrainingStatus, type TextTrainingStatus } from '../backend/text-training-status';
export {
  teachHeldOutPhrasing,
  tuneAndMeasure,
  taskAccuracies,
  phrasingTestSet,
  type PhrasingRun,
  type PhrasingRunOptions,
  type TaskChange,
  type TuneAndMeasure,
} from './experiment';
