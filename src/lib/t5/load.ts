import type { TrainableT5 } from './types';

/** Options for `loadTrainableT5`. */
export interface LoadTrainableT5Options {
  /** Called as files arrive and weights are read: a fraction in 0..1 and a line of status. */
  onProgress?: (fraction: number, status: string) => void;
  /** Stops the download; the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/**
 * Loads a T5 for training from the files transformers.js runs: `config.json`, `tokenizer.json`,
 * `tokenizer_config.json`, and the fp32 `onnx/encoder_model.onnx` and
 * `onnx/decoder_model_merged.onnx`, whose initializers become tfjs variables.
 *
 * @param modelBase - the model's folder: a site path such as `/models/mini-t5`, a Hub base URL
 *   such as `https://huggingface.co/Xenova/flan-t5-small/resolve/main`, or (in Node) a folder on disk.
 * @param opts - progress callback and abort signal.
 * @returns the model, on the tfjs backend active when it was called.
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * console.log(model.variant, model.parameterCount()); // "v1.0" 828544
 */
export async function loadTrainableT5(
  modelBase: string,
  opts: LoadTrainableT5Options = {},
): Promise<TrainableT5> {
  void modelBase;
  void opts;
  throw new Error('loadTrainableT5 is not written yet.');
}
