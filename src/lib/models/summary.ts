import { tf } from '../tf';

export interface LayerSummary {
  name: string;
  /** Keras class name, e.g. Conv2D, Dense, LoraDense. */
  type: string;
  /** e.g. [null, 26, 26, 32]: null is the batch dimension. */
  outputShape: (number | null)[];
  params: number;
  trainable: boolean;
}

export interface ModelSummary {
  layers: LayerSummary[];
  params: number;
  trainableParams: number;
  /** Size of the weights as float32 (what the shipped files weigh). */
  bytes: number;
  /** trainableParams / params, e.g. the small share LoRA trains. */
  trainableFraction: number;
}

/** Layers, output shapes and parameter counts, trainable or frozen. */
export function summarize(model: tf.LayersModel): ModelSummary {
  const layers = model.layers.map((layer) => {
    const shape = layer.outputShape;
    return {
      name: layer.name,
      type: layer.getClassName(),
      outputShape: (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[],
      params: layer.countParams(),
      trainable: layer.trainable,
    };
  });
  const count = (weights: tf.LayerVariable[]) => weights.reduce((sum, w) => sum + sizeOf(w.shape), 0);
  const params = count(model.weights);
  const trainableParams = count(model.trainableWeights);
  return {
    layers,
    params,
    trainableParams,
    bytes: params * 4,
    trainableFraction: params ? trainableParams / params : 0,
  };
}

function sizeOf(shape: readonly (number | null)[]): number {
  return shape.reduce<number>((product, d) => product * (d ?? 1), 1);
}
