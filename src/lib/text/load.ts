/**
 * Loading a text-to-text model and using it: the API lessons, widgets and code cells call.
 *
 * The model runs in this realm's text runtime (a dedicated worker in a browser, see
 * worker/client.ts); a `TextModel` is a handle on it that
 * - runs one generation (or feature extraction) at a time, in call order, so two widgets sharing a
 *   model never run it at once;
 * - refuses prompts over the model's limit with a plain message, before anything runs;
 * - loads itself again, transparently, when the runtime was replaced after a failure (on WebAssembly
 *   if the failure was a lost GPU device), and records what that restart cost.
 */
import {
  chooseTextDevice,
  publishTextDevice,
  type TextDevice,
  type TextDevicePreference,
  type TextDtype,
} from '../backend/text-device';
import type { FittedPrompt, LoadedModelInfo, LoadPlan, TokenView } from './engine';
import { emptyPrompt, TextModelError } from './errors';
import type { DownloadPlan } from './download-size';
import type { GenerateOptions, GenerationResult } from './generate';
import type { FeatureLayout } from './features';
import type { DownloadProgress } from './progress';
import { DEFAULT_TEXT_MODEL, textModelEntry, type TextModelEntry } from './registry';
import { textRuntime, type TextRuntime } from './worker/client';
import type { WireGenerateOptions } from './worker/protocol';

export type { FittedPrompt, TokenView } from './engine';

