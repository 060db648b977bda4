/**
 * The kernel frame's own script, inlined into notebook/frame.html (scripts/notebook-kernel.mjs
 * hashes it into the frame's Content-Security-Policy). The frame is sandboxed with an opaque
 * origin; this script accepts one connection from its parent, starts the pulse the page watches,
 * and starts the kernel from the source the page sends: in this document ("frame" mode) or in a
 * worker ("worker" mode). It never touches reader code itself.
 */
import {
  PROTOCOL_VERSION,
  type BootRequest,
  type FromSupervisor,
  type ToKernel,
  type ToSupervisor,
} from '../protocol';

// Four beats a second on its own thread, so it keeps beating while the kernel's thread is busy,
// and stops only when this frame's process is gone. Messages from the supervisor ride along.
const PULSE_SOURCE = `let port = null;
onmessage = (event) => {
  if (event.ports[0]) {
    port = event.ports[0];
    port.postMessage({ type: 'tick' });
    setInterval(() => port.postMessage({ type: 'tick' }), 250);
  } else if (port) port.postMessage(event.data);
};`;

const HANDOFF = '__transferLabKernelHandoff';
const now = () => performance.timeOrigin + performance.now();

function blobUrl(source: string): string {
  return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
}

/** The buffers a page message carries, so the relay moves them instead of copying them. */
function buffersOf(message: ToKernel): Transferable[] {
  if (message.type === 'fetched') return [message.body];
  if (message.type === 'shared-model') return [message.artifacts.weightData];
  return [];
}

/**
 * Worker mode never hands the page's port itself to the worker. The port arrives with a boot
 * request and, often, a run the reader pressed before the kernel was ready queued right behind it;
 * transferring a port from inside its own message handler while a message is still queued on it
 * crashes WebKitGTK's page process (issue 22). The worker gets a fresh port of the frame's own
 * instead, and this frame relays between the two: messages the page sends before the kernel
 * listens wait in the fresh port's queue, in order. (Called from the boot message's handler, which
 * replaces itself with the relay before any later message is read.)
 */
function relayToWorker(page: MessagePort, worker: Worker, settings: BootRequest): void {
  const inner = new MessageChannel();
  inner.port1.onmessage = (event: MessageEvent) => page.postMessage(event.data);
  page.onmessage = (event: MessageEvent<ToKernel>) =>
    inner.port1.postMessage(event.data, buffersOf(event.data));
  worker.postMessage({ boot: settings, early: [] }, [inner.port2]);
}

function boot(
  request: BootRequest,
  port: MessagePort,
  early: ToKernel[],
  report: (m: FromSupervisor) => void,
): void {
  const url = blobUrl(request.source);
  const settings: BootRequest = { ...request, source: '' };
  if (request.mode === 'frame') {
    (globalThis as unknown as Record<string, unknown>)[HANDOFF] = { port, boot: settings, early };
    const script = document.createElement('script');
    script.src = url;
    script.onerror = () => report({ type: 'kernel-died', message: 'the kernel script did not load' });
    document.head.append(script);
    return;
  }
  const worker = new Worker(url, { name: 'notebook-kernel' });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    report({ type: 'kernel-died', message: event.message || 'its worker failed' });
  });
  relayToWorker(port, worker, settings);
}

let connected = false;
addEventListener('message', (event: MessageEvent) => {
  const data = event.data as { type?: unknown } | null;
  if (connected || event.source !== parent || data?.type !== 'connect') return;
  const [port, pulse] = event.ports;
  if (!port || !pulse) return;
  connected = true;
  const pulser = new Worker(blobUrl(PULSE_SOURCE), { name: 'notebook-pulse' });
  pulser.postMessage(null, [pulse]);
  const report = (message: FromSupervisor) => pulser.postMessage(message);
  const early: ToKernel[] = [];
  let booted = false;
  port.onmessage = (message: MessageEvent<ToSupervisor | ToKernel>) => {
    const request = message.data;
    if (booted) {
      // Arrived before the kernel took the port over: it reads these first.
      early.push(request as ToKernel);
    } else if (request.type === 'spin') {
      // The page's test of whether this frame runs in parallel with it (its own process).
      const start = now();
      while (now() - start < request.ms) {
        // Busy on purpose.
      }
      port.postMessage({ type: 'spun', start, end: now() } satisfies FromSupervisor);
    } else if (request.type === 'boot') {
      booted = true;
      boot(request, port, early, report);
    }
  };
  port.postMessage({ type: 'hello', version: PROTOCOL_VERSION } satisfies FromSupervisor);
});
