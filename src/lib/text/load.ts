/**
 * Loading a text-to-text model: pick the device and weight format (through the backend module),
 * download with one overall progress figure, fall back from WebGPU to WebAssembly if the GPU cannot
 * run it, and hand back a `TextModel` that generates, tokenises and extracts encoder features.
 */
import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import {
  chooseTextDevice,
  TEXT_DEVICE_LABELS,
  type TextDevice,
  type TextDevicePreference,
  type TextDtype,
} from '../backend/text-device';
import { probeWebGpu } from '../backend/probe';
import { publishActiveBackend } from '../backend/status';
import { isNode } from '../util/environment';
import { removeCachedModels } from './cache';
import { explainLoadError, TextModelError } from './errors';
import { encoderFeatures } from './features';
import { generateText, type GenerateOptions, type GenerationResult } from './generate';
import { ProgressTracker, type DownloadProgress } from './progress';
import { DEFAULT_TEXT_MODEL, textModelEntry, type TextModelEntry } from './registry';
import { runtimeLocations, withModelSource, type TransformersModule } from './runtime';

type ProgressCallback = NonNullable<
  Parameters<TransformersModule['AutoTokenizer']['from_pretrained']>[1]
>['progress_callback'];

export interface LoadTextModelOptions {
  /** Registry id ("mini-t5", "flan-t5-small"). */
  model?: string;
  device?: TextDevicePreference;
  dtype?: TextDtype;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface TokenView {
  tokens: string[];
  ids: number[];
}

export interface TextModel {
  readonly entry: TextModelEntry;
  /** The device that actually runs the model (after any fallback). */
  readonly device: TextDevice;
  readonly deviceLabel: string;
  readonly dtype: TextDtype;
  /** Seconds from the call to a usable model, downloads included. */
  readonly loadSeconds: number;
  /** Devices tried first and why they were passed over. */
  readonly skipped: readonly string[];
  /** The last download figure (all bytes come from the cache on a reload). */
  readonly download: DownloadProgress;
  generate(prompt: string, options?: GenerateOptions): Promise<GenerationResult>;
  /** The tokens and ids the model sees for `text` (with the end-of-sequence token T5 appends). */
  tokenize(text: string): TokenView;
  /** One mean-pooled encoder vector per text. */
  encoderFeatures(texts: readonly string[]): Promise<number[][]>;
  dispose(): Promise<void>;
}

function throwIfAborted(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new TextModelError('stopped', 'Loading was stopped.', 'aborted', true);
}

export async function loadTextModel(options: LoadTextModelOptions = {}): Promise<TextModel> {
  const entry = textModelEntry(options.model ?? DEFAULT_TEXT_MODEL);
  const start = performance.now();
  const choice = await chooseTextDevice({
    device: options.device,
    dtype: options.dtype,
    availableDtypes: entry.dtypes,
  });
  const skipped = [...choice.skipped];
  let last = {
    loadedBytes: 0,
    totalBytes: 0,
    filesDone: 0,
    filesTotal: 0,
    fraction: 0,
    currentFile: null,
  } as DownloadProgress;
  const tracker = new ProgressTracker((progress) => {
    last = progress;
    options.onProgress?.(progress);
  });

  for (const [index, device] of choice.devices.entries()) {
    throwIfAborted(options.signal);
    try {
      const { module, tokenizer, model } = await withModelSource(entry, async (module) => {
        const progress_callback = tracker.handle as unknown as ProgressCallback;
        const tokenizer = await module.AutoTokenizer.from_pretrained(entry.repo, { progress_callback });
        throwIfAborted(options.signal);
        const model = await module.AutoModelForSeq2SeqLM.from_pretrained(entry.repo, {
          device,
          dtype: choice.dtype,
          progress_callback,
        });
        return { module, tokenizer, model };
      });
      if (options.signal?.aborted) {
        await model.dispose();
        throwIfAborted(options.signal);
      }
      const deviceLabel = await labelFor(device);
      const loaded = makeTextModel({
        module,
        tokenizer,
        model,
        entry,
        device,
        deviceLabel,
        dtype: choice.dtype,
        loadSeconds: (performance.now() - start) / 1000,
        skipped,
        download: last,
      });
      announce(loaded);
      return loaded;
    } catch (error) {
      const explained = explainLoadError(error, entry, runtimeLocations().hubHost);
      // Never leave a damaged or partial download behind: the next attempt must fetch afresh.
      if (explained.kind !== 'stopped') await removeCachedModels(entry.repo).catch(() => 0);
      const more = index < choice.devices.length - 1;
      const fileProblem = ['offline', 'not-found', 'not-a-model', 'corrupt', 'stopped'].includes(
        explained.kind,
      );
      if (!more || fileProblem) throw explained;
      skipped.push(`${TEXT_DEVICE_LABELS[device]} failed: ${explained.detail}`);
    }
  }
  throw new Error('No device was available to load the model.');
}

async function labelFor(device: TextDevice): Promise<string> {
  if (device !== 'webgpu') return TEXT_DEVICE_LABELS[device];
  const probe = await probeWebGpu();
  return `WebGPU - ${probe.adapter ?? 'unknown adapter'}`;
}

/** Tells the page indicator where text models run (WebAssembly runs on the CPU). */
function announce(model: TextModel) {
  if (isNode()) return;
  publishActiveBackend({
    name: model.device === 'webgpu' ? 'webgpu' : 'cpu',
    label: `${model.deviceLabel} (transformers.js, ${model.dtype})`,
    adapter: model.deviceLabel,
    preference: 'auto',
    skipped: [...model.skipped],
  });
}

interface Parts {
  module: TransformersModule;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  entry: TextModelEntry;
  device: TextDevice;
  deviceLabel: string;
  dtype: TextDtype;
  loadSeconds: number;
  skipped: string[];
  download: DownloadProgress;
}

/** Resolves on a new task (not a microtask), so the browser can paint and handle clicks. */
function yieldToPage(): Promise<void> {
  // Not scheduler.yield(): its continuation runs ahead of other tasks, which can starve input.
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/**
 * ONNX Runtime's WebAssembly runs on the page's thread and its promises resolve as microtasks, so a
 * whole generation would otherwise run without the page painting a token or noticing Stop. Each
 * decoding step first yields to the page.
 */
function yieldBetweenSteps(model: PreTrainedModel) {
  if (isNode()) return;
  const step = model.forward.bind(model);
  model.forward = async (inputs) => {
    await yieldToPage();
    return step(inputs);
  };
}

function makeTextModel(parts: Parts): TextModel {
  const { module, tokenizer, model } = parts;
  yieldBetweenSteps(model);
  let disposed = false;
  const alive = () => {
    if (disposed) throw new Error('This model was unloaded; load it again to use it.');
  };
  return {
    entry: parts.entry,
    device: parts.device,
    deviceLabel: parts.deviceLabel,
    dtype: parts.dtype,
    loadSeconds: parts.loadSeconds,
    skipped: parts.skipped,
    download: parts.download,
    generate(prompt, options) {
      alive();
      if (!prompt.trim())
        return Promise.reject(new Error('Write a prompt first: the model needs some text to answer.'));
      return generateText(module, tokenizer, model, prompt, options);
    },
    tokenize(text) {
      alive();
      const ids = tokenizer.encode(text);
      return {
        ids,
        tokens: ids.map((id) => tokenizer.decode([id], { skip_special_tokens: false }) || `#${id}`),
      };
    },
    encoderFeatures(texts) {
      alive();
      return encoderFeatures(tokenizer, model, texts);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await model.dispose();
    },
  };
}
