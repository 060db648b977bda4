/**
 * Fine-tuning a T5 with teacher forcing: the decoder reads the right answer shifted by one and
 * learns to predict each next token (cross-entropy on the target tokens and `</s>`), with Adam.
 */
import { tf } from '../tf';
import { seededRandom, shuffleInPlace } from '../data/random';
import { asT5Model, type T5Model } from './model';
import { teacherForcedLogits } from './forward';
import { encodePairs, teacherBatch, type EncodedPair, type TeacherBatch } from './batches';
import { attachLora } from './lora';
import { onTextBackend } from '../backend/text-training';
import { yieldToEventLoop } from '../util/yield';
import type { FineTuneOptions, FineTuneResult, TextPair, TrainableT5 } from './types';

/** Mean cross-entropy over the real target tokens of a batch. */
function batchLoss(model: T5Model, batch: TeacherBatch): tf.Scalar {
  const logits = teacherForcedLogits(model, batch.inputs, batch.decoderInputs);
  const vocab = model.config.vocabSize;
  // int32 one-hot, then cast: tf.oneHot's float32 output is wrong on the wasm backend (4.22).
  const labels = tf.cast(tf.oneHot(tf.tensor1d(batch.labels, 'int32'), vocab), 'float32');
  const logProbs = tf.logSoftmax(logits);
  const picked = tf.sum(tf.mul(labels, logProbs), -1);
  const mask = tf.tensor1d(batch.decoderInputs.mask);
  return tf.div(tf.neg(tf.sum(tf.mul(picked, mask))), tf.sum(mask)) as tf.Scalar;
}

/** Adam (Kingma and Ba) over a fixed list of variables, with a learning rate set each step. */
class Adam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;
  constructor(
    private readonly vars: tf.Variable[],
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    // In tidy: a variable keeps its own reference to the data, and the initial tensor is freed.
    this.m = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
    this.v = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
  }

  apply(grads: Record<string, tf.Tensor>, learningRate: number): void {
    this.t += 1;
    const correction1 = 1 - this.beta1 ** this.t;
    const correction2 = 1 - this.beta2 ** this.t;
    tf.tidy(() => {
      this.vars.forEach((x, i) => {
        const g = grads[x.name];
        if (!g) return;
        const m = this.m[i]!;
        const v = this.v[i]!;
        m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
        v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
        const step = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), this.epsilon));
        x.assign(tf.sub(x, tf.mul(step, learningRate)));
      });
    });
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}

/** Teacher-forced exact match on encoded pairs, in batches of 64. */
async function exactMatch(model: T5Model, pairs: readonly EncodedPair[]): Promise<number> {
  if (pairs.length === 0) return 0;
  let right = 0;
  for (let start = 0; start < pairs.length; start += 64) {
    const batch = teacherBatch(model, pairs.slice(start, start + 64));
    const predicted = tf.tidy(() =>
      tf.argMax(teacherForcedLogits(model, batch.inputs, batch.decoderInputs), -1),
    );
    const ids = (await predicted.data()) as Int32Array;
    predicted.dispose();
    const { rows, length, mask } = batch.decoderInputs;
    for (let r = 0; r < rows; r++) {
      let ok = true;
      for (let t = 0; t < length && ok; t++) {
        const i = r * length + t;
        if (mask[i] && ids[i] !== batch.labels[i]) ok = false;
      }
      if (ok) right += 1;
    }
  }
  return right / pairs.length;
}

/**
 * Teacher-forced exact match: the share of pairs whose every target token (and `</s>`) is the
 * argmax when the model is fed the right tokens before it. One forward pass per batch; it equals
 * greedy exact match whenever greedy decoding would write the target.
 *
 * @param model - the model to measure.
 * @param pairs - pairs to score.
 * @returns a fraction in 0..1 (0 for no pairs).
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * const quick = await teacherForcedAccuracy(model, miniT5Examples('plural', 'seen', 50, 3));
 */
export async function teacherForcedAccuracy(model: TrainableT5, pairs: TextPair[]): Promise<number> {
  const m = asT5Model(model);
  return onTextBackend(m.backend, () => exactMatch(m, encodePairs(m, pairs)));
}

