import { tf } from '../tf';
import { textTrainingBackend, type TextTrainingBackend } from '../backend/text-training';
import { transformers } from '../text/runtime';
import { t5ConfigFrom } from './config';
import { T5_ONNX_FILES, readModelFile, readModelJson } from './files';
import { T5Model, type T5Tokenizer } from './model';
import type { T5Config, TrainableT5 } from './types';
import { t5WeightsFromOnnx, type WeightMap } from './weights';

/** Options for `loadTrainableT5`. */
export interface LoadTrainableT5Options {
  /** Called as files arrive and weights are read: a fraction in 0..1 and a line of status. */
  onProgress?: (fraction: number, status: string) => void;
  /** Stops the download; the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
  /**
   * The tfjs backend to hold the weights and train on: `auto` (default) switches tfjs to
   * `textTrainingBackend()`'s choice (WebAssembly where it starts), `current` keeps tfjs's
   * active backend, a name tries that backend first.
   */
  backend?: 'auto' | 'current' | TextTrainingBackend;
}

/** The canonical weight names a T5 of this shape needs from each file. */
function expectedWeights(c: T5Config, stack: 'encoder' | 'decoder'): string[] {
  const ff = c.variant === 'v1.1' ? ['ff.wi_0', 'ff.wi_1', 'ff.wo'] : ['ff.wi', 'ff.wo'];
  const attention = (kind: string) => ['q', 'k', 'v', 'o'].map((m) => `${kind}.${m}`);
  const layers = stack === 'encoder' ? c.numLayers : c.numDecoderLayers;
  const names = ['positionBias', 'finalNorm'];
  for (let i = 0; i < layers; i++) {
    const parts =
      stack === 'encoder'
        ? ['norm1', 'norm2', ...attention('self'), ...ff]
        : ['norm1', 'norm2', 'norm3', ...attention('self'), ...attention('cross'), ...ff];
    names.push(...parts.map((p) => `layer.${i}.${p}`));
  }
  return names;
}

function toVariables(c: T5Config, encoder: WeightMap, decoder: WeightMap): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  const take = (from: WeightMap, name: string, as: string) => {
    const t = from.get(name);
    if (!t)
      throw new Error(`The ONNX file has no weight for "${as}": is this a T5 exported for transformers.js?`);
    out.set(
      as,
      tf.tidy(() => tf.variable(tf.tensor(t.data, t.dims), false, undefined, 'float32')),
    );
  };
  take(encoder, 'shared', 'shared');
  if (!c.tiedHead) take(decoder, 'head', 'head');
  for (const name of expectedWeights(c, 'encoder')) take(encoder, name, `encoder.${name}`);
  for (const name of expectedWeights(c, 'decoder')) take(decoder, name, `decoder.${name}`);
  return out;
}

async function loadTokenizer(base: string, signal?: AbortSignal): Promise<T5Tokenizer> {
  const [json, config, module] = await Promise.all([
    readModelJson(base, 'tokenizer.json', signal),
    readModelJson(base, 'tokenizer_config.json', signal),
    transformers(),
  ]);
  return new module.T5Tokenizer(json, config) as unknown as T5Tokenizer;
}

/**
 * Loads a T5 for training from the files transformers.js runs: `config.json`, `tokenizer.json`,
 * `tokenizer_config.json`, and the fp32 `onnx/encoder_model.onnx` and
 * `onnx/decoder_model_merged.onnx`, whose initializers become tfjs variables.
 *
 * @param modelBase - the model's folder: a site path such as `/models/mini-t5`, a Hub base URL
 *   such as `https://huggingface.co/Xenova/flan-t5-small/resolve/main`, or (in Node) a folder on disk.
 * @param opts - progress callback and abort signal.
 * @returns the model, its weights on the backend `opts.backend` chose.
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * console.log(model.variant, model.parameterCount()); // "v1.0" 828544
 */
export async function loadTrainableT5(
  modelBase: string,
  opts: LoadTrainableT5Options = {},
): Promise<TrainableT5> {
  const { onProgress, signal, backend = 'auto' } = opts;
  // The weights are made on the training backend; the backend that was active before comes back
  // when loading ends, and the T5 functions switch to the model's backend only while they run.
  const previous = tf.getBackend();
  // One line per stage, so a reader (or a test) waiting here can see which stage is slow.
  if (backend !== 'current') {
    onProgress?.(0, 'Starting the TensorFlow.js backend for training');
    await textTrainingBackend(backend);
  }
  try {
    return await loadOnTrainingBackend(modelBase, onProgress, signal);
  } finally {
    if (previous && tf.getBackend() !== previous) await tf.setBackend(previous);
  }
}

async function loadOnTrainingBackend(
  modelBase: string,
  onProgress: LoadTrainableT5Options['onProgress'],
  signal: AbortSignal | undefined,
): Promise<TrainableT5> {
  onProgress?.(0, 'Reading the model configuration');
  const config = t5ConfigFrom(await readModelJson(modelBase, 'config.json', signal));
  onProgress?.(0, 'Reading the tokenizer');
  const tokenizer = await loadTokenizer(modelBase, signal);
  const files = T5_ONNX_FILES;
  const received = [0, 0];
  const totals = [0, 0];
  const report = () => {
    const total = totals[0]! + totals[1]!;
    const got = received[0]! + received[1]!;
    const mb = (n: number) => (n / 1e6).toFixed(1);
    onProgress?.(
      total ? (0.9 * got) / total : 0,
      `Downloading weights: ${mb(got)} of ${total ? mb(total) : '?'} MB`,
    );
  };
  const bytes = await Promise.all(
    files.map((file, i) =>
      readModelFile(modelBase, file, {
        signal,
        onBytes: (got, total) => {
          received[i] = got;
          totals[i] = total;
          report();
        },
      }),
    ),
  );
  onProgress?.(0.92, 'Reading the weights');
  let weights: Map<string, tf.Variable>;
  try {
    const encoder = t5WeightsFromOnnx(bytes[0]!, false);
    const decoder = t5WeightsFromOnnx(bytes[1]!, true);
    weights = toVariables(config, encoder, decoder);
  } catch (error) {
    if (error instanceof RangeError || /memory|allocat/i.test(String(error))) {
      throw new Error(
        `This device ran out of memory holding the model's weights for training (${(bytes[0]!.length + bytes[1]!.length) / 1e6} MB of files). Close other tabs, or fine-tune the mini T5 instead.`,
      );
    }
    throw error;
  }
  onProgress?.(1, 'Ready');
  return new T5Model(config, weights, tokenizer, modelBase, tf.getBackend());
}
