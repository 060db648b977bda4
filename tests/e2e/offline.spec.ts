import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import type { BrowserContext, Page, Response } from '@playwright/test';
import sirv from 'sirv';
import { test, expect } from './support/fixtures';
import { builtFile, builtPages, outDir } from './support/pages';
import { output, runCell } from './support/lesson';

/**
 * Offline reload: one visit installs the service worker (scripts/service-worker.mjs); then, with
 * the network off, every page reloads from its cache and the cells and widgets that need the
 * precached data, models and ONNX Runtime still run. Every same-origin response must come from
 * the service worker, and the fixture fails the test on any request that could not be served.
 */
test.use({
  serviceWorkers: 'allow',
  // Leaving or reloading a page aborts what it was still loading (a favicon, a kernel's blob:
  // script). A file missing from the cache offline fails differently (ERR_INTERNET_DISCONNECTED).
  allowedProblems: [/^\S+ \(net::ERR_ABORTED\)$/],
});

/** One visit, which installs the service worker; then the network goes away. */
async function visitThenGoOffline(page: Page, context: BrowserContext): Promise<void> {
  await page.goto('/');
  // The first worker claims the page once everything is precached.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });
  await context.setOffline(true);
}

/** Records every response of this origin that did not come from the service worker. */
function watchNetwork(page: Page, origin: string): string[] {
  const fromNetwork: string[] = [];
  page.on('response', (response: Response) => {
    const url = response.url();
    if (url.startsWith(origin) && !response.fromServiceWorker()) fromNetwork.push(url);
  });
  return fromNetwork;
}

