/**
 * The page's one loaded text model, shared by every text widget on the page so a reader downloads
 * and loads it once. Imports the library lazily: nothing of it ships until first use, and
 * transformers.js itself only ever loads inside the text worker.
 */
import type { LoadTextModelOptions, TextModel } from '../../lib/text/load';

let current: { key: string; model: Promise<TextModel> } | null = null;

/** The loading half of the text library (without tfjs, which only the feature-head widget needs). */
export async function textLibrary() {
  const [load, registry, runtime] = await Promise.all([
    import('../../lib/text/load'),
    import('../../lib/text/registry'),
    import('../../lib/text/runtime'),
  ]);
  return { ...load, ...registry, ...runtime };
}

/** Honours `?hub=http://127.0.0.1:PORT/` (loopback only) so tests can serve "Hub" models locally. */
export async function applyHubOverride(): Promise<void> {
  const { hubHostFromQuery, setRuntimeLocations } = await textLibrary();
  const hub = hubHostFromQuery(location.search);
  if (hub) setRuntimeLocations({ hubHost: hub });
}

function keyOf(options: LoadTextModelOptions): string {
  return `${options.model ?? 'mini-t5'}|${options.device ?? 'auto'}|${options.dtype ?? 'default'}`;
}

/** Loads (or reuses) a model; a different model, device or format unloads the previous one. */
export async function sharedTextModel(requested: LoadTextModelOptions): Promise<TextModel> {
  // A widget that names no device or format follows `?textDevice=` / `?dtype=` like the playground
  // (tests pin WebAssembly this way: on SwiftShader, WebGPU takes minutes on a busy machine).
  const { textDeviceFromQuery } = await import('../../lib/backend/text-device');
  const query = textDeviceFromQuery(location.search);
  const options = { device: query.device, dtype: query.dtype, ...requested };
  const key = keyOf(options);
  if (current?.key === key) {
    try {
      return await current.model;
    } catch {
      current = null; // a failed load is never reused: Retry loads afresh
    }
  }
  const previous = current;
  const { loadTextModel } = await textLibrary();
  await applyHubOverride();
  if (previous) await (await previous.model.catch(() => null))?.dispose();
  const model = loadTextModel(options);
  current = { key, model };
  try {
    return await model;
  } catch (error) {
    if (current?.model === model) current = null;
    throw error;
  }
}

/** The model already loaded on this page, if any (without starting a load). */
export async function loadedTextModel(): Promise<TextModel | null> {
  if (!current) return null;
  return current.model.catch(() => null);
}
