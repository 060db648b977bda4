/**
 * The trainable T5's state: its weights as tfjs variables under canonical names, the LoRA factors
 * attached to some of them, and the tokenizer. The maths is in forward.ts.
 */
import { tf } from '../tf';
import type { T5Config, TrainableT5 } from './types';

/** The part of a transformers.js tokenizer the T5 uses. */
export interface T5Tokenizer {
  encode(text: string): number[];
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
  unk_token_id?: number;
}

/** A LoRA pair beside a frozen weight W [in, out]: W + A·B·scale, A [in, r], B [r, out]. */
export interface LoraFactors {
  a: tf.Variable;
  b: tf.Variable;
  scale: number;
}

/** The records kept about an attached LoRA (for the adapter file). */
export interface LoraSetup {
  rank: number;
  targets: string[];
  alpha: number;
}

export class T5Model implements TrainableT5 {
  readonly variant: 'v1.0' | 'v1.1';
  /** Canonical name -> weight, e.g. `shared`, `encoder.layer.0.self.q`, `decoder.finalNorm`. */
  readonly weights: Map<string, tf.Variable>;
  readonly lora = new Map<string, LoraFactors>();
  loraSetup: LoraSetup | null = null;
  /** When true, embeddings are looked up by a one-hot matmul so their gradient exists on every backend. */
  embeddingsTrainable = false;
  private disposed = false;

  constructor(
    readonly config: Readonly<T5Config>,
    weights: Map<string, tf.Variable>,
    readonly tokenizer: T5Tokenizer,
    readonly source: string,
    /** The tfjs backend the weights live on; the T5 functions switch to it while they run. */
    readonly backend: string,
  ) {
    this.variant = config.variant;
    this.weights = weights;
  }

  weight(name: string): tf.Variable {
    this.assertUsable();
    const w = this.weights.get(name);
    if (!w) throw new Error(`The model has no weight "${name}".`);
    return w;
  }

  assertUsable(): void {
    if (this.disposed) throw new Error('This T5 was disposed; load it again to use it.');
  }

  encode(text: string): number[] {
    return this.tokenizer.encode(text);
  }

  decode(ids: readonly number[]): string {
    const cut = ids.indexOf(this.config.eosTokenId);
    const kept = (cut === -1 ? [...ids] : ids.slice(0, cut)).filter((id) => id !== this.config.padTokenId);
    // An answer that ends at once (</s> first) is the empty string; the tokenizer throws on no ids.
    if (kept.length === 0) return '';
    return this.tokenizer.decode(kept, { skip_special_tokens: true }).replace(/\s+/g, ' ').trim();
  }

  unknownWords(text: string): string[] {
    const unk = this.tokenizer.unk_token_id ?? 2;
    const words = text.split(/\s+/).filter((w) => w.length > 0);
    const unknown = words.filter((word) => this.tokenizer.encode(word).includes(unk));
    return [...new Set(unknown)];
  }

  parameterCount(): number {
    let count = 0;
    for (const w of this.weights.values()) count += w.size;
    for (const { a, b } of this.lora.values()) count += a.size + b.size;
    return count;
  }

  trainableParameterCount(): number {
    if (this.lora.size === 0) return this.parameterCount();
    let count = 0;
    for (const { a, b } of this.lora.values()) count += a.size + b.size;
    return count;
  }

  hasLora(): boolean {
    return this.lora.size > 0;
  }

  /** Drops every LoRA pair (used by removeT5Lora and mergeT5Lora). */
  clearLora(): void {
    for (const { a, b } of this.lora.values()) {
      a.dispose();
      b.dispose();
    }
    this.lora.clear();
    this.loraSetup = null;
  }

  dispose(): void {
    if (this.disposed) return;
    this.clearLora();
    for (const w of this.weights.values()) w.dispose();
    this.weights.clear();
    this.disposed = true;
  }
}

/** The model behind a `TrainableT5` (every one this library makes is a `T5Model`). */
export function asT5Model(model: TrainableT5): T5Model {
  if (!(model instanceof T5Model)) throw new Error('Pass a model made by loadTrainableT5.');
  model.assertUsable();
  return model;
}
