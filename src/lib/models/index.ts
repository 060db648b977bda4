export {
  buildCnn,
  buildMlp,
  buildTinyCnn,
  type CnnOptions,
  type MlpOptions,
  type TinyCnnOptions,
} from './build';
export { buildMultiHeadCnn, type MultiHeadCnn, type MultiHeadOptions } from './multi-head';
export { summarize, multiplyAdds, type ModelSummary, type LayerSummary } from './summary';
export { cloneModel } from './clone';
export { savedArtifacts, savedBytes } from './save';
export {
  loadPretrained,
  PRETRAINED_NAMES,
  type PretrainedName,
  type ModelCard,
  type LoadPretrainedOptions,
} from './pretrained';
export { quantizeWeights, type Quantized } from './quantize';
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
