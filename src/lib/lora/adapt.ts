/** Adding LoRA adapters to a model's dense layers, and merging them back for inference. */
import { tf } from '../tf';
import { layersNamed } from '../models/layers';
import { LoraDense } from './lora-dense';

export interface LoraOptions {
  /** Dense layers to adapt with a low-rank update, e.g. ['features']. */
  layers: readonly string[];
  /**
   * Layers that keep training in full beside the adapters, e.g. ['logits'] for a head just made
   * for a new task: its weights are random, so there is nothing pretrained for a low-rank update
   * to adjust. Every other layer is frozen.
   */
  trainInFull?: readonly string[];
  /** r: the rank of the update (1 to 16 is typical). */
  rank: number;
  /** alpha: the update is scaled by alpha / r (default: alpha = r, a scale of 1). */
  alpha?: number;
  seed?: number;
}

/** Dense config fields read from a tfjs Dense layer. */
interface DenseConfig {
  units: number;
  activation: string;
  useBias: boolean;
}

/**
 * A copy of `model` (the original stays untouched) where the named dense layers carry LoRA
 * adapters and every other weight is frozen, except the layers named in `trainInFull`. Only A and
 * B of each adapter (and those layers) train.
 * Works on models that are a plain stack of layers, as all the library's models are.
 * @param model the model (left unchanged)
 * @param options the layers to adapt, the rank, alpha, the layers trained in full, the seed
 * @returns a copy in which only the low-rank updates (and the layers trained in full) learn
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * const adapted = await addLora(replaceHead(model, 5), { layers: ['features'], rank: 4, trainInFull: ['logits'] });
 */
export async function addLora(model: tf.LayersModel, options: LoraOptions): Promise<tf.LayersModel> {
  const { rank, alpha = options.rank, seed = 0, trainInFull = [] } = options;
  if (options.layers.length === 0) throw new Error('addLora needs at least one dense layer name.');
  for (const layer of layersNamed(model, options.layers)) {
    if (layer.getClassName() !== 'Dense') {
      throw new Error(`LoRA adapts dense layers; "${layer.name}" is a ${layer.getClassName()}.`);
    }
  }
  layersNamed(model, trainInFull);
  const both = trainInFull.filter((name) => options.layers.includes(name));
  if (both.length) {
    throw new Error(
      `"${both.join('", "')}" is both adapted and trained in full: choose one (a new head trains in full).`,
    );
  }
  const targets = new Set(options.layers);
  const full = new Set(trainInFull);
  return rebuild(model, `${model.name}-lora`, (layer, x, i) => {
    if (!targets.has(layer.name)) {
      const copy = copyLayer(layer, x);
      copy.layer.trainable = full.has(layer.name);
      return copy.output;
    }
    const config = layer.getConfig() as unknown as DenseConfig;
    const lora = new LoraDense({
      name: layer.name,
      units: config.units,
      rank,
      alpha,
      activation: config.activation,
      seed: seed * 31 + i,
    });
    const out = lora.apply(x) as tf.SymbolicTensor;
    // tfjs's Dense keeps its weights as `kernel` and `bias` (null without a bias).
    const dense = layer as unknown as { kernel: tf.LayerVariable; bias: tf.LayerVariable | null };
    lora.kernel.write(dense.kernel.read());
    if (dense.bias) lora.bias.write(dense.bias.read());
    return out;
  });
}

/**
 * The adapted model with each LoRA layer folded into one plain dense layer (kernel W + (alpha/r) A B):
 * the same outputs, no extra cost at inference. The adapted model stays as it is.
 * @param model a model with LoRA layers
 * @returns the same model with each update merged into its base weights (same answers, no extra cost)
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * await mergeLora(await addLora(model, { layers: ['features'], rank: 2 }))
 */
export async function mergeLora(model: tf.LayersModel): Promise<tf.LayersModel> {
  return rebuild(model, model.name.replace(/-lora$/, '') + '-merged', (layer, x) => {
    if (!(layer instanceof LoraDense)) return copyLayer(layer, x).output;
    const dense = tf.layers.dense({
      name: layer.name,
      units: layer.units,
      activation: layer.activation as 'linear',
    });
    const out = dense.apply(x) as tf.SymbolicTensor;
    const kernel = layer.mergedKernel();
    dense.setWeights([kernel, layer.bias.read()]);
    kernel.dispose();
    return out;
  });
}

/**
 * Whether any layer of the model is a LoRA adapter.
 * @param model the model
 * @returns whether it has LoRA layers
 * @example
 * hasLora(buildCnn()) // false
 */
export function hasLora(model: tf.LayersModel): boolean {
  return model.layers.some((l) => l instanceof LoraDense);
}

/** A new layer of the same kind and config, applied to `x`, holding a copy of the layer's weights. */
function copyLayer(
  layer: tf.layers.Layer,
  x: tf.SymbolicTensor,
): { layer: tf.layers.Layer; output: tf.SymbolicTensor } {
  const copy = tf.layers.Layer.fromConfig(
    layer.constructor as tf.serialization.SerializableConstructor<tf.layers.Layer>,
    layer.getConfig(),
  ) as tf.layers.Layer;
  const output = copy.apply(x) as tf.SymbolicTensor;
  // Weights in the same order as the original's (trainable first), so setWeights lines up.
  if (layer.weights.length) copy.setWeights(layer.getWeights());
  copy.trainable = layer.trainable;
  return { layer: copy, output };
}

/** Builds a new model layer by layer from a plain stack of layers; the given model is not changed. */
function rebuild(
  model: tf.LayersModel,
  name: string,
  each: (layer: tf.layers.Layer, x: tf.SymbolicTensor, index: number) => tf.SymbolicTensor,
): tf.LayersModel {
  const input = tf.input({ shape: model.inputs[0]!.shape.slice(1) as number[] });
  let x: tf.SymbolicTensor = input;
  model.layers.forEach((layer, i) => {
    if (layer.getClassName() === 'InputLayer') return;
    x = each(layer, x, i);
  });
  return tf.model({ inputs: input, outputs: x, name });
}
