/**
 * A trained LoRA adapter as a small, detachable set of numbers: A and B of every adapted layer,
 * plus the weights of the layers trained in full (a new head). One LoRA model can then carry
 * several tasks: keep its frozen base once, and put in the adapter of the task at hand.
 */
import { tf } from '../tf';
import { LoraDense } from './lora-dense';

export interface LoraAdapter {
  rank: number;
  /** A and B of each adapted layer, by layer name, as plain numbers. */
  low: Record<string, { a: Float32Array; b: Float32Array }>;
  /** Weights of the layers trained in full (e.g. a new head), by layer name. */
  full: Record<string, Float32Array[]>;
  /** How many numbers the adapter holds: what a task costs on top of the shared base. */
  params: number;
}

function loraLayers(model: tf.LayersModel): LoraDense[] {
  const layers = model.layers.filter((l): l is LoraDense => l instanceof LoraDense);
  if (layers.length === 0)
    throw new Error('This model carries no LoRA adapter: make one with addLora(model, {...}).');
  return layers;
}

/** Layers outside the adapters that train (trainInFull), whose weights belong to the task too. */
function fullLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter(
    (l) => !(l instanceof LoraDense) && l.trainable && l.trainableWeights.length > 0,
  );
}

/**
 * A copy of the model's current adapter (the model keeps using it).
 * @param model a model with LoRA layers
 * @returns its adapter: the low-rank weights and the layers trained in full
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * (await getAdapter(await addLora(model, { layers: ['features'], rank: 2 }))).params
 */
export async function getAdapter(model: tf.LayersModel): Promise<LoraAdapter> {
  const layers = loraLayers(model);
  const low: LoraAdapter['low'] = {};
  let params = 0;
  for (const layer of layers) {
    const a = (await layer.loraA.read().data()) as Float32Array;
    const b = (await layer.loraB.read().data()) as Float32Array;
    low[layer.name] = { a: a.slice(), b: b.slice() };
    params += a.length + b.length;
  }
  const full: LoraAdapter['full'] = {};
  for (const layer of fullLayers(model)) {
    full[layer.name] = [];
    for (const weight of layer.weights) {
      const values = (await weight.read().data()) as Float32Array;
      full[layer.name]!.push(values.slice());
      params += values.length;
    }
  }
  return { rank: layers[0]!.rank, low, full, params };
}

/**
 * Puts an adapter taken with getAdapter (from a model of the same shape) into the model.
 * @param model a model with LoRA layers of the same shape
 * @param adapter an adapter from getAdapter
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * const adapted = await addLora(model, { layers: ['features'], rank: 2 });
 * setAdapter(adapted, await getAdapter(adapted));
 */
export function setAdapter(model: tf.LayersModel, adapter: LoraAdapter): void {
  for (const layer of loraLayers(model)) {
    const own = adapter.low[layer.name];
    if (!own || layer.rank !== adapter.rank) {
      throw new Error(
        `This adapter does not fit the model: it has no rank-${layer.rank} update for "${layer.name}".`,
      );
    }
    writeInto(layer.loraA, own.a);
    writeInto(layer.loraB, own.b);
  }
  for (const [name, values] of Object.entries(adapter.full)) {
    const layer = model.getLayer(name);
    layer.weights.forEach((weight, i) => writeInto(weight, values[i]!));
  }
}

/**
 * Switches the low-rank updates off (B = 0), so every adapted layer computes exactly its frozen
 * pretrained weights again. Layers trained in full keep their weights.
 * @param model a model with LoRA layers
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * clearAdapter(await addLora(model, { layers: ['features'], rank: 2 }));
 */
export function clearAdapter(model: tf.LayersModel): void {
  for (const layer of loraLayers(model)) {
    const zeros = tf.zerosLike(layer.loraB.read());
    layer.loraB.write(zeros);
    zeros.dispose();
  }
}

function writeInto(variable: tf.LayerVariable, values: Float32Array): void {
  const size = variable.shape.reduce<number>((n, d) => n * (d ?? 1), 1);
  if (values.length !== size) {
    throw new Error(
      `This adapter does not fit the model: ${variable.name} holds ${size} numbers, the adapter ${values.length}.`,
    );
  }
  const tensor = tf.tensor(values, variable.shape as number[]);
  variable.write(tensor);
  tensor.dispose();
}
