/** The tfjs backends a text model trains on, fastest first on a machine without a GPU. */
export type TextTrainingBackend = 'wasm' | 'webgl' | 'webgpu' | 'cpu';

/**
 * Chooses the tfjs backend text training uses and switches tfjs to it: WebAssembly (the fastest
 * CPU path for a T5, served by this site), else the backend `useBackend` chose. The choice is
 * published so the backend indicator can show it.
 *
 * @returns the name of the backend now active.
 * @example
 * const backend = await textTrainingBackend(); // "wasm"
 */
export async function textTrainingBackend(): Promise<TextTrainingBackend> {
  throw new Error('textTrainingBackend is not written yet.');
}
