import { tf } from '../tf';
import {
  BACKEND_LABELS,
  type BackendChoice,
  type BackendPreference,
  type TfBackendName,
  backendOrder,
} from './names';
import { describeAdapter, navigatorGpu, probeWasm, probeWebGl } from './probe';
import { errorMessage } from '../util/errors';
import { publishActiveBackend } from './status';
import { loadWasmBackend } from './wasm';

let current: Promise<BackendChoice> | null = null;
let currentPreference: BackendPreference | null = null;

/**
 * Makes tfjs run on the best backend that works, trying the reader's preference first and then
 * WebGPU, WebGL, WebAssembly and CPU in that order. Never throws for a failed backend: it falls through to the
 * next one and records why. Calling it again with the same preference is free.
 * @param preference 'auto' (default: the fastest that works) or one backend
 * @returns the backend that runs, its label, GPU adapter and the backends skipped on the way
 * @example
 * const choice = await useBackend('cpu');
 * choice.name // 'cpu'
 */
export function useBackend(preference: BackendPreference = 'auto'): Promise<BackendChoice> {
  if (current && currentPreference === preference) return current;
  currentPreference = preference;
  current = chooseBackend(preference).then((choice) => {
    publishActiveBackend(choice);
    return choice;
  });
  return current;
}

async function chooseBackend(preference: BackendPreference): Promise<BackendChoice> {
  const skipped: string[] = [];
  for (const name of backendOrder(preference)) {
    const failure = await tryBackend(name);
    if (failure === null) {
      const adapter = await adapterOf(name);
      const label =
        name === 'cpu' || name === 'wasm' ? BACKEND_LABELS[name] : `${BACKEND_LABELS[name]} - ${adapter}`;
      return { name, label, adapter, preference, skipped };
    }
    skipped.push(`${BACKEND_LABELS[name]} unavailable: ${failure}`);
  }
  // The CPU backend ships inside tfjs and always initialises, so this is a genuine bug.
  throw new Error(`No tfjs backend could start. ${skipped.join('; ')}`);
}

/** Returns null when the backend is active and computes correctly, or the reason it is not. */
async function tryBackend(name: TfBackendName): Promise<string | null> {
  try {
    if (name === 'webgpu') {
      const gpu = navigatorGpu();
      if (!gpu) return 'this browser has no WebGPU';
      const adapter = await gpu.requestAdapter();
      if (!adapter) return 'no adapter';
      await import('@tensorflow/tfjs-backend-webgpu');
    }
    if (name === 'wasm') {
      const wasm = probeWasm();
      if (!wasm.available) return wasm.reason ?? 'this browser has no WebAssembly';
      await loadWasmBackend();
    }
    if (name === 'webgl') {
      // The same canvas test the indicator's probe makes, so both name the same backend.
      const webgl = probeWebGl();
      if (!webgl.available) return webgl.reason ?? 'WebGL 2 is not available';
    }
    if (!(await tf.setBackend(name))) return 'it failed to initialise';
    await tf.ready();
    // A tiny computation proves the backend really works, not just that it registered.
    const probe = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])));
    const values = await probe.data();
    probe.dispose();
    if (values[0] !== 4 || values[1] !== 6) return 'it computed a wrong result';
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

async function adapterOf(name: TfBackendName): Promise<string> {
  if (name === 'cpu' || name === 'wasm') return 'CPU';
  if (name === 'webgpu') {
    const adapter = await navigatorGpu()?.requestAdapter();
    return describeAdapter(adapter?.info);
  }
  try {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
    const debug = gl?.getExtension('WEBGL_debug_renderer_info');
    if (gl && debug) return String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL));
  } catch {
    // Fall through to the generic name.
  }
  return 'WebGL 2';
}

/**
 * The name of the backend tfjs is using right now (what actually ran, for tests and reports).
 * @returns tfjs's current backend: 'webgpu', 'webgl', 'wasm' or 'cpu'
 * @example
 * activeBackendName()
 */
export function activeBackendName(): string {
  return tf.getBackend();
}
