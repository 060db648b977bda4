/**
 * Makes the sandboxed kernel feel like the site to the library: `fetch('/data/...')`,
 * `tf.loadLayersModel('/models/...')` and transformers.js's model files resolve against the site
 * and are fetched by the page through the bridge. Other origins go to the network as usual (the
 * frame's Content-Security-Policy decides which ones may be reached).
 */
import type { PageBridge } from './bridge';

function urlOf(input: RequestInfo | URL, siteBase: URL): URL | null {
  try {
    if (input instanceof URL) return input;
    if (typeof input === 'string') return new URL(input, siteBase);
    return new URL(input.url, siteBase);
  } catch {
    return null;
  }
}

export function installSiteFetch(global: typeof globalThis, bridge: PageBridge, siteBase: URL): void {
  const network = global.fetch.bind(global);
  global.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = urlOf(input, siteBase);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (url && url.origin === siteBase.origin) {
      if (method !== 'GET' && method !== 'HEAD')
        return Promise.reject(
          new TypeError(`Code cells can only read the site's files (got ${method} ${url.pathname}).`),
        );
      if (init?.signal?.aborted) return Promise.reject(init.signal.reason);
      return bridge.fetch(url.href);
    }
    return network(input, init);
  };
}

/** Cells cannot end the kernel by closing its worker: the page would not notice and runs would hang. */
export function guardClose(global: typeof globalThis): void {
  const refuse = () => {
    throw new Error('A cell cannot close the kernel. To start afresh, use "Restart kernel".');
  };
  const scope = global as unknown as { close?: unknown; WorkerGlobalScope?: unknown };
  if (typeof scope.WorkerGlobalScope === 'undefined' || typeof scope.close !== 'function') return;
  for (let target: object | null = global; target; target = Object.getPrototypeOf(target)) {
    if (Object.prototype.hasOwnProperty.call(target, 'close'))
      Object.defineProperty(target, 'close', { value: refuse, configurable: false, writable: false });
  }
}
