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

// The page's port stays out of reader code's reach: reader code runs in this same realm and could
// patch MessagePort.prototype.postMessage or MessageEvent.prototype.data to catch the port, or the
// secret token of another cell's run. So the kernel binds the original functions now, before any
// cell runs, and never looks them up again.
const callOf = Function.prototype.call.bind(Function.prototype.call) as <T>(
  fn: unknown,
  self: unknown,
  ...args: unknown[]
) => T;
const originalPost = MessagePort.prototype.postMessage;
const dataGetter = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!.get!;
const onmessageSetter = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage')!.set!;

function begin(handoff: Handoff): void {
  const { port, boot, early } = handoff;
  startKernel({
    siteBase: boot.siteBase,
    preference: boot.preference,
    channel: {
      post: (message, transfer) => callOf<void>(originalPost, port, message, transfer ?? []),
      listen: (handler) => {
        callOf(onmessageSetter, port, (event: MessageEvent<ToKernel>) =>
          handler(callOf<ToKernel>(dataGetter, event)),
        );
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
