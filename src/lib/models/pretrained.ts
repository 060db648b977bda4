/**
 * The two models the site ships (built by `npm run models`): loaded from public/models/<name>/
 * in the browser, or from disk in Node.
 */
import { tf } from '../tf';
import { isNode } from '../util/environment';

export type PretrainedName = 'source-cnn' | 'teacher-cnn';
/**
 * The models loadPretrained can load: 'source-cnn' and 'teacher-cnn'.
 * @example
 * PRETRAINED_NAMES // ['source-cnn', 'teacher-cnn']
 */
export const PRETRAINED_NAMES: readonly PretrainedName[] = ['source-cnn', 'teacher-cnn'];

/** What a shipped model is, how it was trained and how good it is (card.json beside model.json). */
export interface ModelCard {
  name: PretrainedName;
  description: string;
  /** Digits the outputs stand for, in output order. */
  classes: number[];
  data: string;
  split: string;
  trainImages: number;
  testImages: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: string;
  seed: number;
  testAccuracy: number;
  parameters: number;
  sizeBytes: number;
  backend: string;
  trainingSeconds: number;
  date: string;
  architecture: string;
}

export interface LoadPretrainedOptions {
  /** Site root (default: the site's base URL in the browser, public/ in Node). */
  baseUrl?: string;
}

/**
 * A shipped pretrained model and its card. Each call returns a fresh model the caller owns.
 * @param name 'source-cnn' (digits 0-4) or 'teacher-cnn' (0-9)
 * @param options where the files are, and a signal to stop loading
 * @returns the model and its card (data, epochs, test accuracy...)
 * @example
 * const { model, card } = await loadPretrained('source-cnn');
 * card.testAccuracy
 */
export async function loadPretrained(
  name: PretrainedName,
  options: LoadPretrainedOptions = {},
): Promise<{ model: tf.LayersModel; card: ModelCard }> {
  if (!PRETRAINED_NAMES.includes(name)) {
    throw new Error(
      `There is no pretrained model "${String(name)}". Choose one of: ${PRETRAINED_NAMES.join(', ')}.`,
    );
  }
  const base = (options.baseUrl ?? defaultBase()).replace(/\/?$/, '/');
  const folder = `${base}models/${name}/`;
  if (isNode() && !/^https?:/.test(folder)) return loadFromDisk(folder);
  const [model, card] = await Promise.all([
    tf.loadLayersModel(`${folder}model.json`),
    fetch(`${folder}card.json`).then((r) => {
      if (!r.ok) throw new Error(`Could not load ${folder}card.json: HTTP ${r.status}.`);
      return r.json() as Promise<ModelCard>;
    }),
  ]);
  return { model, card };
}

function defaultBase(): string {
  return isNode() ? 'public/' : import.meta.env.BASE_URL;
}

async function loadFromDisk(folder: string): Promise<{ model: tf.LayersModel; card: ModelCard }> {
  const fsModule = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
  const json = JSON.parse(await fs.readFile(`${folder}model.json`, 'utf8')) as tf.io.ModelJSON;
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    for (const path of group.paths) buffers.push(new Uint8Array(await fs.readFile(folder + path)));
  }
  const total = buffers.reduce((sum, b) => sum + b.length, 0);
  const weightData = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    weightData.set(b, at);
    at += b.length;
  }
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: weightData.buffer,
    }),
  );
  const card = JSON.parse(await fs.readFile(`${folder}card.json`, 'utf8')) as ModelCard;
  return { model, card };
}
