/**
 * The text runtime itself: transformers.js and ONNX Runtime, a loaded model, and the operations on
 * it. In a browser this module runs inside the dedicated text worker (`text.worker.ts`), which the
 * page throws away after any failure; in Node it runs in-process. It never talks to a page: what it
 * knows about the reader's choices arrives as a plan (devices and weight format, decided once by
 * `chooseTextDevice`).
 */
import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import { TEXT_DEVICE_LABELS, type TextDevice, type TextDtype } from '../backend/text-device';
import { probeWebGpu } from '../backend/probe';
import { removeCachedModels } from './cache';
import { yieldToEventLoop } from '../util/yield';
import {
  deviceLost,
  emptyPrompt,
  explainLoadError,
  explainRunError,
  promptTooLong,
  TextModelError,
} from './errors';
import { encoderFeatures, type FeatureLayout } from './features';
import { generateText, scoreAnswer, type GenerateOptions, type GenerationResult } from './generate';
import { ProgressTracker, type DownloadProgress } from './progress';
import { textModelEntry, type TextModelEntry } from './registry';
import { isWebRuntime, runtimeLocations, withModelSource, type TransformersModule } from './runtime';

type ProgressCallback = NonNullable<
  Parameters<TransformersModule['AutoTokenizer']['from_pretrained']>[1]
>['progress_callback'];

/** What to load: the model, and the plan `chooseTextDevice` made (devices to try, one format). */
export interface LoadPlan {
  model: string;
  devices: TextDevice[];
  dtype: TextDtype;
  /** Devices already passed over, and why. */
  skipped: string[];
  /**
   * Overrides the model's prompt limit. Internal: only the limit measurement
   * (scripts/measure-text-limits.mjs) raises it, to find where time and memory run out.
   */
  maxInputTokens?: number;
}

export interface LoadedModelInfo {
  model: string;
  /** The device that actually runs the model (after any fallback). */
  device: TextDevice;
  deviceLabel: string;
  dtype: TextDtype;
  loadSeconds: number;
  skipped: string[];
  download: DownloadProgress;
  maxInputTokens: number;
}

export interface TokenView {
  tokens: string[];
  ids: number[];
}

/** A prompt cut to fit a limit: the longest start of it (cut between words) within the limit. */
export interface FittedPrompt {
  text: string;
  tokens: number;
  /** Tokens in the whole prompt before cutting. */
  originalTokens: number;
}

const EMPTY_PROGRESS: DownloadProgress = {
  loadedBytes: 0,
  totalBytes: 0,
  filesDone: 0,
  filesTotal: 0,
  fraction: 0,
  currentFile: null,
};

// ---- Failures the library cannot recover from in place --------------------------------------------

type FatalListener = (error: TextModelError) => void;
const fatalListeners = new Set<FatalListener>();

/** Called when the runtime breaks outside any call (a lost GPU device). The worker reports it. */
export function onRuntimeFatal(listener: FatalListener): () => void {
  fatalListeners.add(listener);
  return () => fatalListeners.delete(listener);
}

let poison: string | null = null;

/**
 * For tests: makes every later run in this runtime fail with `message`, the way ONNX Runtime fails
 * once its WebAssembly heap is exhausted ("every prompt fails from then on"). Only a fresh runtime
 * recovers, which is what the tests check.
 */
export function poisonRuntime(
  message = 'failed to call OrtRun(). ERROR_CODE: 6, ERROR_MESSAGE: std::bad_alloc',
): void {
  poison = message;
}

function throwIfPoisoned(): void {
  if (poison) throw new Error(poison);
}

let gpuDevice: GPUDeviceLike | null = null;
interface GPUDeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

/** The WebGPU device ONNX Runtime uses (null before a WebGPU model loads). Tests destroy it. */
export function currentGpuDevice(): GPUDeviceLike | null {
  return gpuDevice;
}

const DEVICE_LOST_GRACE_MS = 1_000;

/** The device's loss message if the WebGPU device is (or, within `ms`, becomes) lost; else null. */
async function deviceLostWithin(ms: number): Promise<string | null> {
  const device = gpuDevice;
  if (!device) return null;
  const info = await Promise.race([
    device.lost,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), ms)),
  ]);
  return info ? `WebGPU device lost (${info.reason ?? 'unknown'}): ${info.message ?? ''}` : null;
}

