/**
 * The one check for where the library runs. Node (unit tests, scripts) reads models and data from
 * disk; everywhere else (a page, or the code cells' Web Worker) fetches them from the site.
 * Light: safe to import anywhere.
 */

/** True in Node: no `window`, and a `process` that names a Node version. */
export function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof window === 'undefined' && Boolean(proc?.versions?.node);
}
