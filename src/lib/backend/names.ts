/**
 * The tfjs backends Transfer Lab can run on, in the order we try them: the GPU ones, then
 * WebAssembly (on the processor, with the convolution gradient tfjs lacks added by
 * wasm-kernels.ts), then tfjs's plain JavaScript CPU backend, which always starts.
 * @example
 * TF_BACKENDS[0] // 'webgpu'
 */
export const TF_BACKENDS = Object.freeze(['webgpu', 'webgl', 'wasm', 'cpu'] as const);
export type TfBackendName = (typeof TF_BACKENDS)[number];

/** What a reader can ask for: a specific backend, or `auto` (the best one that works). */
export type BackendPreference = TfBackendName | 'auto';
/**
 * Every backend preference a reader can choose: 'auto' (the fastest that works) or one backend.
 * @example
 * BACKEND_PREFERENCES.includes('cpu') // true
 */
export const BACKEND_PREFERENCES = Object.freeze(['auto', ...TF_BACKENDS] as const);

/**
 * The name readers see for each TensorFlow.js backend ("WebGPU", "WebGL", "WebAssembly", "CPU").
 * @example
 * BACKEND_LABELS.webgl // 'WebGL'
 */
export const BACKEND_LABELS: Readonly<Record<TfBackendName, string>> = Object.freeze({
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU',
});

/**
 * The backend tfjs is running on, and why the ones before it were passed over. Declared here, in
 * the light half, so the page-wide status can hold one without importing the half that loads tfjs.
 */
export interface BackendChoice {
  name: TfBackendName;
  /** e.g. "WebGPU - swiftshader" or "WebGL - ANGLE (...)" or "CPU". */
  label: string;
  adapter: string;
  preference: BackendPreference;
  /** One line per backend that was tried and skipped, e.g. "WebGPU unavailable: no adapter". */
  skipped: string[];
}

/**
 * The error for a backend name that is not one of BACKEND_PREFERENCES; its message lists the valid ones.
 * @param given the name that was asked for
 * @example
 * new BackendNameError('tpu').message
 */
export class BackendNameError extends Error {
  constructor(given: string) {
    super(`Unknown backend "${given}". Choose one of: ${BACKEND_PREFERENCES.join(', ')}.`);
    this.name = 'BackendNameError';
  }
}

/**
 * Whether a value is one of BACKEND_PREFERENCES.
 * @param value anything
 * @returns true for 'auto', 'webgpu', 'webgl', 'wasm' or 'cpu'
 * @example
 * isBackendPreference('webgl') // true
 */
export function isBackendPreference(value: unknown): value is BackendPreference {
  return typeof value === 'string' && (BACKEND_PREFERENCES as readonly string[]).includes(value);
}

/**
 * Parses a preference strictly: throws a `BackendNameError` that lists the valid names.
 * @param value a name, e.g. from the address bar
 * @returns the preference, or a BackendNameError listing the valid names
 * @example
 * parseBackendPreference('cpu') // 'cpu'
 */
export function parseBackendPreference(value: string): BackendPreference {
  const normalised = value.trim().toLowerCase();
  if (!isBackendPreference(normalised)) throw new BackendNameError(value);
  return normalised;
}

/**
 * The order to try backends in for a preference: the preferred one first, then the rest.
 * @param preference 'auto' or one backend
 * @returns the backends to try, in order
 * @example
 * backendOrder('auto') // ['webgpu', 'webgl', 'wasm', 'cpu']
 */
export function backendOrder(preference: BackendPreference): TfBackendName[] {
  if (preference === 'auto') return [...TF_BACKENDS];
  return [preference, ...TF_BACKENDS.filter((name) => name !== preference)];
}
