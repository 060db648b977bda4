/**
 * The course CNN with one body and several heads (Caruana, 1997): the convolutions and the dense
 * `features` layer are shared, and each task or domain gets its own `logits` layer. With the same
 * seed the body starts from exactly the weights `buildCnn` gives its body.
 */
import { tf } from '../tf';
import { checkClasses, cnnBody, init } from './build';

export interface MultiHeadCnn {
  /** Every head in one model, outputs in the order of `names`: train this to learn all at once. */
  joint: tf.LayersModel;
  /** One model per head (the shared body, then that head), for training or scoring one task. */
  heads: Readonly<Record<string, tf.LayersModel>>;
  names: readonly string[];
  /** Frees the weights of the body and of every head. */
  dispose(): void;
}

export interface MultiHeadOptions {
  /** One name per head, e.g. ['mnist', 'optical']; the head's layer is `logits_<name>`. */
  heads: readonly string[];
  /** Outputs of each head (default 10). */
  classes?: number;
  seed?: number;
}

/**
 * Builds the course CNN with one shared body (convolutions and the `features` layer) and a separate
 * `logits_<name>` head per task, untrained.
 *
 * @param options - the head names, classes per head (default 10) and the weights' seed (default 1).
 * @returns the joint model (all heads), one model per head, and `dispose()` for all their weights.
 * @example
 * const net = buildMultiHeadCnn({ heads: ['mnist', 'optical'], seed: 1 });
 * console.log(net.joint.outputs.length); // 2
 * net.dispose();
 */
export function buildMultiHeadCnn(options: MultiHeadOptions): MultiHeadCnn {
  const { heads: names, classes = 10, seed = 1 } = options;
  if (names.length < 1) throw new Error('A multi-head model needs at least one head name.');
  if (new Set(names).size !== names.length)
    throw new Error(`Head names must differ, got ${names.join(', ')}.`);
  checkClasses(classes);
  const input = tf.input({ shape: [28, 28, 1], name: 'image' });
  const body = cnnBody(seed);
  const features = body.reduce<tf.SymbolicTensor>((x, layer) => layer.apply(x) as tf.SymbolicTensor, input);
  // The first head starts where buildCnn's `logits` does; each further head has its own numbers.
  const outputs = names.map(
    (name, i) =>
      tf.layers
        .dense({ name: `logits_${name}`, units: classes, kernelInitializer: init(seed, 6 + i * 10) })
        .apply(features) as tf.SymbolicTensor,
  );
  const joint = tf.model({ name: 'multi-head-cnn', inputs: input, outputs });
  const heads = Object.fromEntries(
    names.map((name, i) => [name, tf.model({ name: `cnn-${name}`, inputs: input, outputs: outputs[i]! })]),
  );
  return {
    joint,
    heads,
    names,
    dispose() {
      // tfjs counts a layer's uses by symbolic calls, not by models: each layer here was called once,
      // so disposing the joint model (which holds every layer) frees every weight. Disposing a head
      // model as well would dispose the shared body twice and throw.
      joint.dispose();
    },
  };
}
