// Offline reading: an Astro integration that, after `astro build`, has Workbox (workbox-build's
// generateSW) write dist/sw.js, a service worker that precaches only the site shell (styles,
// fonts, icons, the scripts every page runs at load, and the "not saved on this device" page).
// Pages and everything they load on use (kernel, libraries, models, data, ONNX Runtime's wasm,
// search index) are stored the first time a reader uses them, by the runtime part
// (src/components/offline/sw/runtime.ts, bundled here with the list of files); "Save the course"
// (reference/offline) stores them all at once. scripts/offline-files.mjs sorts the files. Every
// page registers the worker (src/components/offline/register.ts). In `astro dev` the same URL
// serves a service worker that removes itself, so a worker left over from a built site on the
// same port cannot serve stale pages to the dev server.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateSW } from 'workbox-build';
import { offlineManifest } from './offline-files.mjs';
import { formatBytes } from '../src/lib/text/progress.ts';

/** The page served offline in place of a page this browser has not stored. */
export const OFFLINE_PAGE = 'offline/index.html';
/** The list of offline files, read by the "Save the course" control (precached). */
export const MANIFEST_FILE = 'offline-files.json';
/** Written by the build into the page with the "Save the course" control: the size to download. */
export const TOTAL_MARKER = '__TL_OFFLINE_TOTAL__';

/**
 * Served at /sw.js by the dev server: it takes over from any worker a built site left on this
 * origin, deletes the site caches that worker made (never `transformers-cache`, where Hub models a
 * reader downloaded live), unregisters itself and reloads the open pages from the dev server.
 */
export const DEV_SERVICE_WORKER = `// Development: no offline cache. This worker removes the one a built site may have left.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('workbox-') || name.startsWith('tl-') || name.includes('-precache-')) await caches.delete(name);
    }
    await self.registration.unregister();
    for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
  })());
});
`;

/** Replaces the size marker in built pages (the control's label) with the real figure. */
function writeTotal(dir, totalBytes) {
  for (const file of readdirSync(dir, { recursive: true })) {
    if (!String(file).endsWith('.html')) continue;
    const path = join(dir, String(file));
    const html = readFileSync(path, 'utf8');
    if (html.includes(TOTAL_MARKER))
      writeFileSync(path, html.replaceAll(TOTAL_MARKER, formatBytes(totalBytes)));
  }
}

/** The runtime part of the worker, with the manifest inside; returns its file name. */
async function writeRuntime(dir, manifest) {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/components/offline/sw/runtime.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
    define: { __TL_OFFLINE_MANIFEST__: JSON.stringify(manifest) },
  });
  const code = result.outputFiles[0].text;
  // A new name for new code, so the browser sees a changed sw.js and installs the new worker.
  const name = `sw-runtime.${createHash('md5').update(code).digest('hex').slice(0, 12)}.js`;
  writeFileSync(join(dir, name), code);
  return name;
}

/**
 * Writes the offline manifest, the runtime part and `sw.js` into `dir` (the build folder);
 * returns what Workbox reports and the manifest.
 */
export async function writeServiceWorker(dir) {
  // The control's label shows the total, which changes the size of its own page a little: count
  // again after writing it (the label is rounded, so the second count does not change it).
  writeTotal(dir, offlineManifest(dir, { offlinePage: OFFLINE_PAGE }).manifest.totalBytes);
  const { shellFiles, manifest } = offlineManifest(dir, { offlinePage: OFFLINE_PAGE });
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
  const runtime = await writeRuntime(dir, manifest);
  const report = await generateSW({
    swDest: join(dir, 'sw.js'),
    globDirectory: dir,
    globPatterns: [...shellFiles, MANIFEST_FILE],
    // The runtime part first, so its fetch listener answers pages and stored files before Workbox.
    importScripts: [runtime],
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    // Files under _astro/ carry a content hash in their name; the rest get a revision hash.
    dontCacheBustURLsMatching: /^_astro\//,
    // Lessons take settings in the query string (?backend=webgl, ?textDevice=wasm): a page with
    // any query is the same cached page.
    ignoreURLParametersMatching: [/.*/],
    directoryIndex: 'index.html',
    // A new deployment's worker waits until the reader chooses to reload (the page offers it),
    // so an open lesson never mixes files from two deployments. The first one takes control at
    // once, so the page a reader first opened is stored as it loads its models and data.
    skipWaiting: false,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    inlineWorkboxRuntime: true,
    mode: 'production',
    sourcemap: false,
  });
  return { ...report, manifest };
}

export default function offline() {
  return {
    name: 'transfer-lab:offline',
    hooks: {
      'astro:config:setup': ({ injectScript }) => {
        const register = fileURLToPath(new URL('../src/components/offline/register.ts', import.meta.url));
        injectScript('page', `import ${JSON.stringify(register)};`);
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          if (req.url?.split('?')[0] !== '/sw.js') return next();
          res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
          res.setHeader('Cache-Control', 'no-store');
          res.end(DEV_SERVICE_WORKER);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { count, size, warnings, manifest } = await writeServiceWorker(fileURLToPath(dir));
        for (const warning of warnings) logger.warn(warning);
        logger.info(
          `service worker precaches ${count} files, ${formatBytes(size)}; the whole course offline is ${formatBytes(manifest.totalBytes)} in ${count + manifest.pages.length + manifest.files.length} files`,
        );
      },
    },
  };
}
