import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import type { Browser, Locator, Page, Response } from '@playwright/test';
import sirv from 'sirv';
import { test, expect } from './support/fixtures';
import { builtFile, builtPages, outDir } from './support/pages';
import { output, runCell } from './support/lesson';
import type { OfflineManifest } from '../../src/components/offline/files';

/**
 * Offline reading (scripts/service-worker.mjs, src/components/offline/): the service worker
 * precaches only the site shell, so a first visit stays light; a page, and the models and data its
 * cells and widgets use, is stored when first used; "Save the course" stores everything. With the
 * network off, every same-origin response must come from the service worker, and the fixture fails
 * the test on any request that could not be served.
 */
test.use({
  serviceWorkers: 'allow',
  // Leaving or reloading a page aborts what it was still loading (a favicon, a kernel's blob:
  // script). A file missing from the cache offline fails differently (ERR_INTERNET_DISCONNECTED).
  allowedProblems: [/^\S+ \(net::ERR_ABORTED\)$/],
});

/** Waits until the service worker controls the page (it claims it once the shell is precached). */
async function waitForWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });
}

/** Opens the "Reading offline" page, saves the course and waits until it is saved. */
async function saveCourse(page: Page): Promise<Locator> {
  await page.goto('/reference/offline/');
  await waitForWorker(page);
  const control = page.locator('tl-offline-save');
  await expect(control).toHaveAttribute('data-ready', 'true');
  await control.getByRole('button', { name: /^Save the course for offline use/ }).click();
  await expect(control).toHaveAttribute('data-state', 'saved', { timeout: 180_000 });
  return control;
}

/** The offline manifest the build wrote. */
function manifest(): OfflineManifest {
  return JSON.parse(readFileSync(join(outDir, 'offline-files.json'), 'utf8')) as OfflineManifest;
}

