import { tf } from '../tf';

/** Variables that learn at one rate, with their optimizer. */
export interface OptimizerGroup {
  optimizer: tf.Optimizer;
  variables: tf.Variable[];
}

/** One optimizer per distinct learning rate, so fine-tuned layers can learn slower than a new head. */
export function optimizerGroups(
  model: tf.LayersModel,
  learningRate: number,
  kind: 'adam' | 'sgd',
  perLayer: Readonly<Record<string, number>>,
): OptimizerGroup[] {
  const names = model.layers.map((l) => l.name);
  for (const name of Object.keys(perLayer)) {
    if (!names.includes(name)) {
      throw new Error(
        `layerLearningRates names "${name}", but the model has no such layer. Its layers: ${names.join(', ')}.`,
      );
    }
  }
  const byRate = new Map<number, tf.Variable[]>();
  for (const layer of model.layers) {
    if (!layer.trainable) continue;
    const rate = perLayer[layer.name] ?? learningRate;
    const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    if (variables.length) byRate.set(rate, [...(byRate.get(rate) ?? []), ...variables]);
  }
  if (byRate.size === 0) throw new Error('Every layer is frozen: unfreeze at least one layer to train.');
  return [...byRate].map(([rate, variables]) => ({
    optimizer: kind === 'sgd' ? tf.train.sgd(rate) : tf.train.adam(rate),
    variables,
  }));
}