function checkOptions(train: TextPair[], opts: FineTuneOptions): void {
  if (train.length === 0)
    throw new Error('There is nothing to train on: add at least one input and target pair.');
  const bad = train.find((p) => !p.input.trim() || !p.target.trim());
  if (bad)
    throw new Error(`Every pair needs an input and a target; one has "${bad.input}" -> "${bad.target}".`);
  if (opts.method !== 'lora' && opts.method !== 'full') {
    throw new Error(`Unknown method "${String(opts.method)}": choose "lora" or "full".`);
  }
  for (const [key, value] of Object.entries({
    batchSize: opts.batchSize,
    maxSteps: opts.maxSteps,
    evalEvery: opts.evalEvery,
  })) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new Error(`${key} must be a whole number of at least 1 (got ${value}).`);
    }
  }
  if (opts.learningRate !== undefined && !(opts.learningRate > 0)) {
    throw new Error(`The learning rate must be above 0 (got ${opts.learningRate}).`);
  }
}

/** Draws batches in a seeded order, epoch after epoch, mixing in rehearsal pairs. */
function batchSource(train: EncodedPair[], rehearsal: EncodedPair[], size: number, seed: number) {
  const rng = seededRandom(seed * 31 + 7);
  const fromRehearsal = rehearsal.length ? Math.max(1, Math.floor(size / 4)) : 0;
  const fresh = size - fromRehearsal;
  let order: EncodedPair[] = [];
  return (): EncodedPair[] => {
    const batch: EncodedPair[] = [];
    while (batch.length < Math.min(fresh, Math.max(train.length, 1) * 64)) {
      if (order.length === 0) order = shuffleInPlace([...train], rng);
      batch.push(order.pop()!);
      if (batch.length >= fresh) break;
    }
    for (let i = 0; i < fromRehearsal; i++) batch.push(rehearsal[Math.floor(rng() * rehearsal.length)]!);
    return batch;
  };
}

/**
 * Fine-tunes a T5 on text pairs with teacher forcing: cross-entropy on the target tokens (and
 * `</s>`), Adam, and either LoRA factors on the chosen matrices or every weight. Stops at the
 * target accuracy on `evalPairs` (teacher-forced exact match), at `maxSteps`, or when `signal`
 * aborts, even mid-step (the step's update is then dropped). Tensors return to their count before
 * the call, plus the LoRA factors, which stay attached until `mergeT5Lora` or `removeT5Lora`.
 *
 * @param model - from `loadTrainableT5`; changed in place.
 * @param train - training pairs (at least one).
 * @param evalPairs - pairs to measure progress on (may be empty: then no early stop).
 * @param opts - method, rank, targets, learning rate, batch size, limits, callbacks.
 * @returns steps, seconds, why it stopped, the losses and the trainable share of the weights.
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * const train = miniT5Examples('translate', 'held_out', 256, 1);
 * const test = miniT5Examples('translate', 'held_out', 100, 2);
 * const run = await fineTuneT5(model, train, test, { method: 'lora', rank: 4, targets: ['q', 'v'] });
 * console.log(run.steps, await greedyAccuracy(model, test));
 */
export async function fineTuneT5(
  model: TrainableT5,
  train: TextPair[],
  evalPairs: TextPair[],
  opts: FineTuneOptions,
): Promise<FineTuneResult> {
  checkOptions(train, opts);
  return onTextBackend(model.backend, () => fineTuneOnBackend(asT5Model(model), train, evalPairs, opts));
}

