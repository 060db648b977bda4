/**
 * Registers the service worker that keeps the site readable offline (scripts/service-worker.mjs),
 * and tells the reader when a new deployment is ready. Injected into every page by that integration.
 * A new deployment's worker waits: the page shows a notice, and the reader's "Reload" hands
 * control to it and reloads, so one page never mixes two deployments' files.
 */
import { Workbox } from 'workbox-window';
import { showUpdateNotice } from './update-notice';

async function removeServiceWorkers(): Promise<void> {
  // `astro dev`: a worker a built site left on this origin would serve its stale pages.
  const registrations = await navigator.serviceWorker.getRegistrations();
  await Promise.all(registrations.map((registration) => registration.unregister()));
}

function register(): void {
  const workbox = new Workbox(`${import.meta.env.BASE_URL}sw.js`);
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
