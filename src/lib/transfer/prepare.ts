import type { tf } from '../tf';
import { cloneModel } from '../models/clone';
import { outputCount } from '../data/classes';
import { freezeBelow, reinitialize, replaceHead } from './layers';

export type TransferStrategy = 'feature-extraction' | 'fine-tune' | 'scratch';

export interface PrepareTransferOptions {
  /** Outputs of the new head (5 for digits 5-9). */
  classes: number;
  /**
   * feature-extraction: freeze the pretrained body, train only the new head.
   * fine-tune: train from `fromLayer` upward (default: every layer).
   * scratch: the same architecture with fresh random weights (the baseline).
   */
  strategy: TransferStrategy;
  /** For fine-tune: the lowest layer that learns, e.g. 'features'. */
  fromLayer?: string;
  /**
   * 'new' (default): a fresh head with `classes` outputs, for a new task. 'keep': the pretrained
   * head stays, for the same classes in a new domain (the optical digits after MNIST); then
   * feature-extraction trains only that head, and `classes` must match it.
   */
  head?: 'new' | 'keep';
  seed?: number;
}

/**
 * A new model for a new task, made from a pretrained one (which stays untouched): a fresh head and
 * the chosen strategy's frozen and trainable layers.
 * @param pretrained the pretrained model (left unchanged)
 * @param options classes of the new task, the strategy ('feature-extraction', 'fine-tune', 'scratch'), the layer fine-tuning starts from, the seed
 * @returns a new model with a new head, frozen as the strategy says
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * const tuned = await prepareTransfer(model, { classes: 5, strategy: 'fine-tune', seed: 1 });
 */
export async function prepareTransfer(
  pretrained: tf.LayersModel,
  options: PrepareTransferOptions,
): Promise<tf.LayersModel> {
  const { classes, strategy, fromLayer, head = 'new', seed = 0 } = options;
  if (head !== 'new' && head !== 'keep')
    throw new Error(`head must be 'new' or 'keep', got "${String(head)}".`);
  const copy = await cloneModel(pretrained);
  let model = copy;
  if (head === 'keep') {
    const outputs = outputCount(copy);
    if (outputs !== classes) {
      copy.dispose();
      throw new Error(
        `Keeping the head keeps its ${outputs} outputs, but classes is ${classes}: use head: 'new' for a different set of classes.`,
      );
    }
  } else {
    model = replaceHead(copy, classes, { seed });
    // The copy's old head is in no model any more: free its weights.
    for (const weight of copy.layers[copy.layers.length - 1]!.weights) weight.dispose();
  }
  if (strategy === 'feature-extraction') freezeBelow(model, 'logits');
  else if (strategy === 'fine-tune') freezeBelow(model, fromLayer ?? model.layers[0]!.name);
  else if (strategy === 'scratch') {
    model.layers.forEach((layer) => (layer.trainable = true));
    reinitialize(model, seed);
  } else {
    throw new Error(
      `Unknown strategy "${String(strategy)}". Choose feature-extraction, fine-tune or scratch.`,
    );
  }
  return model;
}
