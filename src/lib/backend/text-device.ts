/**
 * The one place that decides which device and number format transformers.js uses for text models.
 * Widgets never pass a device themselves: they ask `chooseTextDevice`, which honours an explicit
 * choice (a picker, `?textDevice=` / `?dtype=` in the address) and otherwise picks WebGPU when this
 * browser grants an adapter, then WebAssembly. In Node (tests, scripts) the only device is `cpu`.
 * Light: no transformers.js here, so a component can import it on page load.
 */
import { probeWebGpu } from './probe';
import { errorMessage } from '../util/errors';
import { isNode } from '../util/environment';

/** Devices in the order we try them in a browser. */
export const TEXT_DEVICES = Object.freeze(['webgpu', 'wasm'] as const);
export type BrowserTextDevice = (typeof TEXT_DEVICES)[number];
/** `cpu` is onnxruntime-node, used when the library runs in Node. */
export type TextDevice = BrowserTextDevice | 'cpu';
export type TextDevicePreference = BrowserTextDevice | 'auto';

/** Number formats for weights: 32-bit float, 16-bit float, 8-bit and 4-bit quantised. */
export const TEXT_DTYPES = Object.freeze(['fp32', 'fp16', 'q8', 'q4'] as const);
export type TextDtype = (typeof TEXT_DTYPES)[number];

export const TEXT_DEVICE_LABELS: Readonly<Record<TextDevice, string>> = Object.freeze({
  webgpu: 'WebGPU',
  wasm: 'WebAssembly (CPU)',
  cpu: 'CPU (Node)',
});

export const TEXT_DTYPE_LABELS: Readonly<Record<TextDtype, string>> = Object.freeze({
  fp32: 'fp32 (full precision)',
  fp16: 'fp16 (half precision)',
  q8: 'q8 (8-bit quantised)',
  q4: 'q4 (4-bit quantised)',
});

export class TextDeviceError extends Error {
  constructor(given: string, kind: 'device' | 'dtype') {
    const valid = kind === 'device' ? ['auto', ...TEXT_DEVICES] : TEXT_DTYPES;
    super(`Unknown ${kind} "${given}". Choose one of: ${valid.join(', ')}.`);
    this.name = 'TextDeviceError';
  }
}

export function parseTextDevice(value: string): TextDevicePreference {
  const normalised = value.trim().toLowerCase();
  if (normalised === 'auto' || (TEXT_DEVICES as readonly string[]).includes(normalised)) {
    return normalised as TextDevicePreference;
  }
  throw new TextDeviceError(value, 'device');
}

export function parseTextDtype(value: string): TextDtype {
  const normalised = value.trim().toLowerCase();
  if ((TEXT_DTYPES as readonly string[]).includes(normalised)) return normalised as TextDtype;
  throw new TextDeviceError(value, 'dtype');
}

export interface TextDeviceChoice {
  /** Devices to try, best first: loading falls through to the next if one fails. */
  devices: TextDevice[];
  dtype: TextDtype;
  /** Why earlier devices were skipped before anything loaded (e.g. "WebGPU: no adapter"). */
  skipped: string[];
}

export interface TextDeviceRequest {
  device?: TextDevicePreference;
  dtype?: TextDtype;
  /** Formats the model is published in; the choice is restricted to these. */
  availableDtypes: readonly TextDtype[];
  /** Devices not to use, with the reason (e.g. WebGPU after its device was lost on this page). */
  avoid?: Partial<Record<BrowserTextDevice, string>>;
}

/**
 * Picks the devices to try and the weight format: the ONE decision both the download-size check and
 * the load use, so the size a reader agrees to is the size downloaded. Defaults: fp32 when WebGPU
 * comes first (GPUs are fast at float maths, fp16 needs a feature many adapters lack, and ONNX
 * Runtime's WebGPU backend has no kernels for the integer ops of 8-bit exports), 8-bit on
 * WebAssembly (a quarter of the download, faster integer kernels on the CPU), each only if the model
 * is published in it. A fallback to the next device keeps this format: the files already fetched
 * (and cached) are used, and nothing new is downloaded behind the reader's back.
 */
export async function chooseTextDevice(request: TextDeviceRequest): Promise<TextDeviceChoice> {
  const { availableDtypes } = request;
  if (availableDtypes.length === 0) throw new Error('This model lists no weight formats to load.');
  if (request.dtype && !availableDtypes.includes(request.dtype)) {
    throw new Error(
      `This model is not published in ${request.dtype}. Available: ${availableDtypes.join(', ')}.`,
    );
  }
  const skipped: string[] = [];
  let devices: TextDevice[];
  if (isNode()) {
    devices = ['cpu'];
  } else {
    const preference = request.device ?? 'auto';
    const avoided = request.avoid?.webgpu;
    const webgpu = avoided ? { available: false, reason: avoided } : await probeWebGpu();
    if (!webgpu.available && preference !== 'wasm') skipped.push(`WebGPU unavailable: ${webgpu.reason}`);
    if (preference === 'wasm') devices = ['wasm'];
    else if (webgpu.available) devices = ['webgpu', 'wasm'];
    else devices = ['wasm'];
  }
  const preferred: TextDtype = devices[0] === 'webgpu' ? 'fp32' : 'q8';
  const dtype =
    request.dtype ?? (availableDtypes.includes(preferred) ? preferred : (availableDtypes[0] as TextDtype));
  return { devices, dtype, skipped };
}

/** Reads `?textDevice=` and `?dtype=` from the address; bad values are ignored with a warning. */
export function textDeviceFromQuery(search: string): {
  device?: TextDevicePreference;
  dtype?: TextDtype;
  warnings: string[];
} {
  const params = new URLSearchParams(search);
  const warnings: string[] = [];
  let device: TextDevicePreference | undefined;
  let dtype: TextDtype | undefined;
  const rawDevice = params.get('textDevice');
  const rawDtype = params.get('dtype');
  try {
    if (rawDevice !== null) device = parseTextDevice(rawDevice);
  } catch (error) {
    warnings.push(errorMessage(error));
  }
  try {
    if (rawDtype !== null) dtype = parseTextDtype(rawDtype);
  } catch (error) {
    warnings.push(errorMessage(error));
  }
  return { device, dtype, warnings };
}

/** Where the page's text model runs: kept apart from tfjs's backend, which is another runtime. */
export interface TextDeviceStatus {
  model: string;
  device: TextDevice;
  /** e.g. "WebGPU - swiftshader" or "WebAssembly (CPU)". */
  label: string;
  dtype: TextDtype;
  /** Devices passed over, and why. */
  skipped: string[];
}

type TextDeviceListener = (status: TextDeviceStatus) => void;
const textDeviceListeners = new Set<TextDeviceListener>();
let latestTextDevice: TextDeviceStatus | null = null;

/** Called by the text library whenever a model becomes ready (and again after a fallback). */
export function publishTextDevice(status: TextDeviceStatus): void {
  latestTextDevice = status;
  for (const listener of textDeviceListeners) listener(status);
}

/** Calls `listener` now (if a text model is loaded) and on every change; returns an unsubscribe. */
export function onTextDevice(listener: TextDeviceListener): () => void {
  textDeviceListeners.add(listener);
  if (latestTextDevice) listener(latestTextDevice);
  return () => textDeviceListeners.delete(listener);
}
