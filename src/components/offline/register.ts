/**
 * Registers the service worker that keeps the site readable offline (scripts/service-worker.mjs),
 * and tells the reader when a new deployment is ready. Injected into every page by that integration.
 * A new deployment's worker waits: the page shows a notice, and the reader's "Reload" hands
 * control to it and reloads, so one page never mixes two deployments' files.
 */
import { Workbox } from 'workbox-window';
import { STORE_MESSAGE } from './files';
import { showUpdateNotice } from './update-notice';

async function removeServiceWorkers(): Promise<void> {
  // `astro dev`: a worker a built site left on this origin would serve its stale pages.
  const registrations = await navigator.serviceWorker.getRegistrations();
  await Promise.all(registrations.map((registration) => registration.unregister()));
}

/**
 * The first page a reader opens loaded before any worker controlled it: once one does, it is
 * told to store this page and the files the page loaded so far, so the page reloads offline.
 */
function storeWhatLoaded(): void {
  const urls = [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)].filter(
    (url) => url.startsWith(location.origin),
  );
  navigator.serviceWorker.controller?.postMessage({ type: STORE_MESSAGE, urls });
}

function register(): void {
  const workbox = new Workbox(`${import.meta.env.BASE_URL}sw.js`);
  workbox.addEventListener('controlling', (event) => {
    if (!event.isUpdate) storeWhatLoaded();
  });
  workbox.addEventListener('waiting', () => {
    showUpdateNotice(() => {
      workbox.addEventListener('controlling', () => location.reload());
      workbox.messageSkipWaiting();
    });
  });
  // Registration fails where service workers are blocked (private modes, some test browsers):
  // the site then simply works online only, so there is nothing to tell the reader.
  workbox.register().catch(() => undefined);
}

if ('serviceWorker' in navigator) {
  if (import.meta.env.DEV) void removeServiceWorkers().catch(() => undefined);
  else register();
}
