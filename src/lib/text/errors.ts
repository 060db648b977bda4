/**
 * Turns what transformers.js and ONNX Runtime throw into errors a reader can act on. Each kind says
 * what happened in plain words and whether pressing Retry can help.
 */
import type { TextModelEntry } from './registry';
import { errorSummary } from '../util/errors';

export type TextModelErrorKind =
  'offline' | 'not-found' | 'not-a-model' | 'corrupt' | 'unsupported-device' | 'stopped' | 'unknown';

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
