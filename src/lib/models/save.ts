import { tf } from '../tf';

/**
 * What `model.save(...)` would write (topology, weight specs and weight data), kept in memory
 * instead of downloaded: the one place that borrows tfjs's save-handler mechanism for copying and
 * measuring models.
 * @param model the model
 * @returns what tfjs would save: topology and weights
 * @example
 * (await savedArtifacts(buildTinyCnn())).weightSpecs.length
 */
export async function savedArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (!saved) throw new Error('Saving the model produced nothing.');
  return saved;
}

/**
 * Bytes the model takes once saved with `model.save(...)`: exactly what a download would write.
 * @param model the model
 * @returns the size of its saved weights, in bytes
 * @example
 * await savedBytes(buildTinyCnn())
 */
export async function savedBytes(model: tf.LayersModel): Promise<number> {
  const info = tf.io.getModelArtifactsInfoForJSON(await savedArtifacts(model));
  return (info.modelTopologyBytes ?? 0) + (info.weightSpecsBytes ?? 0) + (info.weightDataBytes ?? 0);
}
