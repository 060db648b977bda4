/**
 * Keeps a trained model in this browser for the code cells of any lesson page: the explicit way
 * a widget shares a model with cells (cells cannot read the site's storage themselves). In a cell,
 * `await tf.loadLayersModel('indexeddb://<name>')` then loads it through the page.
 */
import { tf } from '../tf';
import type { LayersModel } from '../tf';
import { KEPT_MODEL_NAME, putKeptModel } from './kept-store';

/**
 * Saves `model` under `name` and returns the URL a code cell loads it with.
 * @param model the model to keep (from a widget)
 * @param name the name to keep it under
 * @returns the address a cell loads it from: tf.loadLayersModel('indexeddb://' + name)
 * @example
 * await keepForCodeCells(buildTinyCnn(), 'my-student')
 */
export async function keepForCodeCells(model: LayersModel, name: string): Promise<string> {
  if (!KEPT_MODEL_NAME.test(name))
    throw new Error(`A kept model's name uses letters, digits, ".", "-" and "_" only (got "${name}").`);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      await putKeptModel({
        name,
        savedAt: new Date().toISOString(),
        artifacts: {
          modelTopology: artifacts.modelTopology,
          weightSpecs: artifacts.weightSpecs ?? [],
          weightData: tf.io.CompositeArrayBuffer.join(artifacts.weightData),
          format: artifacts.format,
          generatedBy: artifacts.generatedBy,
          convertedBy: artifacts.convertedBy,
          trainingConfig: artifacts.trainingConfig,
        },
      });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return `indexeddb://${name}`;
}
