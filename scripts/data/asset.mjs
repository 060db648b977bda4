// Shared by the data builders: a seeded, stratified train/test split and the committed file
// format (gzipped grey levels, one label byte per image, an index with counts and SHA-256 sums)
// that src/lib/data/load.ts reads. Fixed gzip settings keep the bytes identical on every rebuild.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
// Node 22 strips TypeScript types, so the split uses the library's own seeded generator.
import { seededRandom } from '../../src/lib/data/random.ts';

export const PIXELS = 784;
export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function shuffle(items, next) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Splits `digits` ({label, pixels}) so the same share of every digit goes to the test set, then
 * mixes each part so any prefix of it holds every digit.
 */
export function stratifiedSplit(digits, { seed, testShare }) {
  const next = seededRandom(seed);
  const train = [];
  const test = [];
  for (let label = 0; label < 10; label++) {
    const ofLabel = shuffle(
      digits.filter((d) => d.label === label),
      next,
    );
    const testCount = Math.round(ofLabel.length * testShare);
    test.push(...ofLabel.slice(0, testCount));
    train.push(...ofLabel.slice(testCount));
  }
  shuffle(train, next);
  shuffle(test, next);
  return { train, test };
}

const counts = (set) => Array.from({ length: 10 }, (_, l) => set.filter((d) => d.label === l).length);

/** Writes images.u8.gz, labels.u8 and index.json (train images first, then test) into `outDir`. */
export function writeDigitAsset(outDir, { train, test }, meta) {
  const all = [...train, ...test];
  const images = new Uint8Array(all.length * PIXELS);
  const labels = new Uint8Array(all.length);
  all.forEach((d, i) => {
    images.set(d.pixels, i * PIXELS);
    labels[i] = d.label;
  });
  const gz = gzipSync(images, { level: 9 });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'images.u8.gz'), gz);
  writeFileSync(join(outDir, 'labels.u8'), labels);
  const index = {
    ...meta,
    width: 28,
    height: 28,
    train: { offset: 0, size: train.length, counts: counts(train) },
    test: { offset: train.length, size: test.length, counts: counts(test) },
    files: {
      images: {
        name: 'images.u8.gz',
        bytes: gz.length,
        sha256: sha256(gz),
        rawBytes: images.length,
        rawSha256: sha256(images),
      },
      labels: { name: 'labels.u8', bytes: labels.length, sha256: sha256(labels) },
    },
  };
  writeFileSync(join(outDir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  console.log(
    `wrote ${outDir}: ${train.length} train + ${test.length} test digits, images ${(gz.length / 1024).toFixed(0)} KB gzipped`,
  );
  return index;
}

/** Throws unless the committed files in `outDir` match the SHA-256 sums in their index. */
export function verifyDigitAsset(outDir) {
  const index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8'));
  const gz = readFileSync(join(outDir, index.files.images.name));
  const checks = [
    [index.files.images.name, sha256(gz), index.files.images.sha256],
    [`${index.files.images.name} (unzipped)`, sha256(gunzipSync(gz)), index.files.images.rawSha256],
    [
      index.files.labels.name,
      sha256(readFileSync(join(outDir, index.files.labels.name))),
      index.files.labels.sha256,
    ],
  ];
  for (const [name, actual, expected] of checks) {
    if (actual !== expected)
      throw new Error(
        `${join(outDir, name)} does not match its index (SHA-256 ${actual}, index ${expected}).`,
      );
  }
  return index;
}
