/**
 * Text-to-text models in the browser (and Node): load, prompt, stream, tokenise, extract encoder
 * features, and train a small head on them. transformers.js loads only when a model is loaded, and
 * in a browser it runs in a dedicated worker that is replaced after any failure.
 */
export {
  loadTextModel,
  measureDownload,
  textTokenizer,
  type LoadTextModelOptions,
  type TextModel,
  type TokenView,
  type FittedPrompt,
  type PromptCheck,
} from './load';
export type { GenerateOptions, GenerationResult, DecodingStrategy } from './generate';
export {
  TEXT_MODELS,
  DEFAULT_TEXT_MODEL,
  textModelEntry,
  hubHostFromQuery,
  type TextModelEntry,
} from './registry';
export { setRuntimeLocations, runtimeLocations, type RuntimeLocations } from './runtime';
export { setTextWorkerFactory, type TextWorkerFactory } from './worker/client';
export { textWorkerScriptUrl } from './worker/url';
export type { DownloadPlan } from './download-size';
export { ProgressTracker, formatBytes, type DownloadProgress } from './progress';
export { inspectModelCache, removeCachedModels, type CacheReport, type CachedModel } from './cache';
export { TextModelError, type TextModelErrorKind } from './errors';
// `firstPositions` and `trainSlotHead` (./features, ./slot-head) serve `headOnEncoder` only.
export { meanPool, type FeatureLayout } from './features';
export { trainFeatureHead, type FeatureHead, type FeatureHeadOptions } from './head';
export {
  loadSentences,
  loadMiniT5Evaluation,
  splitForHead,
  type LabelledSentence,
  type MiniT5Evaluation,
  type SentenceSet,
} from './sentences';
export {
  PROMPT_PRESETS,
  FEW_SHOT_FORMATS,
  fewShotPrompt,
  type PromptPreset,
  type FewShotFormat,
  type FewShotLabel,
} from './presets';
export { bagOfWords, type BagOfWords } from './bag-of-words';