/** Every file under a folder of the build, relative to the build. */
function filesUnder(folder: string): string[] {
  return readdirSync(join(outDir, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(outDir, join(entry.parentPath, entry.name)));
}

/**
 * The built site on a port of its own. After `deploySecondVersion()`, the notebook lesson carries a
 * "deployment 2" marker and sw.js lists it with a new revision, as a real redeploy would.
 */
async function startDeployableSite() {
  const lesson = '/lessons/notebook/index.html';
  const oldWorker = readFileSync(join(outDir, 'sw.js'), 'utf8');
  const newWorker = oldWorker.replace(
    /(url:"lessons\/notebook\/index\.html",revision:")([0-9a-f]+)"/,
    '$1deployment2"',
  );
  expect(newWorker, 'the manifest entry to change').not.toBe(oldWorker);
  const newLesson = readFileSync(builtFile('/lessons/notebook/'), 'utf8').replace(
    '<h1',
    '<p data-testid="deployment">deployment 2</p><h1',
  );
  let second = false;
  const files = sirv(outDir, { dev: true, extensions: ['html'] });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (second && (path === '/sw.js' || path === lesson || path === '/lessons/notebook/')) {
      res.setHeader('Content-Type', path === '/sw.js' ? 'text/javascript' : 'text/html');
      res.end(path === '/sw.js' ? newWorker : newLesson);
      return;
    }
    files(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    deploySecondVersion: () => {
      second = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test.describe('offline reload (service worker)', () => {
  test('the precache lists every page, data file, model file and ONNX Runtime, and nothing twice', () => {
    const worker = readFileSync(join(outDir, 'sw.js'), 'utf8');
    const listed = [...worker.matchAll(/\{url:"([^"]+)",revision:/g)].map((match) => match[1]);
    expect(new Set(listed).size).toBe(listed.length);
    const wanted = [
      ...builtPages({ with404: true, withRedirects: true }).map((page) => relative(outDir, builtFile(page))),
      ...filesUnder('data'),
      ...filesUnder('models').filter((file) => /\.(json|bin|onnx)$/.test(file)),
      ...filesUnder('ort'),
    ];
    expect(wanted.filter((file) => !listed.includes(file))).toEqual([]);
    // Vite's copy of ONNX Runtime's wasm under _astro/ is never loaded (the library uses /ort/).
    expect(listed.filter((file) => file.startsWith('_astro/') && file.endsWith('.wasm'))).toEqual([]);
    const bytes = listed.reduce((sum, file) => sum + statSync(join(outDir, file)).size, 0);
    console.log(`service worker precache: ${listed.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    // A reader's first visit downloads all of it in the background: keep an eye on the size.
    expect(bytes / 1024 / 1024, 'precache size in MB').toBeLessThan(60);
  });

  test('after one visit every page reloads offline, and its first cell runs', async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    await visitThenGoOffline(page, context);
    const fromNetwork = watchNetwork(page, new URL(baseURL!).origin);
    for (const path of builtPages({ with404: true })) {
      await page.goto(`${path}?backend=webgl`);
      await expect(page.locator('main')).toBeVisible();
      // A lesson's first (non-setup) cell loads the editor-free kernel, tfjs and what it reads
      // (MNIST for most): it must finish, and nothing it needs may be missing from the cache.
      const first = page.locator('tl-code-cell:not([data-mode="setup"])').first();
      if ((await first.count()) > 0) {
        const id = await first.getAttribute('data-cell');
        expect(await runCell(page, id!), `${path}: first cell ${id}`).toMatch(/^(done|error)$/);
        await expect(output(page, id!)).not.toBeEmpty();
      }
    }
    expect(fromNetwork, 'responses that did not come from the service worker').toEqual([]);
  });

  test('offline, the shipped models and ONNX Runtime still run: CNNs in cells, the mini T5, the self-test', async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    await visitThenGoOffline(page, context);

    await page.goto('/lessons/what-is-transfer-learning/?backend=webgl');
    expect(await runCell(page, 'tasks')).toBe('done');
    expect(await runCell(page, 'source')).toBe('done');
    await expect(output(page, 'source')).toContainText('test images of those digits');

    await page.goto('/lessons/instruction-tuning/?textDevice=wasm');
    const playground = page.locator('tl-prompt-playground');
    await playground.getByLabel('Prompt', { exact: true }).fill('what is the plural of mouse ?');
    await playground.getByRole('button', { name: 'Generate' }).click();
    await expect(playground.locator('[data-role="output"]')).toHaveText('mice', { timeout: 90_000 });

    await page.goto('/lessons/first-steps/?backend=webgl');
    await page.locator('tl-selftest [data-role="run"]').click();
    await expect(page.locator('tl-selftest')).toHaveAttribute('data-backend', 'webgl', { timeout: 60_000 });
    await expect(page.locator('tl-selftest [data-role="result"]')).toContainText('as it should');
  });

  test('a new deployment replaces the old cache after the reader presses Reload; Hub models stay', async ({
    page,
    context,
  }) => {
    test.setTimeout(120_000);
    // A server of our own, so the test can "deploy" a new version: the same build, except that the
    // notebook lesson has changed and the new worker's manifest gives it a new revision.
    const site = await startDeployableSite();
    try {
      await page.goto(site.url);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
        timeout: 90_000,
      });
      // A Hub model the reader downloaded earlier lives in transformers.js's own cache.
      await page.evaluate(async () => {
        const cache = await caches.open('transformers-cache');
        await cache.put('https://huggingface.co/Xenova/x/resolve/main/config.json', new Response('{}'));
      });
      const lesson = `${site.url}lessons/notebook/`;
      await page.goto(lesson);
      await expect(page.getByTestId('deployment')).toHaveCount(0);

      site.deploySecondVersion();
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      const notice = page.getByRole('status').filter({ hasText: 'A new version of Transfer Lab is ready' });
      await expect(notice).toBeVisible({ timeout: 60_000 });
      // Until the reader chooses, the page keeps the deployment it was loaded from.
      await expect(page.getByTestId('deployment')).toHaveCount(0);
      await notice.getByRole('button', { name: 'Reload' }).click();
      await expect(page.getByTestId('deployment')).toBeVisible({ timeout: 30_000 });

      // The new cache serves the new page with the network off; the reader's Hub model is still there.
      await context.setOffline(true);
      await page.reload();
      await expect(page.getByTestId('deployment')).toBeVisible();
      const hubEntries = await page.evaluate(
        async () => (await (await caches.open('transformers-cache')).keys()).length,
      );
      expect(hubEntries).toBe(1);
    } finally {
      await site.close();
    }
  });
});
