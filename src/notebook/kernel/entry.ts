/**
 * The kernel bundle's entry (built by scripts/notebook-kernel.mjs into one classic script). The
 * frame's supervisor runs it either in the frame's own document ("frame" mode: Chromium, where the
 * sandboxed frame has its own process and its document can reach WebGPU) or in a worker it starts
 * ("worker" mode: browsers that keep the frame in the page's process, so a loop must not run on
 * the frame's thread). Either way the kernel gets the page's MessagePort and its boot settings.
 */
import type { BootRequest, ToKernel } from '../protocol';
import { startKernel } from './kernel';

interface Handoff {
  port: MessagePort;
  boot: BootRequest;
  /** Messages the page sent before the kernel was listening. */
  early: ToKernel[];
}

const HANDOFF = '__transferLabKernelHandoff';

function begin(handoff: Handoff): void {
  const { port, boot, early } = handoff;
  startKernel({
    siteBase: boot.siteBase,
    preference: boot.preference,
    channel: {
      post: (message, transfer) => port.postMessage(message, transfer ?? []),
      listen: (handler) => {
        port.onmessage = (event: MessageEvent<ToKernel>) => handler(event.data);
        for (const message of early) handler(message);
      },
    },
  });
}

const scope = globalThis as unknown as Record<string, unknown> & typeof globalThis;
const left = scope[HANDOFF] as Handoff | undefined;
if (left) {
  delete scope[HANDOFF];
  begin(left);
} else {
  // Worker mode: the supervisor posts the handoff, with the page's port, as the first message.
  const first = (event: MessageEvent<Omit<Handoff, 'port'>>) => {
    scope.removeEventListener('message', first as EventListener);
    begin({ ...event.data, port: event.ports[0]! });
  };
  scope.addEventListener('message', first as EventListener);
}
