// Layers by name: used by the models' inspectors and by transfer's freeze and replace helpers
// (which re-export it), so it lives here, below both.
import type { tf } from '../tf';

/**
 * The model's layers by name, throwing a message that lists the real names on a typo.
 * @param model the model
 * @param names the layers' names
 * @returns the layers, in the order named
 * @example
 * layersNamed(buildCnn(), ['conv1'])[0].name // 'conv1'
 */
export function layersNamed(model: tf.LayersModel, names: readonly string[]): tf.layers.Layer[] {
  const all = model.layers.map((l) => l.name);
  return names.map((name) => {
    const layer = model.layers.find((l) => l.name === name);
    if (!layer) throw new Error(`The model has no layer named "${name}". Its layers: ${all.join(', ')}.`);
    return layer;
  });
}
