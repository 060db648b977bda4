export {
  freeze,
  unfreeze,
  freezeBelow,
  replaceHead,
  reinitialize,
  trainableLayerNames,
  layersNamed,
} from './layers';
export { prepareTransfer, type PrepareTransferOptions, type TransferStrategy } from './prepare';
