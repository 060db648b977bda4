/** Exporting a LoRA run: the adapter as a file, or merged into the weights. */
import { tf } from '../tf';
import { asT5Model } from './model';
import type { TrainableT5 } from './types';
import { writeSafetensors, type NamedTensor } from './safetensors';

/**
 * The attached LoRA factors as one safetensors file: an 8-byte little-endian header length, a
 * JSON header (each tensor's dtype, shape and byte range, and `__metadata__` with the model
 * source, rank, alpha and targets), then the float32 data. Tensor names are
 * `<weight>.lora_A` [in, r] and `<weight>.lora_B` [r, out], e.g. `decoder.layer.0.self.q.lora_A`.
 *
 * @param model - a model with LoRA attached (after a LoRA `fineTuneT5` run).
 * @returns the file's bytes, ready for a download link.
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * const bytes = loraAdapterFile(model);
 * const url = URL.createObjectURL(new Blob([bytes.slice()]));
 */
export function loraAdapterFile(model: TrainableT5): Uint8Array {
  const m = asT5Model(model);
  if (!m.hasLora() || !m.loraSetup)
    throw new Error('This model has no LoRA factors to save: fine-tune it with LoRA first.');
  const tensors: NamedTensor[] = [];
  for (const [name, { a, b }] of m.lora) {
    tensors.push({ name: `${name}.lora_A`, shape: a.shape, data: a.dataSync() as Float32Array });
    tensors.push({ name: `${name}.lora_B`, shape: b.shape, data: b.dataSync() as Float32Array });
  }
  return writeSafetensors(tensors, {
    format: 'pt',
    source: m.source,
    rank: String(m.loraSetup.rank),
    alpha: String(m.loraSetup.alpha),
    targets: m.loraSetup.targets.join(','),
  });
}

/**
 * Every weight of the model as one safetensors file, with any attached LoRA factors folded in
 * (W + A·B·scale): the tuned model as a whole, to keep or to load again without the adapter. The
 * model itself is not changed. Names are the canonical ones (`shared`, `encoder.layer.0.self.q`,
 * ...); linear weights are stored [in, out], as in the ONNX files they were read from.
 *
 * @param model - a model, tuned or not.
 * @returns the file's bytes (about 4 bytes a weight: 3.3 MB for the mini T5).
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * const bytes = mergedWeightsFile(model);
 */
export function mergedWeightsFile(model: TrainableT5): Uint8Array {
  const m = asT5Model(model);
  const tensors: NamedTensor[] = [];
  for (const [name, w] of m.weights) {
    const lora = m.lora.get(name);
    const merged = lora ? tf.tidy(() => tf.add(w, tf.mul(tf.matMul(lora.a, lora.b), lora.scale))) : w;
    tensors.push({ name, shape: w.shape, data: merged.dataSync() as Float32Array });
    if (merged !== w) merged.dispose();
  }
  return writeSafetensors(tensors, {
    format: 'pt',
    source: m.source,
    variant: m.variant,
    merged: m.hasLora()
      ? `lora rank ${m.loraSetup?.rank ?? '?'} on ${m.loraSetup?.targets.join(',') ?? '?'}`
      : 'none',
  });
}

/**
 * Folds the LoRA factors into the weights (W + A·B·scale) and removes them: the model answers the
 * same, with no extra cost per token. (Named apart from the CNN `mergeLora` in `src/lib/lora`.)
 *
 * @param model - a model with LoRA attached; changed in place.
 * @returns nothing; afterwards `model.hasLora()` is false.
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * mergeT5Lora(model);
 * console.log(model.hasLora()); // false
 */
export function mergeT5Lora(model: TrainableT5): void {
  const m = asT5Model(model);
  if (!m.hasLora()) throw new Error('This model has no LoRA factors to merge.');
  for (const [name, { a, b, scale }] of m.lora) {
    const w = m.weight(name);
    tf.tidy(() => w.assign(tf.add(w, tf.mul(tf.matMul(a, b), scale))));
  }
  m.clearLora();
}

/**
 * Drops the LoRA factors without merging: the model is back to its weights before the LoRA run.
 *
 * @param model - a model with or without LoRA attached; changed in place.
 * @returns nothing.
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * removeT5Lora(model); // undo a LoRA run
 */
export function removeT5Lora(model: TrainableT5): void {
  asT5Model(model).clearLora();
}
