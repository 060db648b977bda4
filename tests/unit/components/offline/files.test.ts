import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileKey, pageKey } from '../../../../src/components/offline/files';
import { offlineManifest } from '../../../../scripts/offline-files.mjs';

const base = new URL('https://example.org/course/');

describe('offline cache keys', () => {
  test('one key per page, whatever the query, index.html or missing slash', () => {
    const key = 'https://example.org/course/lessons/lora/';
    for (const address of [
      'https://example.org/course/lessons/lora/',
      'https://example.org/course/lessons/lora/?backend=webgl#cell-2',
      'https://example.org/course/lessons/lora/index.html',
      'https://example.org/course/lessons/lora',
    ]) {
      expect(pageKey(new URL(address), base), address).toBe(key);
    }
    expect(pageKey(new URL('https://example.org/course/'), base)).toBe('https://example.org/course/');
    expect(pageKey(new URL('https://other.org/course/x/'), base)).toBeNull();
    expect(pageKey(new URL('https://example.org/elsewhere/'), base)).toBeNull();
  });

  test('a file without a hash in its name is keyed by its revision; a hashed one by its address', () => {
    expect(fileKey({ path: 'data/mnist/index.json', bytes: 1, revision: 'abc' }, base)).toBe(
      'https://example.org/course/data/mnist/index.json?tl-rev=abc',
    );
    expect(fileKey({ path: '_astro/select.BTB7ZFBm.js', bytes: 1, revision: null }, base)).toBe(
      'https://example.org/course/_astro/select.BTB7ZFBm.js',
    );
  });
});

describe('sorting a build into shell and stored-on-use files', () => {
  let dir = '';
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tl-offline-'));
    // Two pages: each loads a script that imports a shared chunk statically and a library lazily.
    write(
      'index.html',
      '<link rel="stylesheet" href="/_astro/common.css"><script type="module" src="/_astro/home.js"></script>',
    );
    write('lessons/a/index.html', '<script type="module" src="/_astro/lesson.js"></script>');
    write('offline/index.html', '<p>not saved</p>');
    write('_astro/common.css', 'x'.repeat(10));
    write('_astro/home.js', 'import{a}from"./shared.js";');
    write('_astro/lesson.js', 'import"./shared.js";const l=()=>import("./big.js");');
    write('_astro/shared.js', 'export const a=1;');
    write('_astro/big.js', 'x'.repeat(1000));
    write('_astro/copy.wasm', 'never loaded');
    write('_astro/font.woff2', 'f'.repeat(20));
    write('_astro/font.ttf', 'old font');
    write('ort/engine.wasm', 'w'.repeat(500));
    write('data/set.bin', 'd'.repeat(300));
    write('lab/test/index.html', 'harness');
    write('404.html', 'not found');
    write('sitemap-0.xml', '<urlset/>');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the shell is what pages load at load time, by static import; the rest is listed with sizes', () => {
    const { shellFiles, manifest } = offlineManifest(dir, { offlinePage: 'offline/index.html' });
    expect(shellFiles.sort()).toEqual(
      [
        '_astro/common.css',
        '_astro/font.woff2',
        '_astro/home.js',
        '_astro/lesson.js',
        '_astro/shared.js',
        'offline/index.html',
      ].sort(),
    );
    expect(manifest.pages.map((page) => page.path).sort()).toEqual(['', 'lessons/a/']);
    expect(manifest.files.map((file) => [file.path, file.bytes]).sort()).toEqual([
      ['_astro/big.js', 1000],
      ['data/set.bin', 300],
      ['ort/engine.wasm', 500],
    ]);
    expect(manifest.files.find((file) => file.path === '_astro/big.js')?.revision).toBeNull();
    expect(manifest.files.find((file) => file.path === 'data/set.bin')?.revision).toMatch(/^[0-9a-f]{12}$/);
    // Shell: 10 + 20 + 27 + 51 + 17 + 16 bytes; pages: 102 + 55; files: 1,800.
    expect(manifest.shell).toEqual({ files: 6, bytes: 141 });
    expect(manifest.totalBytes).toBe(141 + 102 + 55 + 1800);
  });
});