export interface LoadTextModelOptions {
  /** Registry id ("mini-t5", "flan-t5-small"). */
  model?: string;
  device?: TextDevicePreference;
  dtype?: TextDtype;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

/** How a prompt compares with the model's limit. */
export interface PromptCheck {
  tokens: number;
  limit: number;
  fits: boolean;
}

export interface TextModel {
  readonly entry: TextModelEntry;
  /** The device that runs the model now (after any fallback, including one after a lost GPU). */
  readonly device: TextDevice;
  readonly deviceLabel: string;
  readonly dtype: TextDtype;
  /** Seconds from the call to a usable model, downloads included. */
  readonly loadSeconds: number;
  /** Devices tried first and why they were passed over. */
  readonly skipped: readonly string[];
  /** The last download figure (all bytes come from the cache on a reload). */
  readonly download: DownloadProgress;
  /** The longest prompt the model accepts, in tokens (end-of-sequence included). */
  readonly maxInputTokens: number;
  /** Whether the runtime is a separate worker (true in browsers that allow one). */
  readonly isolated: boolean;
  /** Times this model was loaded again because its runtime was replaced after a failure. */
  readonly restarts: number;
  /** Seconds the last such reload took (worker start and model load), or null. */
  readonly lastRestartSeconds: number | null;
  /** Generates an answer. Throws a `TextModelError` ("too-long", "out-of-memory", ...) on failure. */
  generate(prompt: string, options?: GenerateOptions): Promise<GenerationResult>;
  /** The tokens and ids the model sees for `text` (with the end-of-sequence token T5 appends). */
  tokenize(text: string): Promise<TokenView>;
  countTokens(text: string): Promise<number>;
  checkPrompt(text: string): Promise<PromptCheck>;
  /** The longest start of `text` within the limit (or `limit`, if lower), cut between words. */
  fitPrompt(text: string, limit?: number): Promise<FittedPrompt>;
  /** One encoder vector per text: the mean over its tokens, or (`layout`) the first positions side by side. */
  encoderFeatures(
    texts: readonly string[],
    options?: { signal?: AbortSignal; layout?: FeatureLayout },
  ): Promise<number[][]>;
  /** The summed log-probability the model gives `answer` (text, or token ids) as the answer to `prompt`. */
  score(prompt: string, answer: string | readonly number[]): Promise<{ logProb: number; tokenIds: number[] }>;
  dispose(): Promise<void>;
}

/**
 * The one decision of devices and weight format for a model, used by the load and by the size
 * check alike. After a GPU device was lost on this page, WebGPU is avoided.
 */
async function planLoad(
  runtime: TextRuntime,
  entry: TextModelEntry,
  request: { device?: TextDevicePreference; dtype?: TextDtype },
): Promise<LoadPlan> {
  const choice = await chooseTextDevice({
    device: request.device,
    dtype: request.dtype,
    availableDtypes: entry.dtypes,
    avoid: runtime.gpuLost ? { webgpu: 'the WebGPU device was lost earlier on this page' } : undefined,
  });
  return { model: entry.id, devices: choice.devices, dtype: choice.dtype, skipped: choice.skipped };
}

/**
 * How much loading `modelId` with these choices will download (files, sizes, what is cached).
 * @param modelId the model's id from TEXT_MODELS
 * @param options device and number format
 * @returns the files and bytes it would download
 * @example
 * (await measureDownload('mini-t5')).totalBytes
 */
export async function measureDownload(
  modelId: string,
  options: { device?: TextDevicePreference; dtype?: TextDtype } = {},
): Promise<DownloadPlan> {
  const runtime = textRuntime();
  const entry = textModelEntry(modelId);
  const plan = await planLoad(runtime, entry, options);
  return runtime.request({ type: 'measure', model: entry.id, dtype: plan.dtype, device: plan.devices[0] });
}

/**
 * A model's tokenizer alone (no weights): counts tokens against the model's limit and cuts prompts
 * to fit before, or without, loading the model.
 * @param modelId the model's id from TEXT_MODELS
 * @returns count, tokenize and fit: token counts and cuts against the model's limit
 * @example
 * await textTokenizer('mini-t5').count('Hello there')
 */
export function textTokenizer(modelId: string) {
  const entry = textModelEntry(modelId);
  const runtime = textRuntime();
  const ref = { model: entry.id };
  return {
    entry,
    maxInputTokens: entry.maxInputTokens,
    count: (text: string) => runtime.request({ type: 'count', ref, text }),
    tokenize: (text: string) => runtime.request({ type: 'tokenize', ref, text }),
    fit: (text: string, limit = entry.maxInputTokens) =>
      runtime.request({ type: 'fit', ref, text, limit: Math.min(limit, entry.maxInputTokens) }),
  };
}

/**
 * Loads a text-to-text model (the mini T5 shipped with the site, or FLAN-T5 from the Hugging Face Hub), reporting download progress.
 * @param options which model (default the mini T5), device, number format, a signal to stop and a progress callback
 * @returns the model: generate, tokenize, encode and dispose
 * @example
 * const model = await loadTextModel();
 * (await model.generate('Topic: the cat sat on the mat.')).text
 */
export async function loadTextModel(options: LoadTextModelOptions = {}): Promise<TextModel> {
  const model = new RuntimeTextModel(
    textRuntime(),
    textModelEntry(options.model ?? DEFAULT_TEXT_MODEL),
    options,
  );
  await model.load(options.signal, options.onProgress);
  return model;
}

function stoppedResult(strategy: GenerationResult['strategy']): GenerationResult {
  return {
    text: '',
    tokenIds: [],
    stopped: true,
    timeToFirstTokenMs: NaN,
    seconds: 0,
    tokensPerSecond: 0,
    strategy,
  };
}

class RuntimeTextModel implements TextModel {
  private info!: LoadedModelInfo;
  private handle = 0;
  private generation = -1;
  private reloading: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private readonly started = performance.now();
  restarts = 0;
  lastRestartSeconds: number | null = null;

  constructor(
    private readonly runtime: TextRuntime,
    readonly entry: TextModelEntry,
    private readonly options: LoadTextModelOptions,
  ) {}

  get device() {
    return this.info.device;
  }
  get deviceLabel() {
    return this.info.deviceLabel;
  }
  get dtype() {
    return this.info.dtype;
  }
  get loadSeconds() {
    return this.info.loadSeconds;
  }
  get skipped() {
    return this.info.skipped;
  }
  get download() {
    return this.info.download;
  }
  get maxInputTokens() {
    return this.entry.maxInputTokens;
  }
  get isolated() {
    return this.runtime.isolated;
  }

