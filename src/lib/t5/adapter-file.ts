import type { TrainableT5 } from './types';

/**
 * The attached LoRA factors as one file: a JSON header (model source, rank, targets, and each
 * tensor's name, shape and byte offset) followed by the float32 data, in the layout of a
 * safetensors file.
 *
 * @param model - a model with LoRA attached (after a LoRA `fineTuneT5` run).
 * @returns the file's bytes, ready for a download link.
 * @example
 * const bytes = loraAdapterFile(model);
 * const url = URL.createObjectURL(new Blob([bytes]));
 */
export function loraAdapterFile(model: TrainableT5): Uint8Array {
  void model;
  throw new Error('loraAdapterFile is not written yet.');
}

/**
 * Folds the LoRA factors into the weights (W + A·B·scale) and removes them: the model answers the
 * same, with no extra cost per token. (Named apart from the CNN `mergeLora` in `src/lib/lora`.)
 *
 * @param model - a model with LoRA attached; changed in place.
 * @returns nothing; afterwards `model.hasLora()` is false.
 * @example
 * mergeT5Lora(model);
 * console.log(model.hasLora()); // false
 */
export function mergeT5Lora(model: TrainableT5): void {
  void model;
  throw new Error('mergeT5Lora is not written yet.');
}

/**
 * Drops the LoRA factors without merging: the model is back to its weights before the LoRA run.
 *
 * @param model - a model with or without LoRA attached; changed in place.
 * @returns nothing.
 * @example
 * removeT5Lora(model); // undo a LoRA run
 */
export function removeT5Lora(model: TrainableT5): void {
  void model;
  throw new Error('removeT5Lora is not written yet.');
}
