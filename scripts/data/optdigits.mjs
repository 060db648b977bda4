// The UCI optical digits (Alpaydin and Kaynak, 1998; CC BY 4.0), the course's second domain: the
// 1,797 digits of UCI's test file, as scikit-learn ships them (sklearn/datasets/data/digits.csv.gz,
// 64 grey levels 0..16 and the label per line). Debian's python3-sklearn package carries the file:
//   apt-get download python3-sklearn && dpkg -x python3-sklearn_*.deb /tmp/sklearn
//   npm run data -- --optdigits /tmp/sklearn
// Each 8x8 image is brought to MNIST's form: scaled to a 20x20 box (bilinear), centred in 28x28,
// grey levels 0..255. Without the source file, the committed asset is checked and kept.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PIXELS, sha256, stratifiedSplit, verifyDigitAsset, writeDigitAsset } from './asset.mjs';

const SEED = 1998; // any fixed number; this one is the year the data set was published
const TEST_SHARE = 0.5;
const SOURCE = 'usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz';
// digits.csv.gz in python3-sklearn 1.2.1+dfsg-1 (Debian 12): the file the committed asset was built from.
const SOURCE_SHA256 = '46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a';
const SIDE = 8;
const BOX = 20;
const OFFSET = (28 - BOX) / 2;

/** Where to read digits.csv.gz: a path given (the file or a `dpkg -x` folder), or an installed copy. */
function findSource(given) {
  const candidates = given
    ? [given, join(given, SOURCE)]
    : [process.env.TL_OPTDIGITS_CSV, join('/', SOURCE)].filter(Boolean);
  return candidates.find((path) => existsSync(path) && statSync(path).isFile()) ?? null;
}

/**
 * Bilinear resize of one 8x8 image to BOX x BOX, sampling at pixel centres (so the 8x8 grid
 * covers the box exactly) and repeating the edge pixels outside it.
 */
export function resize(values) {
  const out = new Float64Array(BOX * BOX);
  const scale = SIDE / BOX;
  const at = (x, y) => values[Math.min(SIDE - 1, Math.max(0, y)) * SIDE + Math.min(SIDE - 1, Math.max(0, x))];
  for (let y = 0; y < BOX; y++) {
    for (let x = 0; x < BOX; x++) {
      const sx = (x + 0.5) * scale - 0.5;
      const sy = (y + 0.5) * scale - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      out[y * BOX + x] =
        at(x0, y0) * (1 - fx) * (1 - fy) +
        at(x0 + 1, y0) * fx * (1 - fy) +
        at(x0, y0 + 1) * (1 - fx) * fy +
        at(x0 + 1, y0 + 1) * fx * fy;
    }
  }
  return out;
}

/** One csv line (64 grey levels 0..16, then the label) as a 28x28 digit with grey levels 0..255. */
export function toMnistForm(line) {
  const fields = line.split(',').map(Number);
  if (fields.length !== 65 || fields.some((v) => !Number.isInteger(v)))
    throw new Error(`Expected 64 grey levels and a label, got: ${line.slice(0, 60)}`);
  const label = fields[64];
  const box = resize(fields.slice(0, 64));
  const pixels = new Uint8Array(PIXELS);
  for (let y = 0; y < BOX; y++) {
    for (let x = 0; x < BOX; x++) {
      pixels[(y + OFFSET) * 28 + x + OFFSET] = Math.round((box[y * BOX + x] * 255) / 16);
    }
  }
  return { label, pixels };
}

export function buildOptDigits(root, given) {
  const outDir = join(root, 'public', 'data', 'optdigits');
  const source = findSource(given);
  if (!source) {
    const index = verifyDigitAsset(outDir);
    console.log(
      `kept ${outDir} (${index.train.size} + ${index.test.size} digits, SHA-256 sums match its index). ` +
        'To rebuild it from the source: apt-get download python3-sklearn && dpkg -x python3-sklearn_*.deb /tmp/sklearn && npm run data -- --optdigits /tmp/sklearn',
    );
    return;
  }
  const packed = readFileSync(source);
  if (sha256(packed) !== SOURCE_SHA256) {
    console.warn(
      `warning: ${source} is not the digits.csv.gz of python3-sklearn 1.2.1+dfsg-1 (SHA-256 differs); the built files may differ from the committed ones.`,
    );
  }
  const lines = gunzipSync(packed).toString('utf8').trim().split('\n');
  const digits = lines.map(toMnistForm);
  writeDigitAsset(outDir, stratifiedSplit(digits, { seed: SEED, testShare: TEST_SHARE }), {
    description:
      'UCI optical recognition of handwritten digits (Alpaydin and Kaynak, 1998), the 1,797 digits of its test file as scikit-learn ships them: 8x8 grey levels 0..16, each scaled to a 20x20 box (bilinear, pixel centres), centred in 28x28 and scaled to grey levels 0..255 as bytes, row-major, white digit on black. images.u8.gz is gzip of size*784 bytes; labels.u8 holds one byte (0..9) per image. Train images come first, then test images.',
    source: `sklearn/datasets/data/digits.csv.gz from Debian's python3-sklearn 1.2.1+dfsg-1 (SHA-256 ${SOURCE_SHA256})`,
    license: 'CC BY 4.0, https://doi.org/10.24432/C50P49',
    seed: SEED,
    split: { method: 'stratified by digit, seeded shuffle', testShare: TEST_SHARE },
  });
}
