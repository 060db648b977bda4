import { tf } from '../tf';
import { savedArtifacts } from './save';

/**
 * The model's architecture and a copy of its weights, as a new independent model (e.g. two
 * students that start from identical weights, or a fresh copy of a pretrained model per run).
 * Frozen layers stay frozen.
 * @param model the model to copy
 * @returns an independent copy, same architecture and weights
 * @example
 * const copy = await cloneModel(buildCnn());
 */
export async function cloneModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  const copy = await tf.loadLayersModel(tf.io.fromMemory(await savedArtifacts(model)));
  // Saving keeps each layer's trainable flag in its config, but be explicit: the copy must match.
  model.layers.forEach((layer, i) => {
    copy.layers[i]!.trainable = layer.trainable;
  });
  return copy;
}
