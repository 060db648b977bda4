/**
 * The tfjs backend for training text models (the trainable T5). tfjs's WebAssembly backend is the
 * fastest CPU path for a T5 (measured here: 133 ms a LoRA step at batch 16 against 590 ms on WebGL
 * through SwiftShader and 1,080 ms on the CPU backend), so it comes first, whatever the GPU; the
 * CNN lessons keep `useBackend`'s order (a real GPU beats wasm on them). The wasm backend itself is
 * loaded by ./wasm.ts.
 */
import { tf } from '../tf';
import { errorMessage } from '../util/errors';
import { loadWasmBackend } from './wasm';
import { useBackend } from './select';
import {
  TEXT_TRAINING_LABELS,
  publishTextTrainingBackend,
  type TextTrainingBackend,
} from './text-training-status';

export type { TextTrainingBackend } from './text-training-status';
export { setTfjsWasmFolder } from './wasm';

async function startWasm(): Promise<string | null> {
  try {
    await loadWasmBackend();
    if (!(await tf.setBackend('wasm'))) return 'it failed to initialise';
    await tf.ready();
    const probe = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2], [1, 2]), tf.tensor2d([3, 4], [2, 1])));
    const value = (await probe.data())[0];
    probe.dispose();
    return value === 11 ? null : 'it computed a wrong result';
  } catch (error) {
    return errorMessage(error);
  }
}

let chosen: Promise<TextTrainingBackend> | null = null;
let chosenFor: string | null = null;

/**
 * Chooses the tfjs backend text training uses and switches tfjs to it: WebAssembly (the fastest
 * CPU path for a T5, served by this site), else the backend `useBackend` chooses. Asking for a
 * backend by name tries it first. The choice is published for the backend indicator
 * (`onTextTrainingBackend`).
 *
 * @param preference - `auto` (default), or a backend to try first.
 * @returns the name of the backend now active.
 * @example
 * const backend = await textTrainingBackend(); // "wasm"
 */
export function textTrainingBackend(
  preference: 'auto' | TextTrainingBackend = 'auto',
): Promise<TextTrainingBackend> {
  if (chosen && chosenFor === preference && tf.getBackend() === chosenName) return chosen;
  chosenFor = preference;
  chosen = choose(preference).then((name) => {
    chosenName = name;
    return name;
  });
  return chosen;
}
let chosenName: string | null = null;

async function choose(preference: 'auto' | TextTrainingBackend): Promise<TextTrainingBackend> {
  const skipped: string[] = [];
  if (preference === 'auto' || preference === 'wasm') {
    const failure = await startWasm();
    if (failure === null) return publish('wasm', skipped);
    skipped.push(`WebAssembly unavailable: ${failure}`);
  }
  const choice = await useBackend(preference === 'auto' || preference === 'wasm' ? 'auto' : preference);
  if (tf.getBackend() !== choice.name) await tf.setBackend(choice.name);
  skipped.push(...choice.skipped);
  return publish(choice.name, skipped);
}

function publish(backend: TextTrainingBackend, skipped: string[]): TextTrainingBackend {
  publishTextTrainingBackend({ backend, label: TEXT_TRAINING_LABELS[backend], skipped });
  return backend;
}

/**
 * Runs `work` with tfjs switched to `backend` (the one a T5's weights live on), then switches back
 * to the backend that was active before. tfjs has one active backend for the whole page or kernel,
 * and WebAssembly cannot train the CNNs, so text training must not leave it active for the cells
 * and widgets that come after it. A call inside another (same backend) switches nothing.
 */
export async function onTextBackend<T>(backend: string, work: () => Promise<T>): Promise<T> {
  const previous = tf.getBackend();
  if (previous === backend) return work();
  await tf.setBackend(backend);
  try {
    return await work();
  } finally {
    if (tf.getBackend() === backend && previous) await tf.setBackend(previous);
  }
}
