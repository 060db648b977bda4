import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadDigits,
  loadMnist,
  loadOptDigits,
  type DigitAssetIndex,
  type DigitSplit,
} from '../../../../src/lib/data';
// The build script's own resize, tested against values worked out by hand.
import { resize } from '../../../../scripts/data/optdigits.mjs';

const FOLDER = 'public/data/optdigits/';
let optdigits: DigitSplit;
beforeAll(async () => {
  optdigits = await loadOptDigits();
});

describe('the optical-digits asset', () => {
  it('matches the SHA-256 sums in its index (the ones committed with it)', () => {
    const index = JSON.parse(readFileSync(`${FOLDER}index.json`, 'utf8')) as DigitAssetIndex;
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const gz = readFileSync(FOLDER + index.files.images.name);
    expect(sha(gz)).toBe(index.files.images.sha256);
    expect(sha(gunzipSync(gz))).toBe(index.files.images.rawSha256);
    expect(sha(readFileSync(FOLDER + index.files.labels.name))).toBe(index.files.labels.sha256);
    // Pinned here too, so a rebuild that changes the bytes cannot pass by rewriting the index.
    expect(index.files.images.sha256).toBe(
      'dcfbfb742211ded33bb96a456b6b8cb448dd4eb5b23ea9ccf43a25737b28c1dc',
    );
    expect(index.files.labels.sha256).toBe(
      '3a2d8325d86daff576f11d697010254fdf0f28668706bd02facd001ae6ae84e5',
    );
  });

  it("holds UCI's 1,797 test-file digits, with the class counts the data set's documentation lists", () => {
    expect(optdigits.train.size + optdigits.test.size).toBe(1797);
    const train = optdigits.train.counts();
    const test = optdigits.test.counts();
    const total = train.map((count, digit) => count + test[digit]!);
    // optdigits.names, "Class Distribution", testing set.
    expect(total).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    // Stratified: about half of every digit in each part.
    for (let d = 0; d < 10; d++) expect(Math.abs(test[d]! - train[d]!)).toBeLessThanOrEqual(1);
  });

  it('holds grey levels 0..255 inside a centred 20x20 box, black around it', () => {
    for (const set of [optdigits.train, optdigits.test]) {
      let max = 0;
      let outside = 0;
      for (let i = 0; i < set.images.length; i++) {
        const p = i % 784;
        const x = p % 28;
        const y = Math.floor(p / 28);
        const v = set.images[i]!;
        max = Math.max(max, v);
        if (x < 4 || x >= 24 || y < 4 || y >= 24) outside += v;
      }
      // Grey level 16 (a fully inked 4x4 block of the original scan) becomes 255.
      expect(max).toBe(255);
      expect(outside).toBe(0);
    }
  });

  it('loads through the same API as MNIST, cached per domain', async () => {
    expect(await loadDigits({ domain: 'optdigits' })).toBe(optdigits);
    expect(await loadMnist()).not.toBe(optdigits);
    // @ts-expect-error: a reader's typo gets the list of domains
    expect(() => loadDigits({ domain: 'usps' })).toThrow(/Choose one of: mnist, optdigits/);
    expect(optdigits.test.take(1, 1).digits()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('the 8x8 to 20x20 bilinear resize', () => {
  it('keeps a flat image flat', () => {
    const flat = Array.from(resize(new Array(64).fill(7)));
    expect(flat).toHaveLength(400);
    for (const v of flat) expect(v).toBeCloseTo(7, 10);
  });

  it('samples at pixel centres: box column x reads source column (x + 0.5) * 0.4 - 0.5', () => {
    // A ramp: every row is 0, 2, 4, ..., 14.
    const ramp = Array.from({ length: 64 }, (_, i) => 2 * (i % 8));
    const row = Array.from(resize(ramp).slice(0, 20));
    // x = 0: -0.3, clamped to the edge -> 0. x = 2: 0.5 -> 1. x = 10: 3.7 -> 7.4. x = 19: 7.3 -> 14.
    expect(row[0]).toBeCloseTo(0, 10);
    expect(row[2]).toBeCloseTo(1, 10);
    expect(row[10]).toBeCloseTo(7.4, 10);
    expect(row[19]).toBeCloseTo(14, 10);
  });
});
