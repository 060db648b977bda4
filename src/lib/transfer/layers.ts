/**
 * Transfer learning by layer name: freeze what a pretrained model already knows, train the rest.
 * The freeze boundary is always a named layer (`freezeBelow(model, 'features')`), never a bare count.
 */
import { tf } from '../tf';
import { layersNamed } from '../models/layers';

export { layersNamed };

/**
 * Stops these layers from learning: training leaves their weights exactly as they are.
 * @param model the model
 * @param names the layers to freeze
 * @example
 * const model = buildCnn();
 * freeze(model, ['conv1', 'conv2']);
 */
export function freeze(model: tf.LayersModel, names: readonly string[]): void {
  for (const layer of layersNamed(model, names)) layer.trainable = false;
}

/**
 * Lets these layers learn again.
 * @param model the model
 * @param names the layers to let learn again
 * @example
 * unfreeze(buildCnn(), ['conv1']);
 */
export function unfreeze(model: tf.LayersModel, names: readonly string[]): void {
  for (const layer of layersNamed(model, names)) layer.trainable = true;
}

/**
 * Fine-tuning from `layerName` upward: every layer before it is frozen, it and every layer after
 * it train. `freezeBelow(model, 'logits')` is feature extraction (only the head learns).
 * @param model the model
 * @param layerName the lowest layer that still learns
 * @example
 * const model = buildCnn();
 * freezeBelow(model, 'features');
 */
export function freezeBelow(model: tf.LayersModel, layerName: string): void {
  const [boundary] = layersNamed(model, [layerName]);
  const at = model.layers.indexOf(boundary!);
  model.layers.forEach((layer, i) => {
    layer.trainable = i >= at;
  });
}

/**
 * Names of the layers that will learn (those with weights and not frozen).
 * @param model the model
 * @returns the names of the layers that will learn
 * @example
 * trainableLayerNames(buildCnn())
 */
export function trainableLayerNames(model: tf.LayersModel): string[] {
  return model.layers.filter((l) => l.trainable && l.trainableWeights.length > 0).map((l) => l.name);
}

/**
 * A new model: the given model minus its last layer, plus a fresh dense head `logits` with
 * `classes` outputs. The body's layers are shared with (not copied from) the given model: clone it
 * first (cloneModel) if the original must stay untouched.
 * @param model the pretrained model
 * @param classes how many outputs the new head has
 * @param options the seed of the new head's weights
 * @returns a new model: the old body, a new head
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * replaceHead(model, 5)
 */
export function replaceHead(
  model: tf.LayersModel,
  classes: number,
  options: { seed?: number } = {},
): tf.LayersModel {
  if (!Number.isInteger(classes) || classes < 2) {
    throw new Error(`A new head needs a whole number of classes of at least 2, got ${classes}.`);
  }
  if (model.layers.length < 2) throw new Error('The model needs a body below its head to replace the head.');
  const body = model.layers[model.layers.length - 2]!;
  const head = tf.layers.dense({
    name: 'logits',
    units: classes,
    kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed ?? 0 }),
  });
  const output = head.apply(body.output as tf.SymbolicTensor) as tf.SymbolicTensor;
  return tf.model({ inputs: model.inputs, outputs: output, name: `${model.name}-new-head` });
}

/**
 * Fresh random weights in every layer (Glorot kernels, zero biases), seeded: the same architecture
 * "from scratch", the baseline a transfer-learning result is compared with.
 * @param model the model
 * @param seed the seed of the new weights (default 1)
 * @example
 * reinitialize(buildCnn(), 2);
 */
export function reinitialize(model: tf.LayersModel, seed = 0): void {
  model.weights.forEach((weight, i) => {
    const shape = weight.shape as number[];
    const fresh = /bias/.test(weight.originalName)
      ? tf.zeros(shape)
      : tf.initializers.glorotUniform({ seed: seed * 1009 + i }).apply(shape);
    weight.write(fresh);
    fresh.dispose();
  });
}