async function watchGpuDevice(module: TransformersModule): Promise<void> {
  const webgpu = (module.env.backends.onnx as { webgpu?: { device?: unknown } }).webgpu;
  const device = (await webgpu?.device) as GPUDeviceLike | undefined;
  if (!device || device === gpuDevice) return;
  gpuDevice = device;
  void device.lost.then((info) => {
    const error = explainRunError(
      new Error(`WebGPU device lost (${info.reason ?? 'unknown'}): ${info.message ?? ''}`),
      {
        tokens: 0,
        limit: 0,
        device: 'WebGPU',
      },
    );
    for (const listener of fatalListeners) listener(error);
  });
}

// ---- Tokenizers (loaded alone, so a page can count tokens before the model loads) -----------------

const tokenizers = new Map<string, Promise<PreTrainedTokenizer>>();

export function tokenizerFor(modelId: string): Promise<PreTrainedTokenizer> {
  const entry = textModelEntry(modelId);
  let found = tokenizers.get(entry.id);
  if (!found) {
    found = withModelSource(entry, (module) => module.AutoTokenizer.from_pretrained(entry.repo)).catch(
      (error) => {
        tokenizers.delete(entry.id);
        throw explainLoadError(error, entry, runtimeLocations().hubHost);
      },
    );
    tokenizers.set(entry.id, found);
  }
  return found;
}

export function countTokens(tokenizer: PreTrainedTokenizer, text: string): number {
  return tokenizer.encode(text).length;
}

export function tokenView(tokenizer: PreTrainedTokenizer, text: string): TokenView {
  const ids = tokenizer.encode(text);
  return { ids, tokens: ids.map((id) => tokenizer.decode([id], { skip_special_tokens: false }) || `#${id}`) };
}

/**
 * The longest start of `text` within `limit` tokens, cut between words (or between characters when
 * one "word" alone is too long). Token counts grow with the length of the start, so a binary search
 * over cut points needs about log2(words) tokenisations.
 */
export function fitToLimit(tokenizer: PreTrainedTokenizer, text: string, limit: number): FittedPrompt {
  const originalTokens = countTokens(tokenizer, text);
  if (originalTokens <= limit) return { text, tokens: originalTokens, originalTokens };
  const wordEnds = [...text.matchAll(/\S+/g)].map((match) => (match.index ?? 0) + match[0].length);
  const cuts = wordEnds.length > 1 ? wordEnds : Array.from({ length: text.length }, (_, i) => i + 1);
  let low = 0; // cuts[low - 1] fits (0 means nothing fits yet)
  let high = cuts.length; // cuts[high - 1] is known not to fit
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (countTokens(tokenizer, text.slice(0, cuts[middle - 1])) <= limit) low = middle;
    else high = middle;
  }
  const cut = low === 0 ? '' : text.slice(0, cuts[low - 1]);
  return { text: cut, tokens: countTokens(tokenizer, cut), originalTokens };
}

// ---- A loaded model --------------------------------------------------------------------------------

export interface RunOptions extends GenerateOptions {
  signal?: AbortSignal;
}

export class EngineModel {
  private disposed = false;

  constructor(
    private readonly module: TransformersModule,
    readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    readonly entry: TextModelEntry,
    readonly info: LoadedModelInfo,
  ) {}

  private alive(): void {
    if (this.disposed) throw new Error('This model was unloaded; load it again to use it.');
  }

  /** Refuses a text over the limit before anything runs (`what` names it in the message). */
  private checkLength(text: string, what?: string): number {
    const tokens = countTokens(this.tokenizer, text);
    if (tokens > this.info.maxInputTokens) throw promptTooLong(tokens, this.info.maxInputTokens, what);
    return tokens;
  }

  private async guarded<T>(tokens: number, work: () => Promise<T>): Promise<T> {
    try {
      throwIfPoisoned();
      return await work();
    } catch (error) {
      const explained = explainRunError(error, {
        tokens,
        limit: this.info.maxInputTokens,
        device: this.info.deviceLabel,
      });
      // A destroyed device often fails the running step (a buffer map, a submit) before its `lost`
      // promise settles: give it a moment, so the reader hears "device lost", not a vague failure.
      if (explained.kind === 'runtime-failed' && this.info.device === 'webgpu') {
        const lost = await deviceLostWithin(DEVICE_LOST_GRACE_MS);
        if (lost) throw deviceLost(lost);
      }
      throw explained;
    }
  }

