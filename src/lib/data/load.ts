/**
 * Loads the committed MNIST asset (public/data/mnist/, built by `npm run data`) once per page and
 * caches it. In the browser it fetches from the site; in Node (unit tests, scripts) it reads the
 * files from disk.
 */
import { DigitSet, PIXELS } from './digit-set';
import { isNode } from '../util/environment';

export interface MnistIndex {
  seed: number;
  train: { offset: number; size: number; counts: number[] };
  test: { offset: number; size: number; counts: number[] };
  files: {
    images: { name: string; bytes: number; sha256: string; rawBytes: number; rawSha256: string };
    labels: { name: string; bytes: number; sha256: string };
  };
}

export interface Mnist {
  /** 8,000 digits for training. */
  train: DigitSet;
  /** 2,000 digits kept apart for measuring accuracy. */
  test: DigitSet;
}

export interface LoadMnistOptions {
  /** Folder URL holding index.json (default: the site's data/mnist/). */
  baseUrl?: string;
  signal?: AbortSignal;
}

const cache = new Map<string, Promise<Mnist>>();

/** The MNIST train and test sets, loaded once per base URL. */
export function loadMnist(options: LoadMnistOptions = {}): Promise<Mnist> {
  const base = options.baseUrl ?? defaultBase();
  let loading = cache.get(base);
  if (!loading) {
    loading = readMnist(base, options.signal);
    // A failed or aborted load must not poison the cache: the next call tries again.
    loading.catch(() => cache.delete(base));
    cache.set(base, loading);
  }
  return loading;
}

function defaultBase(): string {
  if (isNode()) return 'public/data/mnist/';
  return `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}data/mnist/`;
}

async function readMnist(base: string, signal?: AbortSignal): Promise<Mnist> {
  const folder = base.endsWith('/') ? base : `${base}/`;
  const index = JSON.parse(
    new TextDecoder().decode(await readBytes(`${folder}index.json`, signal)),
  ) as MnistIndex;
  const [packed, labels] = await Promise.all([
    readBytes(folder + index.files.images.name, signal),
    readBytes(folder + index.files.labels.name, signal),
  ]);
  const images = await gunzipIfNeeded(packed);
  const total = index.train.size + index.test.size;
  if (images.length !== total * PIXELS || labels.length !== total) {
    throw new Error(
      `The MNIST files at ${folder} do not match their index (${images.length} pixel bytes, ${labels.length} labels for ${total} digits). Run \`npm run data\` again.`,
    );
  }
  const part = ({ offset, size }: { offset: number; size: number }) =>
    new DigitSet(
      images.slice(offset * PIXELS, (offset + size) * PIXELS),
      labels.slice(offset, offset + size),
    );
  return { train: part(index.train), test: part(index.test) };
}

async function readBytes(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  if (isNode() && !/^https?:/.test(url)) {
    // Kept out of the browser bundle: the module name is not a literal Vite can follow.
    const fsModule = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
    return new Uint8Array(await fs.readFile(url, { signal }));
  }
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status}.`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Some servers already undo the gzip (Content-Encoding); others hand over the raw .gz file.
 * The gzip magic bytes tell which one arrived.
 */
async function gunzipIfNeeded(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
