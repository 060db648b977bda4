/**
 * Loads the committed digit assets (public/data/<domain>/, built by `npm run data`) once per page
 * and caches them: MNIST, and the UCI optical digits, the same ten classes written by other people
 * and scanned another way (the course's second domain). In the browser it fetches from the site;
 * in Node (unit tests, scripts) it reads the files from disk.
 */
import { DigitSet, PIXELS } from './digit-set';
import { isNode } from '../util/environment';

/** The digit sets the site ships, one folder each under public/data/. */
export type DigitDomain = 'mnist' | 'optdigits';
/**
 * The digit collections loadDigits knows: 'mnist' and 'optdigits' (UCI optical digits).
 * @example
 * DIGIT_DOMAINS // ['mnist', 'optdigits']
 */
export const DIGIT_DOMAINS: readonly DigitDomain[] = ['mnist', 'optdigits'];

/** index.json beside each asset (the same format for every domain). */
export interface DigitAssetIndex {
  description: string;
  source: string;
  seed: number;
  train: { offset: number; size: number; counts: number[] };
  test: { offset: number; size: number; counts: number[] };
  files: {
    images: { name: string; bytes: number; sha256: string; rawBytes: number; rawSha256: string };
    labels: { name: string; bytes: number; sha256: string };
  };
}

/** The name existing code uses for the same format. */
export type MnistIndex = DigitAssetIndex;

/** A domain's train and test sets. */
export interface DigitSplit {
  /** Digits for training (MNIST: 8,000; optical digits: 896). */
  train: DigitSet;
  /** Digits kept apart for measuring accuracy (MNIST: 2,000; optical digits: 901). */
  test: DigitSet;
}

export type Mnist = DigitSplit;

export interface LoadDigitsOptions {
  /** Which digit set (default 'mnist'). */
  domain?: DigitDomain;
  /** Folder URL holding index.json (default: the site's data/<domain>/). */
  baseUrl?: string;
  signal?: AbortSignal;
}

export type LoadMnistOptions = Omit<LoadDigitsOptions, 'domain'>;

const cache = new Map<string, Promise<DigitSplit>>();

/**
 * A domain's train and test sets, loaded once per base URL.
 * @param options the domain (default 'mnist'), where the files are, and a signal to stop loading
 * @returns the train and test digit sets
 * @example
 * const { train, test } = await loadDigits({ domain: 'optdigits' });
 */
export function loadDigits(options: LoadDigitsOptions = {}): Promise<DigitSplit> {
  const domain = options.domain ?? 'mnist';
  if (!DIGIT_DOMAINS.includes(domain)) {
    throw new Error(`There is no digit set "${String(domain)}". Choose one of: ${DIGIT_DOMAINS.join(', ')}.`);
  }
  const base = options.baseUrl ?? defaultBase(domain);
  let loading = cache.get(base);
  if (!loading) {
    loading = readDigits(base, options.signal);
    // A failed or aborted load must not poison the cache: the next call tries again.
    loading.catch(() => cache.delete(base));
    cache.set(base, loading);
  }
  return loading;
}

/**
 * MNIST: 10,000 real handwritten digits, 8,000 to train on and 2,000 to test on.
 * @param options where the files are, and a signal to stop loading
 * @returns the train (8,000) and test (2,000) digit sets
 * @example
 * const { train, test } = await loadMnist();
 * digits(train, 10);
 */
export function loadMnist(options: LoadMnistOptions = {}): Promise<DigitSplit> {
  return loadDigits({ ...options, domain: 'mnist' });
}

/**
 * The UCI optical digits (Alpaydin and Kaynak, 1998): 1,797 digits scanned at 8x8 and brought to
 * MNIST's 28x28 form, 896 to train on and 901 to test on. Same classes, another domain.
 * @param options where the files are, and a signal to stop loading
 * @returns the train and test digit sets, each digit scaled to sit like an MNIST one
 * @example
 * const { test } = await loadOptDigits();
 */
export function loadOptDigits(options: LoadMnistOptions = {}): Promise<DigitSplit> {
  return loadDigits({ ...options, domain: 'optdigits' });
}

function defaultBase(domain: DigitDomain): string {
  if (isNode()) return `public/data/${domain}/`;
  return `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}data/${domain}/`;
}

async function readDigits(base: string, signal?: AbortSignal): Promise<DigitSplit> {
  const folder = base.endsWith('/') ? base : `${base}/`;
  const index = JSON.parse(
    new TextDecoder().decode(await readBytes(`${folder}index.json`, signal)),
  ) as DigitAssetIndex;
  const [packed, labels] = await Promise.all([
    readBytes(folder + index.files.images.name, signal),
    readBytes(folder + index.files.labels.name, signal),
  ]);
  const images = await gunzipIfNeeded(packed);
  const total = index.train.size + index.test.size;
  if (images.length !== total * PIXELS || labels.length !== total) {
    throw new Error(
      `The digit files at ${folder} do not match their index (${images.length} pixel bytes, ${labels.length} labels for ${total} digits). Run \`npm run data\` again.`,
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
