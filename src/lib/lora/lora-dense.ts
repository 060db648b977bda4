/**
 * LoRA (Hu et al., 2021) for a dense layer: the pretrained kernel W stays frozen and the layer
 * learns a low-rank update instead, y = x W + b + (alpha / r) * (x A) B, with A [in, r] random and
 * B [r, out] zero at the start (so the adapted model starts out exactly equal to the original).
 * Trains r * (in + out) numbers instead of in * out.
 */
import { tf } from '../tf';

export interface LoraDenseArgs {
  units: number;
  rank: number;
  alpha: number;
  activation?: string;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

const ACTIVATIONS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  sigmoid: (x) => tf.sigmoid(x),
  tanh: (x) => tf.tanh(x),
  softmax: (x) => tf.softmax(x),
};

/**
 * A dense layer with a frozen base weight W and a trainable low-rank update (alpha / r) B A.
 * @param args the base layer's units and weights, the rank r, alpha and the seed
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * (await addLora(model, { layers: ['features'], rank: 2 })).layers.some((l) => l instanceof LoraDense)
 */
export class LoraDense extends tf.layers.Layer {
  static className = 'LoraDense';
  readonly units: number;
  readonly rank: number;
  readonly alpha: number;
  readonly activation: string;
  readonly seed: number;
  kernel!: tf.LayerVariable;
  bias!: tf.LayerVariable;
  loraA!: tf.LayerVariable;
  loraB!: tf.LayerVariable;

  constructor(args: LoraDenseArgs) {
    super({ name: args.name, trainable: args.trainable ?? true });
    if (!Number.isInteger(args.rank) || args.rank < 1)
      throw new Error(`LoRA rank must be a whole number >= 1, got ${args.rank}.`);
    if (!(args.alpha > 0)) throw new Error(`LoRA alpha must be above 0, got ${args.alpha}.`);
    const activation = args.activation ?? 'linear';
    if (!(activation in ACTIVATIONS)) {
      throw new Error(
        `LoRA supports the activations ${Object.keys(ACTIVATIONS).join(', ')}, not "${activation}".`,
      );
    }
    this.units = args.units;
    this.rank = args.rank;
    this.alpha = args.alpha;
    this.activation = activation;
    this.seed = args.seed ?? 0;
  }

  /** alpha / r: how strongly the low-rank update counts. */
  get scale(): number {
    return this.alpha / this.rank;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputs = shape[shape.length - 1] as number;
    // The base weights are added as non-trainable: no optimizer ever sees them.
    this.kernel = this.addWeight(
      'kernel',
      [inputs, this.units],
      'float32',
      tf.initializers.zeros(),
      undefined,
      false,
    );
    this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros(), undefined, false);
    this.loraA = this.addWeight(
      'lora_a',
      [inputs, this.rank],
      'float32',
      tf.initializers.randomNormal({ mean: 0, stddev: 1 / Math.sqrt(inputs), seed: this.seed }),
      undefined,
      true,
    );
    this.loraB = this.addWeight(
      'lora_b',
      [this.rank, this.units],
      'float32',
      tf.initializers.zeros(),
      undefined,
      true,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
      const base = tf.add(tf.matMul(x, this.kernel.read() as tf.Tensor2D), this.bias.read());
      const update = tf.matMul(
        tf.matMul(x, this.loraA.read() as tf.Tensor2D),
        this.loraB.read() as tf.Tensor2D,
      );
      return ACTIVATIONS[this.activation]!(tf.add(base, tf.mul(update, this.scale)));
    });
  }

  /** W + (alpha / r) A B: the single kernel a merged model uses. The caller disposes it. */
  mergedKernel(): tf.Tensor2D {
    return tf.tidy(() =>
      tf.add(
        this.kernel.read(),
        tf.mul(tf.matMul(this.loraA.read() as tf.Tensor2D, this.loraB.read() as tf.Tensor2D), this.scale),
      ),
    ) as tf.Tensor2D;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      rank: this.rank,
      alpha: this.alpha,
      activation: this.activation,
      seed: this.seed,
    };
  }
}

tf.serialization.registerClass(LoraDense);