async function fineTuneOnBackend(
  m: T5Model,
  train: TextPair[],
  evalPairs: TextPair[],
  opts: FineTuneOptions,
): Promise<FineTuneResult> {
  const seed = opts.seed ?? 1;
  const maxSteps = opts.maxSteps ?? 200;
  const evalEvery = opts.evalEvery ?? 1;
  const stopAt = opts.stopAtAccuracy ?? 0.9;
  const lora = opts.method === 'lora';
  const baseRate = opts.learningRate ?? (lora ? 3e-3 : 3e-4);
  if (lora) attachLora(m, opts.rank ?? 4, opts.targets ?? ['q', 'v'], seed);
  const vars = lora ? [...m.lora.values()].flatMap(({ a, b }) => [a, b]) : [...m.weights.values()];
  const totalParameters = m.parameterCount();
  const trainableParameters = vars.reduce((n, v) => n + v.size, 0);
  const nextBatch = batchSource(
    encodePairs(m, train),
    encodePairs(m, opts.rehearsal ?? []),
    opts.batchSize ?? 16,
    seed,
  );
  const evalSet = encodePairs(m, evalPairs);
  const losses: number[] = [];
  let seconds = 0;
  let stopped: FineTuneResult['stopped'] = 'max-steps';
  let evalAccuracy: number | undefined;
  if (!lora) {
    for (const v of vars) v.trainable = true;
    m.embeddingsTrainable = true;
  }
  const adam = new Adam(vars);
  try {
    for (let step = 1; step <= maxSteps; step++) {
      // On WebAssembly every promise here resolves as a microtask: let the page paint and read Stop.
      await yieldToEventLoop();
      if (opts.signal?.aborted) {
        stopped = 'aborted';
        break;
      }
      const started = performance.now();
      const batch = teacherBatch(m, nextBatch());
      const { value, grads } = tf.variableGrads(() => batchLoss(m, batch), vars);
      const loss = (await value.data())[0]!;
      value.dispose();
      if (opts.signal?.aborted) {
        // Stop pressed during the step: drop its update, keep the last finished step's weights.
        tf.dispose(grads);
        stopped = 'aborted';
        break;
      }
      // Linear decay to a tenth over the run: a constant rate let LoRA collapse once the loss neared zero.
      adam.apply(grads, baseRate * (1 - (0.9 * (step - 1)) / maxSteps));
      tf.dispose(grads);
      seconds += (performance.now() - started) / 1000;
      losses.push(loss);
      const record: { step: number; loss: number; seconds: number; evalAccuracy?: number } = {
        step,
        loss,
        seconds,
      };
      if (evalSet.length && (step % evalEvery === 0 || step === maxSteps)) {
        evalAccuracy = await exactMatch(m, evalSet);
        record.evalAccuracy = evalAccuracy;
      }
      opts.onStep?.(record);
      if (
        stopAt > 0 &&
        evalAccuracy !== undefined &&
        record.evalAccuracy !== undefined &&
        evalAccuracy >= stopAt
      ) {
        stopped = 'target';
        break;
      }
      if (!Number.isFinite(loss))
        throw new Error('The loss became infinite: lower the learning rate and try again.');
    }
  } finally {
    adam.dispose();
    if (!lora) for (const v of vars) v.trainable = false;
    m.embeddingsTrainable = false;
  }
  return {
    steps: losses.length,
    seconds,
    stopped,
    losses,
    ...(evalAccuracy !== undefined ? { evalAccuracy } : {}),
    trainableParameters,
    totalParameters,
    backend: tf.getBackend(),
  };
}

/**
 * Times one LoRA training step at the given batch size and undoes it (no weight changes), so a
 * reader can be told how long a run will take before choosing to start it. The first step on
 * WebGL or WebGPU includes compiling shaders, so the estimate is on the high side there.
 *
 * @param model - the model (no LoRA attached).
 * @param sample - a few training pairs.
 * @param opts - batch size (default 16), rank (default 4) and targets (default q, v).
 * @returns seconds for that one step.
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * const s = await timeOneStep(model, miniT5Examples('translate', 'held_out', 16, 1));
 * if (s > 10) console.log('Each step takes more than 10 s on this machine.');
 */
export async function timeOneStep(
  model: TrainableT5,
  sample: TextPair[],
  opts: { batchSize?: number; rank?: number; targets?: FineTuneOptions['targets'] } = {},
): Promise<number> {
  const m = asT5Model(model);
  if (m.hasLora()) throw new Error('Time a step before attaching LoRA (or call removeT5Lora first).');
  const run = await fineTuneT5(model, sample, [], {
    method: 'lora',
    rank: opts.rank ?? 4,
    targets: opts.targets ?? ['q', 'v'],
    batchSize: opts.batchSize ?? 16,
    maxSteps: 1,
    stopAtAccuracy: 0,
  });
  m.clearLora();
  return run.seconds;
}