  async load(signal?: AbortSignal, onProgress?: (progress: DownloadProgress) => void): Promise<void> {
    const generation = this.runtime.generation;
    // A reload keeps the format first chosen: its files are the ones the reader agreed to and cached.
    const plan = await planLoad(this.runtime, this.entry, {
      device: this.options.device,
      dtype: this.info?.dtype ?? this.options.dtype,
    });
    const { handle, info } = await this.runtime.request({ type: 'load', plan }, { onProgress }, signal);
    if (generation !== this.runtime.generation) {
      // The runtime was replaced while loading (another model's failure): load into the new one.
      return this.load(signal, onProgress);
    }
    const first = this.generation < 0;
    this.handle = handle;
    this.generation = generation;
    // The first load counts from the call (device probing included); a reload keeps that figure.
    this.info = {
      ...info,
      loadSeconds: first ? (performance.now() - this.started) / 1000 : this.info.loadSeconds,
    };
    publishTextDevice({
      model: this.entry.id,
      device: info.device,
      label: info.deviceLabel,
      dtype: info.dtype,
      skipped: [...info.skipped],
    });
  }

  /** The handle in the current runtime, loading the model again first if the runtime was replaced. */
  private async current(): Promise<number> {
    if (this.disposed) throw new Error('This model was unloaded; load it again to use it.');
    while (this.generation !== this.runtime.generation) {
      this.reloading ??= (async () => {
        const started = performance.now();
        await this.load(undefined, this.options.onProgress);
        this.restarts += 1;
        this.lastRestartSeconds = (performance.now() - started) / 1000;
      })().finally(() => (this.reloading = null));
      await this.reloading;
    }
    return this.handle;
  }

  /** Runs `work` after every earlier run of this model has finished (in call order). */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  generate(prompt: string, options: GenerateOptions = {}): Promise<GenerationResult> {
    const { signal, onText, onToken, ...rest } = options;
    const wire: WireGenerateOptions = rest;
    if (!prompt.trim()) {
      return Promise.reject(emptyPrompt());
    }
    return this.serial(async () => {
      if (signal?.aborted) return stoppedResult(options.strategy ?? 'greedy');
      const handle = await this.current();
      return this.runtime.request(
        { type: 'generate', handle, prompt, options: wire, stream: Boolean(onText || onToken) },
        { onText, onToken },
        signal,
      );
    });
  }

  encoderFeatures(
    texts: readonly string[],
    options: { signal?: AbortSignal; layout?: FeatureLayout } = {},
  ): Promise<number[][]> {
    return this.serial(async () => {
      if (options.signal?.aborted) throw new TextModelError('stopped', 'Stopped.', 'aborted', true);
      const handle = await this.current();
      return this.runtime.request(
        { type: 'features', handle, texts: [...texts], layout: options.layout },
        {},
        options.signal,
      );
    });
  }

  score(prompt: string, answer: string | readonly number[]) {
    return this.serial(async () => {
      const handle = await this.current();
      return this.runtime.request({
        type: 'score',
        handle,
        prompt,
        answer: typeof answer === 'string' ? answer : [...answer],
      });
    });
  }

  async tokenize(text: string): Promise<TokenView> {
    return this.runtime.request({ type: 'tokenize', ref: { handle: await this.current() }, text });
  }

  async countTokens(text: string): Promise<number> {
    return this.runtime.request({ type: 'count', ref: { handle: await this.current() }, text });
  }

  async checkPrompt(text: string): Promise<PromptCheck> {
    const tokens = await this.countTokens(text);
    return { tokens, limit: this.maxInputTokens, fits: tokens <= this.maxInputTokens };
  }

  async fitPrompt(text: string, limit = this.maxInputTokens): Promise<FittedPrompt> {
    const handle = await this.current();
    return this.runtime.request({
      type: 'fit',
      ref: { handle },
      text,
      limit: Math.min(limit, this.maxInputTokens),
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    if (this.generation === this.runtime.generation) {
      await this.runtime.request({ type: 'dispose', handle: this.handle }).catch(() => null);
    }
  }
}
