// Sorts the built site into what the service worker precaches (the shell) and what it stores when
// first used (pages, and every file a page loads on use), with sizes and content revisions, for
// scripts/service-worker.mjs and the "Save the course" control (src/components/offline/).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files no reader's browser loads: never stored. */
const NEVER = [
  // Vite also copies ONNX Runtime's wasm into _astro/ (transformers.js names it with
  // `new URL(..., import.meta.url)`), but the library loads it from /ort/ (scripts/ort-files.mjs).
  /^_astro\/.*\.wasm$/,
  // KaTeX's fallbacks for browsers without woff2, which all browsers with service workers have.
  /\.(ttf|woff|md|map)$/,
  /^sitemap.*\.xml$/,
  /^sw(-runtime\.[0-9a-f]+)?\.js$/,
  // The not-found page: offline, the "not saved" page takes its place.
  /^404\.html$/,
  // Test harness pages, not part of the course.
  /^lab\//,
];

/** Small files every page may need at load, whatever it is: precached as part of the shell. */
const SHELL_ALWAYS = [/\.(css|woff2)$/, /^favicon\./];

/** Every file of the build, relative to it, with forward slashes. */
function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** `lessons/lora/index.html` -> `lessons/lora/` (the address a reader opens). */
export function pagePath(file) {
  return file === 'index.html' ? '' : file.replace(/index\.html$/, '');
}

/** The scripts and styles a page loads before anything is clicked, as built paths. */
function pageEntries(html) {
  const found = [];
  for (const match of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\/([^"]+\.(?:js|css))"/g)) {
    found.push(match[1]);
  }
  return found;
}

/** Static imports of a built module (`import"./x.js"`, `from"./x.js"`), not `import("./x.js")`. */
function staticImports(code) {
  return [...code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)].map((m) => `_astro/${m[1]}`);
}

/** The files every page runs at load: entry scripts and styles, and every module they import statically. */
function loadClosure(dir, pages) {
  const seen = new Set();
  const queue = pages.flatMap((page) => pageEntries(readFileSync(join(dir, page), 'utf8')));
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('.js')) queue.push(...staticImports(readFileSync(join(dir, file), 'utf8')));
  }
  return seen;
}

function revisionOf(path) {
  return createHash('md5').update(readFileSync(path)).digest('hex').slice(0, 12);
}

/**
 * The offline manifest (type OfflineManifest in src/components/offline/files.ts) for the build in
 * `dir`, plus the shell's file list for Workbox. `offlinePage` is the built file of the page shown
 * for an unsaved page offline.
 */
export function offlineManifest(dir, { offlinePage, extraShell = [] }) {
  const all = listFiles(dir).filter((file) => !NEVER.some((pattern) => pattern.test(file)));
  const htmlPages = all.filter((file) => file.endsWith('index.html') && !file.startsWith('notebook/'));
  const atLoad = loadClosure(dir, htmlPages);
  const shell = all.filter(
    (file) =>
      file === offlinePage ||
      extraShell.includes(file) ||
      atLoad.has(file) ||
      SHELL_ALWAYS.some((pattern) => pattern.test(file)),
  );
  const inShell = new Set(shell);
  const entry = (file, path) => ({
    path,
    bytes: statSync(join(dir, file)).size,
    revision: file.startsWith('_astro/') ? null : revisionOf(join(dir, file)),
  });
  const pages = htmlPages.filter((file) => !inShell.has(file)).map((file) => entry(file, pagePath(file)));
  const files = all
    .filter((file) => !inShell.has(file) && !htmlPages.includes(file))
    .map((file) => entry(file, file));
  const shellBytes = shell.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
  const sum = (list) => list.reduce((total, file) => total + file.bytes, 0);
  const version = createHash('md5')
    .update(JSON.stringify([shell, pages, files]))
    .digest('hex')
    .slice(0, 12);
  return {
    shellFiles: shell,
    manifest: {
      version,
      shell: { files: shell.length, bytes: shellBytes },
      pages,
      files,
      offlinePage,
      totalBytes: shellBytes + sum(pages) + sum(files),
    },
  };
}
