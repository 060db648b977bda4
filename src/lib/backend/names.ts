/**
 * The tfjs backends Transfer Lab can run on, in the order we try them. WASM is deliberately absent:
 * it has no gradient kernels for convolutions, so it cannot train the CNNs the lessons use.
 */
export const TF_BACKENDS = Object.freeze(['webgpu', 'webgl', 'cpu'] as const);
export type TfBackendName = (typeof TF_BACKENDS)[number];

/** What a reader can ask for: a specific backend, or `auto` (the best one that works). */
export type BackendPreference = TfBackendName | 'auto';
export const BACKEND_PREFERENCES = Object.freeze(['auto', ...TF_BACKENDS] as const);

export const BACKEND_LABELS: Readonly<Record<TfBackendName, string>> = Object.freeze({
  webgpu: 'WebGPU',
  webgl: 'WebGL',
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

export class BackendNameError extends Error {
  constructor(given: string) {
    super(`Unknown backend "${given}". Choose one of: ${BACKEND_PREFERENCES.join(', ')}.`);
    this.name = 'BackendNameError';
  }
}

export function isBackendPreference(value: unknown): value is BackendPreference {
  return typeof value === 'string' && (BACKEND_PREFERENCES as readonly string[]).includes(value);
}

/** Parses a preference strictly: throws a `BackendNameError` that lists the valid names. */
export function parseBackendPreference(value: string): BackendPreference {
  const normalised = value.trim().toLowerCase();
  if (!isBackendPreference(normalised)) throw new BackendNameError(value);
  return normalised;
}

/** The order to try backends in for a preference: the preferred one first, then the rest. */
export function backendOrder(preference: BackendPreference): TfBackendName[] {
  if (preference === 'auto') return [...TF_BACKENDS];
  return [preference, ...TF_BACKENDS.filter((name) => name !== preference)];
}
