import { tf } from '../tf';

/**
 * The model's architecture and a copy of its weights, as a new independent model (e.g. two
 * students that start from identical weights, or a fresh copy of a pretrained model per run).
 * Frozen layers stay frozen.
 */
export async function cloneModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('Could not copy the model: saving it produced nothing.');
  const copy = await tf.loadLayersModel(tf.io.fromMemory(saved));
  // Saving keeps each layer's trainable flag in its config, but be explicit: the copy must match.
  model.layers.forEach((layer, i) => {
    copy.layers[i]!.trainable = layer.trainable;
  });
  return copy;
}
