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

/**
 * Layers, output shapes and parameter counts, trainable or frozen.
 * @param model the model
 * @returns its layers with shapes and parameter counts, and totals
 * @example
 * table(summarize(buildCnn()).layers)
 */
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

/**
 * Multiply-adds one image costs a forward pass: for a convolution, (output positions) x (kernel
 * height x width x input channels x filters); for a dense layer, inputs x outputs (each 2-D weight
 * matrix, so a LoRA layer counts its low-rank pair too). Pooling, activations and biases are not
 * multiply-adds and are left out. A cost that does not depend on the backend, unlike latency.
 * @param model the model
 * @returns multiply-adds for one image through it
 * @example
 * multiplyAdds(buildCnn())
 */
export function multiplyAdds(model: tf.LayersModel): number {
  let total = 0;
  for (const layer of model.layers) {
    const kernels = layer.weights.map((w) => w.shape as number[]).filter((shape) => shape.length >= 2);
    if (layer.getClassName() === 'Conv2D') {
      const out = (
        Array.isArray(layer.outputShape[0]) ? layer.outputShape[0] : layer.outputShape
      ) as number[];
      const positions = out[1]! * out[2]!;
      total += kernels.reduce((sum, shape) => sum + positions * sizeOf(shape), 0);
    } else if (kernels.every((shape) => shape.length === 2)) {
      total += kernels.reduce((sum, shape) => sum + sizeOf(shape), 0);
    } else {
      throw new Error(`multiplyAdds does not know how to count a ${layer.getClassName()} layer.`);
    }
  }
  return total;
}

function sizeOf(shape: readonly (number | null)[]): number {
  return shape.reduce<number>((product, d) => product * (d ?? 1), 1);
}
