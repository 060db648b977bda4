// Offline reload: an Astro integration that, after `astro build`, has Workbox (workbox-build's
// generateSW) write dist/sw.js, a service worker that precaches the whole site: pages, scripts,
// styles, fonts, the search index, the data under public/data, the models under public/models,
// ONNX Runtime's wasm and whatever else the build holds. Every page registers it
// (src/components/offline/register.ts). In `astro dev` the same URL serves a service worker that
// removes itself, so a worker left over from a built site on the same port cannot serve stale
// pages to the dev server.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSW } from 'workbox-build';

/** What the service worker precaches, relative to the build folder: everything the site ships... */
export const PRECACHE_GLOBS = ['**/*'];

/** ...except files no reader's browser loads. */
export const PRECACHE_IGNORES = [
  // Vite also copies ONNX Runtime's wasm into _astro/ (transformers.js names it with
  // `new URL(..., import.meta.url)`), but the library loads it from /ort/ (scripts/ort-files.mjs).
  '_astro/*.wasm',
  // KaTeX's fallbacks for browsers without woff2, which all browsers with service workers have.
  '**/*.{ttf,woff}',
  '**/*.{md,map}',
  'sitemap*.xml',
  'sw.js',
];

/** The largest file precached: ONNX Runtime's wasm is about 26 MB. */
const MAX_FILE_BYTES = 48 * 1024 * 1024;

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
      if (name.startsWith('workbox-') || name.includes('-precache-')) await caches.delete(name);
    }
    await self.registration.unregister();
    for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
  })());
});
`;

/** Writes `sw.js` into `dir` (the build folder); returns what Workbox reports. */
export async function writeServiceWorker(dir) {
  return generateSW({
    swDest: join(dir, 'sw.js'),
    globDirectory: dir,
    globPatterns: PRECACHE_GLOBS,
    globIgnores: PRECACHE_IGNORES,
    maximumFileSizeToCacheInBytes: MAX_FILE_BYTES,
    // Files under _astro/ carry a content hash in their name; the rest get a revision hash.
    dontCacheBustURLsMatching: /^_astro\//,
    // Lessons take settings in the query string (?backend=webgl, ?textDevice=wasm): a page with
    // any query is the same cached page.
    ignoreURLParametersMatching: [/.*/],
    directoryIndex: 'index.html',
    // A new deployment's worker waits until the reader chooses to reload (the page offers it),
    // so an open lesson never mixes files from two deployments. The first one takes control at
    // once, so the page a reader first opened works offline without a reload.
    skipWaiting: false,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    inlineWorkboxRuntime: true,
    mode: 'production',
    sourcemap: false,
  });
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
        const { count, size, warnings } = await writeServiceWorker(fileURLToPath(dir));
        for (const warning of warnings) logger.warn(warning);
        logger.info(`service worker precaches ${count} files, ${(size / 1024 / 1024).toFixed(1)} MB`);
      },
    },
  };
}
