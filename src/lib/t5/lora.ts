/**
 * LoRA for the T5: a low-rank pair A [in, r], B [r, out] beside each chosen weight W [in, out],
 * so the layer computes x·W + x·A·B·(alpha / r). B starts at zero, so the model starts out exactly
 * as it was; A starts small and random (seeded).
 */
import { tf } from '../tf';
import { gaussian, seededRandom } from '../data/random';
import type { T5Model } from './model';
import { T5_TARGETS, type T5Target } from './types';

/** The canonical names of the weights a list of targets covers (self- and cross-attention alike). */
export function loraWeightNames(model: T5Model, targets: readonly T5Target[]): string[] {
  for (const t of targets) {
    if (!T5_TARGETS.includes(t))
      throw new Error(`Unknown LoRA target "${t}". Choose from: ${T5_TARGETS.join(', ')}.`);
  }
  if (targets.length === 0) throw new Error('Choose at least one LoRA target (q, k, v, o or ff).');
  const names: string[] = [];
  for (const name of model.weights.keys()) {
    const m = name.match(/\.(self|cross)\.([qkvo])$/);
    if (m && targets.includes(m[2] as T5Target)) names.push(name);
    if (/\.ff\.w/.test(name) && targets.includes('ff')) names.push(name);
  }
  return names;
}

/**
 * Attaches fresh LoRA pairs to the target weights (replacing any attached before).
 *
 * @returns the number of LoRA weights added.
 */
export function attachLora(model: T5Model, rank: number, targets: readonly T5Target[], seed: number): number {
  if (!Number.isInteger(rank) || rank < 1)
    throw new Error(`The LoRA rank must be a whole number of at least 1 (got ${rank}).`);
  model.clearLora();
  const names = loraWeightNames(model, targets);
  const rng = seededRandom(seed);
  const alpha = 2 * rank;
  let added = 0;
  for (const name of names) {
    const [inputs, outputs] = model.weight(name).shape as [number, number];
    const std = 1 / Math.sqrt(inputs);
    const a = Float32Array.from({ length: inputs * rank }, () => gaussian(rng) * std);
    model.lora.set(name, {
      a: tf.tidy(() => tf.variable(tf.tensor2d(a, [inputs, rank]), true, undefined, 'float32')),
      b: tf.tidy(() => tf.variable(tf.zeros([rank, outputs]), true, undefined, 'float32')),
      scale: alpha / rank,
    });
    added += (inputs + outputs) * rank;
  }
  model.loraSetup = { rank, targets: [...targets], alpha };
  return added;
}
