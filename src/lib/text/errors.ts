/**
 * Turns what transformers.js and ONNX Runtime throw into errors a reader can act on. Each kind says
 * what happened in plain words and whether pressing Retry can help; the runtime's own text stays in
 * `detail`, for a "Technical details" line and bug reports.
 */
import type { TextModelEntry } from './registry';
import { errorSummary } from '../util/errors';

export type TextModelErrorKind =
  | 'offline'
  | 'not-found'
  | 'not-a-model'
  | 'corrupt'
  | 'unsupported-device'
  | 'stopped'
  /** The prompt is over the model's limit: refused before anything ran. */
  | 'too-long'
  /** The prompt is empty: refused before anything ran. */
  | 'empty'
  /** The runtime ran out of memory while running the model. */
  | 'out-of-memory'
  /** The GPU device was lost (driver reset, another tab, or a test destroying it). */
  | 'device-lost'
  /** Any other failure inside the runtime while the model ran. */
  | 'runtime-failed'
  | 'unknown';

/**
 * An error loading or running a text model, with a kind ('offline', 'not-found'...), a plain message, and whether retrying may help.
 * @param kind what went wrong, as a word
 * @param message for readers
 * @param detail the underlying error's text
 * @param retryable whether trying again may work
 * @example
 * new TextModelError('offline', 'The model could not be downloaded.', 'fetch failed', true).retryable
 */
export class TextModelError extends Error {
  readonly kind: TextModelErrorKind;
  /** Whether trying again can succeed (after reconnecting, or after a damaged file was removed). */
  readonly retryable: boolean;
  /** The original message, for the "details" line and bug reports. */
  readonly detail: string;

  constructor(kind: TextModelErrorKind, message: string, detail: string, retryable: boolean) {
    super(message);
    this.name = 'TextModelError';
    this.kind = kind;
    this.detail = detail;
    this.retryable = retryable;
  }
}

/** The fields of a TextModelError, as plain data (what crosses from the text worker to the page). */
export interface TextModelErrorData {
  kind: TextModelErrorKind;
  message: string;
  detail: string;
  retryable: boolean;
}

export function errorData(error: TextModelError): TextModelErrorData {
  return { kind: error.kind, message: error.message, detail: error.detail, retryable: error.retryable };
}

export function errorFromData(data: TextModelErrorData): TextModelError {
  return new TextModelError(data.kind, data.message, data.detail, data.retryable);
}

/** The file named in a transformers.js "Could not locate file" message, if any. */
function fileIn(message: string): string | null {
  const match = message.match(/"([^"]+)"/);
  if (!match) return null;
  const parts = match[1].split('/');
  return parts.slice(-1)[0] ?? null;
}

export function explainLoadError(error: unknown, entry: TextModelEntry, host: string): TextModelError {
  if (error instanceof TextModelError) return error;
  const detail = errorSummary(error);
  const lower = detail.toLowerCase();
  const where = entry.source === 'hub' ? `the model host (${host})` : 'this site';
  if (lower.includes('aborterror') || lower.includes('aborted')) {
    return new TextModelError('stopped', 'Loading was stopped.', detail, true);
  }
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  if (
    offline ||
    /failed to fetch|networkerror|load failed|fetch failed|err_connection|econnrefused/.test(lower)
  ) {
    return new TextModelError(
      'offline',
      `Could not reach ${where}. You may be offline: check your connection and press Retry. The mini T5 that ships with this site works offline.`,
      detail,
      true,
    );
  }
  if (
    lower.includes('could not locate file') ||
    lower.includes('modelfilenotfounderror') ||
    /\b404\b/.test(lower)
  ) {
    const file = fileIn(detail);
    return new TextModelError(
      'not-found',
      `${entry.source === 'hub' ? 'The model host' : 'This site'} has no file ${file ? `"${file}" ` : ''}for ${entry.repo}${
        entry.source === 'hub' ? ' in this format' : ''
      }. Try another weight format, or press Retry if the host was having trouble.`,
      detail,
      true,
    );
  }
  if (/unexpected token|is not valid json|json\.parse|unexpected end of json/.test(lower)) {
    return new TextModelError(
      'not-a-model',
      `${where.charAt(0).toUpperCase()}${where.slice(1)} sent a web page instead of a model file (a login page or an error page, perhaps). Press Retry; if it keeps happening, the model may have moved.`,
      detail,
      true,
    );
  }
  if (
    /protobuf|failed to load model|can't create a session|cannot create a session|parse|invalid model|error_code: ?[1-9]|corrupt|truncat|damaged model file/.test(
      lower,
    )
  ) {
    return new TextModelError(
      'corrupt',
      'A downloaded model file is damaged or incomplete (the download may have been cut off). It was removed from the browser cache: press Retry to download it again.',
      detail,
      true,
    );
  }
  if (/webgpu|adapter|gpu device/.test(lower)) {
    return new TextModelError(
      'unsupported-device',
      'The graphics card (WebGPU) could not run this model. Choose WebAssembly in the device picker and press Retry.',
      detail,
      true,
    );
  }
  return new TextModelError('unknown', `The model could not be loaded: ${detail}`, detail, true);
}

