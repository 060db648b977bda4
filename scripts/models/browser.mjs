// Runs library code in headless Chromium from a Node script: bundles an entry file with esbuild,
// serves it next to public/ (data and models) on 127.0.0.1, and opens it in Debian's Chromium.
// Used by `npm run models`; tfjs trains there on WebGL, the fastest backend on our machines.
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import sirv from 'sirv';
import { chromium } from '@playwright/test';
import { chromiumArgs } from '../../tests/e2e/support/chromium.ts';

const root = join(import.meta.dirname, '..', '..');

// The same Chromium flags as the end-to-end tests, WebGPU on.
export const CHROMIUM_ARGS = chromiumArgs({ webgpu: true });

/** Bundles `entry`, serves it with public/, opens it; returns the page and a close() function. */
export async function openLibraryPage(entry) {
  const dir = mkdtempSync(join(tmpdir(), 'tl-models-'));
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    outfile: join(dir, 'entry.js'),
    define: { 'import.meta.env.BASE_URL': '"/"' },
    // Node-only branches of the library (reading files from disk) never run in the page.
    external: ['node:*'],
    logLevel: 'warning',
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><script type="module" src="/entry.js"></script>',
  );
  const bundle = sirv(dir, { dev: true });
  const site = sirv(join(root, 'public'), { dev: true });
  const server = createServer((req, res) =>
    bundle(req, res, () => site(req, res, () => res.writeHead(404).end())),
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage();
  page.on('console', (message) => console.log(`  [browser] ${message.text()}`));
  page.on('pageerror', (error) => console.error(`  [browser error] ${error.message}`));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => 'libraryReady' in window);
  return {
    page,
    async close() {
      await browser.close();
      server.close();
    },
  };
}
