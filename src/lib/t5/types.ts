/**
 * The trainable T5's public types: the model, its configuration, and what fine-tuning takes and
 * returns. No tfjs here, so components can import these types on page load.
 */

/** One text-to-text example: what the model reads and what it should write. */
export interface TextPair {
  input: string;
  target: string;
}

/**
 * A family of weight matrices LoRA can adapt: the attention projections (`q`, `k`, `v`, `o`, in
 * self- and cross-attention alike) and the feed-forward layers (`ff`: `wi`, or `wi_0`/`wi_1` on
 * T5 v1.1, and `wo`).
 */
export type T5Target = 'q' | 'k' | 'v' | 'o' | 'ff';

/**
 * Every LoRA target, in a fixed order: the attention projections `q`, `k`, `v`, `o` and the
 * feed-forward block `ff`.
 * @example
 * const attentionOnly = T5_TARGETS.filter((target) => target !== 'ff'); // ['q', 'k', 'v', 'o']
 */
export const T5_TARGETS: readonly T5Target[] = Object.freeze(['q', 'k', 'v', 'o', 'ff']);

/** The shape of a T5, read from its `config.json`. */
export interface T5Config {
  /** `v1.0`: ReLU feed-forward, head tied to the embeddings (the mini T5). `v1.1`: gated GELU, untied head (FLAN-T5). */
  variant: 'v1.0' | 'v1.1';
  vocabSize: number;
  dModel: number;
  dKv: number;
  dFf: number;
  numHeads: number;
  numLayers: number;
  numDecoderLayers: number;
  relativeBuckets: number;
  relativeMaxDistance: number;
  layerNormEpsilon: number;
  padTokenId: number;
  eosTokenId: number;
  decoderStartTokenId: number;
  /** Whether the LM head is the embedding matrix (scaled by d_model^-0.5) or a matrix of its own. */
  tiedHead: boolean;
}

/** A T5 whose weights live in tfjs variables, ready to run, fine-tune and decode. */
export interface TrainableT5 {
  /** `v1.0` for the mini T5, `v1.1` for FLAN-T5. */
  readonly variant: 'v1.0' | 'v1.1';
  readonly config: Readonly<T5Config>;
  /** Where the weights came from (the `modelBase` given to `loadTrainableT5`). */
  readonly source: string;
  /** The tfjs backend its weights live on (e.g. `wasm`); T5 functions run there, then switch back. */
  readonly backend: string;
  /** The words of `text` that the tokenizer maps to `<unk>` (an empty list when all are known). */
  unknownWords(text: string): string[];
  /** Token ids of `text`, ending with `</s>`. */
  encode(text: string): number[];
  /** Text of token ids, stopping at `</s>` and skipping padding. */
  decode(ids: readonly number[]): string;
  /** Weights in the model, LoRA factors included when attached. */
  parameterCount(): number;
  /** Weights a fine-tuning run would change right now (LoRA factors when attached, else all). */
  trainableParameterCount(): number;
  /** Whether LoRA factors are attached (after a LoRA run and before `mergeT5Lora`). */
  hasLora(): boolean;
  /** Frees every tensor the model holds. The model cannot be used afterwards. */
  dispose(): void;
}

/** Progress of one fine-tuning step. */
export interface FineTuneStep {
  /** 1 for the first step. */
  step: number;
  /** Mean cross-entropy over the batch's target tokens. */
  loss: number;
  /** Seconds of training so far (evaluation excluded). */
  seconds: number;
  /** Teacher-forced exact match on the evaluation pairs, on the steps that evaluated. */
  evalAccuracy?: number;
}

/** How to fine-tune. Defaults suit the mini T5. */
export interface FineTuneOptions {
  /** `lora`: train small low-rank factors beside frozen weights. `full`: train every weight. */
  method: 'lora' | 'full';
  /** LoRA rank (default 8). */
  rank?: number;
  /** LoRA target matrices (default `['q', 'v']`). */
  targets?: T5Target[];
  /** Adam's learning rate (default 3e-3 for LoRA, 3e-4 for full). It decays linearly to a tenth over `maxSteps`. */
  learningRate?: number;
  /** Pairs per step (default 16). */
  batchSize?: number;
  /** Most steps to take (default 200). */
  maxSteps?: number;
  /** Stop once teacher-forced exact match on `evalPairs` reaches this fraction (default 0.9; 0 never stops early). */
  stopAtAccuracy?: number;
  /** Evaluate every this many steps (default 1). */
  evalEvery?: number;
  /** Seed for LoRA's initialisation and the batch order (default 1). */
  seed?: number;
  /** Pairs from earlier tasks mixed into each batch (a quarter of it) so the model keeps them. */
  rehearsal?: TextPair[];
  /** Stops the run, also in the middle of a step; the weights keep the last finished step. */
  signal?: AbortSignal;
  onStep?: (step: FineTuneStep) => void;
}

/** What a fine-tuning run did. */
export interface FineTuneResult {
  steps: number;
  /** Seconds of training (evaluation excluded). */
  seconds: number;
  stopped: 'target' | 'max-steps' | 'aborted';
  /** Loss after every step. */
  losses: number[];
  /** Last evaluation's teacher-forced exact match, if any ran. */
  evalAccuracy?: number;
  trainableParameters: number;
  totalParameters: number;
  /** The tfjs backend the run used, e.g. `wasm`. */
  backend: string;
}