/** What was being run when a failure happened, so the message can give the reader numbers. */
export interface RunContext {
  /** Tokens in the prompt (or the longest text, for encoder features). */
  tokens: number;
  limit: number;
  device: string;
}

/** The refusal for a prompt over the limit (nothing ran). */
export function promptTooLong(tokens: number, limit: number, what = 'This prompt'): TextModelError {
  return new TextModelError(
    'too-long',
    `${what} is too long for the model to process in your browser's memory (${tokens} tokens; the limit is ${limit}). Shorten it, or cut it to fit.`,
    `input of ${tokens} tokens refused before running: the model's limit is ${limit} tokens`,
    false,
  );
}

export function emptyPrompt(): TextModelError {
  return new TextModelError(
    'empty',
    'Write a prompt first: the model needs some text to answer.',
    'empty prompt',
    false,
  );
}

const OUT_OF_MEMORY =
  /bad_alloc|out of memory|outofmemory|array buffer allocation failed|cannot enlarge memory|memory access out of bounds|could not allocate|failed to allocate|allocation fail|maximum call stack|aborted\(\)/i;
const DEVICE_LOST =
  /device (was |is )?lost|device lost|devicelost|gpu device|destroyed|webgpu.*(lost|invalid)/i;

/**
 * Explains a failure while the model ran (not while it loaded). Every such failure makes the library
 * throw the runtime away and start a fresh one, which is what the messages promise the reader.
 */
export function explainRunError(error: unknown, context: RunContext): TextModelError {
  if (error instanceof TextModelError) return error;
  const detail = errorSummary(error);
  if (/aborterror|aborted(?!\(\))/i.test(detail) && !OUT_OF_MEMORY.test(detail)) {
    return new TextModelError('stopped', 'Stopped.', detail, true);
  }
  if (OUT_OF_MEMORY.test(detail)) {
    const message =
      context.tokens > context.limit
        ? `This prompt is too long for the model to process in your browser's memory (${context.tokens} tokens; the limit is ${context.limit}).`
        : `The model ran out of memory in your browser while reading ${context.tokens} tokens (the limit is ${context.limit}). Other tabs or models may be using memory: close some, or try a shorter prompt.`;
    return new TextModelError(
      'out-of-memory',
      `${message} The text model was restarted, so the next prompt starts fresh.`,
      detail,
      true,
    );
  }
  if (DEVICE_LOST.test(detail)) return deviceLost(detail);
  return new TextModelError(
    'runtime-failed',
    `The text model failed while running on ${context.device}. It was restarted, so the next prompt starts fresh: press Generate again.`,
    detail,
    true,
  );
}

export function deviceLost(detail: string): TextModelError {
  return new TextModelError(
    'device-lost',
    'The graphics card (WebGPU) stopped working while the model ran, so this answer was stopped. The text model now runs on WebAssembly (your processor): press Generate again.',
    detail,
    true,
  );
}
