export {
  buildCnn,
  buildMlp,
  buildTinyCnn,
  type CnnOptions,
  type MlpOptions,
  type TinyCnnOptions,
} from './build';
export { summarize, type ModelSummary, type LayerSummary } from './summary';
export { cloneModel } from './clone';
export { savedArtifacts, savedBytes } from './save';
export {
  loadPretrained,
  PRETRAINED_NAMES,
  type PretrainedName,
  type ModelCard,
  type LoadPretrainedOptions,
} from './pretrained';
export {
  convFilters,
  featureMaps,
  weightChange,
  PictureSet,
  type Picture,
  type FilterResponse,
  type LayerChange,
} from './inspect';
export { keepForCodeCells } from './kept';
