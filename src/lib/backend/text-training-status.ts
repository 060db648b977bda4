/**
 * Which tfjs backend text training (the trainable T5) last ran on, page-wide, for the backend
 * indicator. Light: no tfjs, so the indicator imports it on page load.
 */

/** The tfjs backends a text model trains on, fastest first on a machine without a GPU. */
export type TextTrainingBackend = 'wasm' | 'webgl' | 'webgpu' | 'cpu';

export const TEXT_TRAINING_LABELS: Readonly<Record<TextTrainingBackend, string>> = Object.freeze({
  wasm: 'WebAssembly',
  webgl: 'WebGL',
  webgpu: 'WebGPU',
  cpu: 'CPU',
});

/** What text training runs on, and why a faster backend was passed over (if one was). */
export interface TextTrainingStatus {
  backend: TextTrainingBackend;
  label: string;
  skipped: string[];
}

type Listener = (status: TextTrainingStatus) => void;
const listeners = new Set<Listener>();
let latest: TextTrainingStatus | null = null;

/**
 * Records the backend text training chose (called by `textTrainingBackend`).
 *
 * @param status - the backend, its label and any skipped backends.
 * @returns nothing.
 * @example
 * publishTextTrainingBackend({ backend: 'wasm', label: 'WebAssembly', skipped: [] });
 */
export function publishTextTrainingBackend(status: TextTrainingStatus): void {
  latest = status;
  for (const listener of listeners) listener(status);
}

/**
 * Calls `listener` now (if text training has chosen a backend) and on every change.
 *
 * @param listener - receives the status.
 * @returns a function that unsubscribes.
 * @example
 * const stop = onTextTrainingBackend((s) => console.log(s.label));
 */
export function onTextTrainingBackend(listener: Listener): () => void {
  listeners.add(listener);
  if (latest) listener(latest);
  return () => listeners.delete(listener);
}

/**
 * The backend text training last chose, or null before any.
 *
 * @returns the status, or null.
 * @example
 * textTrainingStatus()?.backend; // "wasm"
 */
export function textTrainingStatus(): TextTrainingStatus | null {
  return latest;
}