/** The paths sw.js precaches. */
function precached(): string[] {
  const worker = readFileSync(join(outDir, 'sw.js'), 'utf8');
  return [...worker.matchAll(/\{url:"([^"]+)",revision:/g)].map((match) => match[1]);
}

const lessons = () => builtPages().filter((path) => path.startsWith('/lessons/'));
const MB = 1024 * 1024;

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
 * "deployment 2" marker and sw.js changes (a new revision of a precached file), as a real redeploy would.
 */
async function startDeployableSite() {
  const lesson = '/lessons/notebook/index.html';
  const oldWorker = readFileSync(join(outDir, 'sw.js'), 'utf8');
  const newWorker = oldWorker.replace(
    /(url:"offline\/index\.html",revision:")([0-9a-f]+)"/,
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

/**
 * Every byte the browser receives over the network while `work` runs in a fresh context with the
 * service worker on: the pages' responses and the worker's own (its precache and what it stores).
 * A response the worker answered for a page is not counted (the worker's fetch behind it is).
 * Bodies are read in full; a body that cannot be read fails the measurement instead of counting 0.
 */
async function networkBytes(
  browser: Browser,
  baseURL: string,
  work: (page: Page) => Promise<void>,
): Promise<{ bytes: number; files: number; largest: string[] }> {
  const context = await browser.newContext({ baseURL, serviceWorkers: 'allow' });
  const reads: Promise<{ url: string; bytes: number }>[] = [];
  let last = Date.now();
  context.on('response', (response: Response) => {
    last = Date.now();
    if (response.fromServiceWorker() || !/^https?:/.test(response.url())) return;
    // A redirect has no body to read (none is expected from this server; counted as its headers only).
    if (response.status() >= 300 && response.status() < 400) return;
    reads.push(response.body().then((body) => ({ url: response.url(), bytes: body.length })));
  });
  try {
    const page = await context.newPage();
    await work(page);
    // Until nothing has arrived for 3 s: the worker keeps storing after the page's load event.
    await expect.poll(() => Date.now() - last, { timeout: 60_000, intervals: [500] }).toBeGreaterThan(3000);
    const sizes = await Promise.all(reads);
    sizes.sort((a, b) => b.bytes - a.bytes);
    return {
      bytes: sizes.reduce((sum, size) => sum + size.bytes, 0),
      files: sizes.length,
      largest: sizes
        .slice(0, 5)
        .map((size) => `${new URL(size.url).pathname} ${(size.bytes / 1024).toFixed(0)} KB`),
    };
  } finally {
    await context.close();
  }
}

/** Runs the page's first code cell (setup, exercises and cells meant to fail aside); it must finish without error. */
async function expectFirstCellRuns(page: Page, path: string): Promise<void> {
  const first = page
    .locator('tl-code-cell:not([data-mode="setup"]):not([data-mode="exercise"]):not([data-fails])')
    .first();
  if ((await first.count()) === 0) return;
  const id = (await first.getAttribute('data-cell'))!;
  const status = await runCell(page, id, { timeout: 90_000 });
  const text = (await output(page, id).textContent()) ?? '';
  expect(status, `${path}: first cell ${id} ended with ${text.slice(0, 300)}`).toBe('done');
  await expect(output(page, id)).not.toBeEmpty();
}

/**
 * The widgets that load models or data, each run once in its smallest configuration (the same
 * controls their own specs use); the result must appear. Widgets that need no file (figures,
 * quizzes) only need their script, which the first check covers.
 */
const widgetRuns: Record<string, (widget: Locator) => Promise<void>> = {
  'tl-learning-curve': async (widget) => {
    for (const size of [5, 10, 50]) await widget.locator(`input[name="perClass"][value="${size}"]`).uncheck();
    await widget.locator('select[name="testPerClass"]').selectOption('20');
    await widget.getByRole('button', { name: 'Start' }).click();
    await expect(widget).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  },
  // The full run takes minutes on a busy machine: once the teacher and the digits are loaded and
  // training has begun (progress moves on a named backend), Stop.
  'tl-distillation': async (widget) => {
    await widget.locator('input[name="experiment"][value="same-data"]').check();
    await widget.getByRole('button', { name: 'Start' }).click();
    await expect(widget).toHaveAttribute('data-backend', 'wasm', { timeout: 90_000 });
    await expect
      .poll(
        async () => Number(await widget.locator('progress[data-role="progress"]').getAttribute('value')),
        {
          timeout: 120_000,
        },
      )
      .toBeGreaterThan(0.05);
    await widget.getByRole('button', { name: 'Stop' }).click();
    await expect(widget).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  },
  'tl-feature-head': async (widget) => {
    await widget.getByRole('button', { name: 'Extract features and train the head' }).click();
    // The stored mini T5 loads at once; its encoder then runs on 96 sentences (minutes on a busy machine).
    await expect(widget.locator('[data-role="status"]')).toContainText(/encoder on \d+ sentences/, {
      timeout: 60_000,
    });
    await expect(widget).toHaveAttribute('data-accuracy', /\d/, { timeout: 300_000 });
  },
  'tl-selftest': async (widget) => {
    await widget.locator('[data-role="run"]').click();
    await expect(widget.locator('[data-role="result"]')).toContainText('as it should', { timeout: 60_000 });
  },
};

/**
 * Every widget on the page has started (its script is defined), the backend indicator has probed,
 * and the widgets that need models or data run (`widgetRuns`; the text playground has a test of its own).
 */
async function expectWidgetsWork(page: Page, path: string, ran: Set<string>): Promise<void> {
  const undefinedWidgets = await page.evaluate(() =>
    [...new Set([...document.querySelectorAll('*')].map((element) => element.localName))].filter(
      (name) => name.startsWith('tl-') && customElements.get(name) === undefined,
    ),
  );
  expect(undefinedWidgets, `${path}: widgets whose script did not load`).toEqual([]);
  const indicator = page.locator('tl-backend-indicator [data-role="summary"]').first();
  if ((await indicator.count()) > 0) await expect(indicator).not.toHaveText(/Checking/, { timeout: 30_000 });
  // A widget that two pages carry runs the same code on the same files: run each kind once, on the
  // first page that has it (its script is checked on every page above).
  for (const [tag, run] of Object.entries(widgetRuns)) {
    const widget = page.locator(tag).first();
    if (ran.has(tag) || (await widget.count()) === 0) continue;
    ran.add(tag);
    await test.step(`${path}: ${tag}`, () => run(widget));
  }
}

test.describe('offline reading (service worker)', () => {
  test('the precache holds the shell only: the scripts and styles every page loads, fonts, the offline page; no model, data or wasm', () => {
    const listed = precached();
    expect(new Set(listed).size).toBe(listed.length);
    expect(
      listed.filter((file) => /^(models|data|ort|notebook|pagefind\/.*\.pf_)|\.wasm$/.test(file)),
    ).toEqual([]);
    // Of the pages, only the one shown offline for a page that is not stored.
    expect(listed.filter((file) => file.endsWith('.html'))).toEqual(['offline/index.html']);
    // Every script and style sheet any page names in its HTML is there, so every page starts offline.
    // (The test harness pages under /lab/ are not part of the course.)
    for (const page of builtPages({ withRedirects: true }).filter((path) => !path.startsWith('/lab/'))) {
      const html = readFileSync(builtFile(page), 'utf8');
      for (const match of html.matchAll(
        /<(?:script[^>]*\ssrc|link[^>]*\shref)="\/(_astro\/[^"]+\.(?:js|css))"/g,
      )) {
        expect(listed, `${page} loads ${match[1]}`).toContain(match[1]);
      }
    }
    const bytes = listed.reduce((sum, file) => sum + statSync(join(outDir, file)).size, 0);
    console.log(`service worker precache: ${listed.length} files, ${(bytes / MB).toFixed(2)} MB`);
    expect(bytes / MB, 'precache size in MB').toBeLessThan(1.5);
  });

  test('"Save the course" lists every page and every file a reader’s browser loads, with their real sizes', () => {
    const offline = manifest();
    const paths = [...offline.pages, ...offline.files].map((file) => file.path);
    expect(new Set(paths).size).toBe(paths.length);
    // Counted again from the build folder, independently of scripts/offline-files.mjs.
    const wanted = [
      ...builtPages({ withRedirects: true })
        .map((page) => relative(outDir, builtFile(page)).replace(/index\.html$/, ''))
        .filter((page) => !page.startsWith('lab/') && page !== 'offline/'),
      ...filesUnder('data'),
      ...filesUnder('models').filter((file) => /\.(json|bin|onnx)$/.test(file)),
      ...filesUnder('ort'),
      ...filesUnder('notebook'),
    ];
    expect(wanted.filter((path) => !paths.includes(path))).toEqual([]);
    for (const file of [...offline.pages, ...offline.files]) {
      const onDisk = join(
        outDir,
        file.path === '' || file.path.endsWith('/') ? `${file.path}index.html` : file.path,
      );
      expect(file.bytes, file.path).toBe(statSync(onDisk).size);
    }
    const shell = precached().filter((file) => file !== 'offline-files.json');
    const shellBytes = shell.reduce((sum, file) => sum + statSync(join(outDir, file)).size, 0);
    const total =
      shellBytes + [...offline.pages, ...offline.files].reduce((sum, file) => sum + file.bytes, 0);
    expect(offline.totalBytes).toBe(total);
    // The button names the same size.
    const label = readFileSync(builtFile('/reference/offline/'), 'utf8').match(
      /Save the course for offline use \(([^)]+)\)/,
    );
    expect(label?.[1]).toBe(`${(total / 1e6).toFixed(1)} MB`);
    console.log(
      `whole course offline: ${(total / MB).toFixed(1)} MB (${(total / 1e6).toFixed(1)} MB decimal) in ${shell.length + paths.length} files`,
    );
  });

  test('a first visit to any lesson downloads at most 3 MB, service worker included', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(lessons().length * 60_000);
    const results: string[] = [];
    let largest = 0;
    for (const path of lessons()) {
      const measured = await networkBytes(browser, baseURL!, async (page) => {
        await page.goto(path);
        await waitForWorker(page);
        // The worker stores the page the reader opened (it loaded before the worker took control).
        await expect
          .poll(() => page.evaluate(async () => (await (await caches.open('tl-pages')).keys()).length), {
            timeout: 30_000,
          })
          .toBeGreaterThan(0);
      });
      results.push(
        `${path}: ${(measured.bytes / MB).toFixed(2)} MB in ${measured.files} responses (largest: ${measured.largest.join(', ')})`,
      );
      largest = Math.max(largest, measured.bytes);
      expect(measured.bytes / MB, `${path}: MB downloaded on a first visit`).toBeLessThanOrEqual(3);
    }
    console.log(
      `first visit, service worker on:\n${results.join('\n')}\nlargest: ${(largest / MB).toFixed(2)} MB`,
    );
  });

  test('a page visited once reloads offline with its cells, without saving the course', async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    const path = '/lessons/what-is-transfer-learning/';
    await page.goto(`${path}?backend=webgl`);
    await waitForWorker(page);
    expect(await runCell(page, 'tasks', { timeout: 90_000 })).toBe('done');
    expect(await runCell(page, 'source', { timeout: 90_000 })).toBe('done');
    await context.setOffline(true);
    const fromNetwork = watchNetwork(page, new URL(page.url()).origin);
    await page.reload();
    expect(await runCell(page, 'tasks', { timeout: 90_000 })).toBe('done');
    expect(await runCell(page, 'source', { timeout: 90_000 })).toBe('done');
    await expect(output(page, 'source')).toContainText('test images of those digits');
    expect(fromNetwork, 'responses that did not come from the service worker').toEqual([]);
  });

  test('after "Save the course", every page reloads offline; its first cell runs and its widgets work', async ({
    page,
    context,
    baseURL,
  }) => {
    // Every page of the course, each first cell run: about 10 minutes on an idle 2-core machine,
    // twice that under load.
    test.setTimeout(1_500_000);
    const control = await saveCourse(page);
    await expect(control).toHaveAttribute('data-complete', 'true');
    await expect(control.locator('[data-role="summary"]')).toContainText('The whole course is saved');
    await context.setOffline(true);
    const fromNetwork = watchNetwork(page, new URL(baseURL!).origin);
    const widgetsRun = new Set<string>();
    // Every page of the course (the test harness pages under /lab/ are not part of it).
    for (const path of builtPages().filter((path) => !path.startsWith('/lab/'))) {
      await page.goto(`${path}?backend=wasm`);
      await expect(page.locator('main')).toBeVisible();
      if (path !== '/offline/') {
        await expect(
          page.getByRole('heading', { name: 'This page is not saved on this device' }),
          path,
        ).toHaveCount(0);
      }
      await expectFirstCellRuns(page, path);
      await expectWidgetsWork(page, path, widgetsRun);
    }
    expect([...widgetsRun].sort(), 'every kind of widget ran offline').toEqual(
      Object.keys(widgetRuns).sort(),
    );
    expect(fromNetwork, 'responses that did not come from the service worker').toEqual([]);
  });

  test('after "Save the course", the shipped models and ONNX Runtime run offline: CNNs in cells, the mini T5, the self-test', async ({
    page,
    context,
  }) => {
    test.setTimeout(300_000);
    await saveCourse(page);
    await context.setOffline(true);

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

  test('a page never opened, opened offline, says it is not saved and links to the pages that are', async ({
    page,
    context,
  }) => {
    await page.goto('/lessons/notebook/');
    await waitForWorker(page);
    await expect
      .poll(() => page.evaluate(async () => (await (await caches.open('tl-pages')).keys()).length), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    await context.setOffline(true);
    await page.goto('/lessons/lora/');
    await expect(page.getByRole('heading', { name: 'This page is not saved on this device' })).toBeVisible();
    await expect(page.locator('main')).toContainText('You are offline, and this page has not been stored');
    const stored = page.locator('tl-stored-pages a');
    await expect(stored).toHaveCount(1);
    await expect(stored).toHaveAttribute('href', /\/lessons\/notebook\/$/);
    await stored.click();
    await expect(page).toHaveURL(/\/lessons\/notebook\/$/);
    await expect(page.getByRole('heading', { name: 'This page is not saved on this device' })).toHaveCount(0);
  });

  test.describe('with the network cut on purpose', () => {
    // The download stops with ERR_INTERNET_DISCONNECTED (one pattern: a two-element array here
    // would read as Playwright's [value, options] form).
    test.use({
      allowedProblems: [
        /^\S+ \(net::ERR_ABORTED\)$|\?tl-save=1 \(net::ERR_INTERNET_DISCONNECTED\)$|^Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/,
      ],
    });

    test('a save interrupted halfway says so, keeps what it saved and continues where it stopped; Stop and Remove work', async ({
      page,
      context,
    }) => {
      test.setTimeout(300_000);
      await page.goto('/reference/offline/');
      await waitForWorker(page);
      const control = page.locator('tl-offline-save');
      await expect(control).toHaveAttribute('data-ready', 'true');
      const save = control.getByRole('button', { name: /^Save the course for offline use/ });
      const status = control.locator('[data-role="status"]');
      const progress = control.locator('progress');
      const savedBytes = async () => Number(await progress.getAttribute('value'));

      // The connection drops partway.
      await save.click();
      await expect.poll(savedBytes, { timeout: 60_000 }).toBeGreaterThan(5e6);
      await context.setOffline(true);
      await expect(control).toHaveAttribute('data-reason', 'network', { timeout: 60_000 });
      await expect(status).toContainText('the connection was lost');
      await expect(status).toContainText('press Save again to continue');
      await expect(control).toHaveAttribute('data-complete', 'false');
      // What is stored is counted after the message appears (the control reads the caches again).
      await expect
        .poll(async () => Number(await control.getAttribute('data-stored-bytes')), { timeout: 30_000 })
        .toBeGreaterThan(0);

      // Back online, Save continues: files saved before are not fetched again.
      await context.setOffline(false);
      const fetched: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('tl-save=1')) fetched.push(request.url());
      });
      await save.click();
      // Stop: the save halts with a plain message and can continue again.
      await expect(status).toContainText('Saving');
      await control.getByRole('button', { name: 'Stop' }).click();
      await expect(control).toHaveAttribute('data-state', /stopped|saved/, { timeout: 30_000 });
      if ((await control.getAttribute('data-state')) === 'stopped') {
        await expect(status).toContainText('press Save to continue');
        await save.click();
      }
      await expect(control).toHaveAttribute('data-state', 'saved', { timeout: 180_000 });
      const all = manifest().pages.length + manifest().files.length;
      expect(fetched.length, 'files fetched after the interruption').toBeLessThan(all);
      await expect(control).toHaveAttribute('data-complete', 'true');

      // Remove: the stored pages and files go; the shell stays.
      await control.getByRole('button', { name: 'Remove the saved copy' }).click();
      await expect(status).toContainText('Removed');
      await expect(control).toHaveAttribute('data-complete', 'false');
      const left = await page.evaluate(async () => ({
        pages: (await (await caches.open('tl-pages')).keys()).length,
        files: (await (await caches.open('tl-files')).keys()).length,
      }));
      expect(left).toEqual({ pages: 0, files: 0 });
    });
  });

  test('a full disk gets a plain message, and what was saved stays', async ({ page, baseURL }) => {
    test.setTimeout(180_000);
    await page.goto('/reference/offline/');
    await waitForWorker(page);
    // The browser grants this site 4 MB only (Chromium's quota override; a reader's disk being full acts the same).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin, quotaSize: 4e6 });
    const control = page.locator('tl-offline-save');
    await expect(control).toHaveAttribute('data-ready', 'true');
    await control.getByRole('button', { name: /^Save the course for offline use/ }).click();
    await expect(control).toHaveAttribute('data-reason', 'quota', { timeout: 120_000 });
    const status = control.locator('[data-role="status"]');
    await expect(status).toContainText('Your browser has no room left to store the course');
    await expect(status).toContainText(/\d MB is saved and stays/);
    await expect(status).toContainText('press Save again to continue');
    await expect(control).toHaveAttribute('data-complete', 'false');
    await expect(page.locator('main')).toBeVisible();
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin });
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