  generate(prompt: string, options: RunOptions = {}): Promise<GenerationResult> {
    this.alive();
    if (!prompt.trim()) {
      return Promise.reject(emptyPrompt());
    }
    let tokens: number;
    try {
      tokens = this.checkLength(prompt);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.guarded(tokens, () => generateText(this.module, this.tokenizer, this.model, prompt, options));
  }

  async encoderFeatures(
    texts: readonly string[],
    signal?: AbortSignal,
    layout?: FeatureLayout,
  ): Promise<number[][]> {
    this.alive();
    let longest = 0;
    texts.forEach((text, i) => {
      longest = Math.max(
        longest,
        this.checkLength(text, texts.length > 1 ? `Text ${i + 1} of ${texts.length}` : 'This text'),
      );
    });
    return this.guarded(longest, () =>
      encoderFeatures(this.tokenizer, this.model, texts, 16, signal, layout),
    );
  }

  /** The summed log-probability the model gives `answer` (its tokens, with end-of-sequence) for `prompt`. */
  async score(
    prompt: string,
    answer: string | readonly number[],
  ): Promise<{ logProb: number; tokenIds: number[] }> {
    this.alive();
    const tokens = this.checkLength(prompt);
    const tokenIds = typeof answer === 'string' ? this.tokenizer.encode(answer) : [...answer];
    const logProb = await this.guarded(tokens, () =>
      scoreAnswer(this.module, this.tokenizer, this.model, prompt, tokenIds),
    );
    return { logProb, tokenIds };
  }

  tokenize(text: string): TokenView {
    this.alive();
    return tokenView(this.tokenizer, text);
  }

  fit(text: string, limit = this.info.maxInputTokens): FittedPrompt {
    return fitToLimit(this.tokenizer, text, Math.min(limit, this.info.maxInputTokens));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.model.dispose();
  }
}

function throwIfAborted(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new TextModelError('stopped', 'Loading was stopped.', 'aborted', true);
}

async function labelFor(device: TextDevice): Promise<string> {
  if (device !== 'webgpu') return TEXT_DEVICE_LABELS[device];
  const probe = await probeWebGpu();
  return `WebGPU - ${probe.adapter ?? 'unknown adapter'}`;
}

/**
 * ONNX Runtime's promises resolve as microtasks, so a whole generation would otherwise run without
 * the worker reading a Stop message (or, in-process, the page painting a token). Each decoding step
 * first yields to the event loop.
 */
function yieldBetweenSteps(model: PreTrainedModel) {
  if (!isWebRuntime()) return;
  const step = model.forward.bind(model);
  model.forward = async (inputs) => {
    await yieldToEventLoop();
    throwIfPoisoned();
    return step(inputs);
  };
}

export async function loadEngineModel(
  plan: LoadPlan,
  hooks: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {},
): Promise<EngineModel> {
  const entry = textModelEntry(plan.model);
  const start = performance.now();
  const skipped = [...plan.skipped];
  let last = EMPTY_PROGRESS;
  const tracker = new ProgressTracker((progress) => {
    last = progress;
    hooks.onProgress?.(progress);
  });
  for (const [index, device] of plan.devices.entries()) {
    throwIfAborted(hooks.signal);
    try {
      const { module, tokenizer, model } = await withModelSource(entry, async (module) => {
        const progress_callback = tracker.handle as unknown as ProgressCallback;
        const tokenizer = await module.AutoTokenizer.from_pretrained(entry.repo, { progress_callback });
        throwIfAborted(hooks.signal);
        const model = await module.AutoModelForSeq2SeqLM.from_pretrained(entry.repo, {
          device,
          dtype: plan.dtype,
          progress_callback,
        });
        return { module, tokenizer, model };
      });
      if (hooks.signal?.aborted) {
        await model.dispose();
        throwIfAborted(hooks.signal);
      }
      if (device === 'webgpu') await watchGpuDevice(module);
      yieldBetweenSteps(model);
      return new EngineModel(module, tokenizer, model, entry, {
        model: entry.id,
        device,
        deviceLabel: await labelFor(device),
        dtype: plan.dtype,
        loadSeconds: (performance.now() - start) / 1000,
        skipped,
        download: last,
        maxInputTokens: plan.maxInputTokens ?? entry.maxInputTokens,
      });
    } catch (error) {
      const explained = explainLoadError(error, entry, runtimeLocations().hubHost);
      // Never leave a damaged or partial download behind: the next attempt must fetch afresh.
      if (explained.kind !== 'stopped') await removeCachedModels(entry.repo).catch(() => 0);
      const more = index < plan.devices.length - 1;
      const fileProblem = ['offline', 'not-found', 'not-a-model', 'corrupt', 'stopped'].includes(
        explained.kind,
      );
      if (!more || fileProblem) throw explained;
      skipped.push(`${TEXT_DEVICE_LABELS[device]} failed: ${explained.detail}`);
    }
  }
  throw new Error('No device was available to load the model.');
}
