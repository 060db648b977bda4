/**
 * Starts the kernel in a sandboxed frame and watches it. The frame has `sandbox="allow-scripts"`
 * and no `allow-same-origin`, so its origin is opaque: reader code there cannot reach the site's
 * storage, cookies or pages. Chromium gives such a frame its own process, so a memory runaway ends
 * that process and not the page. Its document (`notebook/frame.html`, built by
 * scripts/notebook-kernel.mjs) is fetched by the page and shown with `srcdoc`: a service worker
 * never serves a sandboxed frame's own navigation, so a `src=` frame would not load offline.
 *
 * The page and the frame talk over two MessagePorts handed over at connect time: one for the
 * kernel's protocol, one for a pulse that a tiny worker in the frame sends four times a second. A
 * frame whose process died (out of memory, a crash) stops pulsing, and the page notices within
 * about two seconds even while the kernel itself is busy. Stopping the kernel removes the frame,
 * which ends everything in it in every browser.
 */
import {
  PROTOCOL_VERSION,
  type FromSupervisor,
  type KernelMode,
  type ToKernel,
  type ToSupervisor,
} from '../protocol';
import type { BackendPreference } from '../../lib/backend/names';
import { errorMessage } from '../../lib/util/errors';

export interface TransportEvents {
  /** A message from the kernel, not yet checked. */
  message(raw: unknown): void;
  /** The kernel is gone; `reason` says why in words for the reader. */
  died(reason: string): void;
}

export interface KernelTransport {
  send(message: ToKernel, transfer?: Transferable[]): void;
  dispose(): void;
  /** Where the kernel runs, once known. */
  readonly mode: KernelMode | null;
}

export type StartTransport = (preference: BackendPreference, events: TransportEvents) => KernelTransport;

/** Pulses arrive every 250 ms; this much silence means the frame's process is gone. */
const PULSE_TIMEOUT_MS = 2_000;
const LOAD_TIMEOUT_MS = 20_000;

export const CRASH_MESSAGE =
  'The kernel stopped: the process running the code cells ended, most often because a cell used too much memory (for example an array that grows forever). A fresh kernel has started; variables and models from earlier cells are gone, so run those cells again.';

function siteBase(): string {
  return new URL(import.meta.env.BASE_URL, location.href).href;
}

const texts = new Map<string, Promise<string>>();

/** One of the kernel's two files, fetched once per page (the frame cannot fetch the site's files). */
function kernelFile(name: 'kernel.js' | 'frame.html'): Promise<string> {
  let text = texts.get(name);
  if (!text) {
    text = fetch(new URL(`notebook/${name}`, siteBase()), { cache: 'no-cache' }).then(async (response) => {
      if (!response.ok) throw new Error(`notebook/${name} answered HTTP ${response.status}`);
      return response.text();
    });
    texts.set(name, text);
    text.catch(() => texts.delete(name));
  }
  return text;
}

const now = () => performance.timeOrigin + performance.now();

let parallel: Promise<boolean> | null = null;

/**
 * Whether the frame runs in parallel with the page (its own process, as in Chromium): the frame
 * spins for a moment while the page counts its own timer ticks. A frame on the page's thread cannot
 * let a single tick through while it spins, so a false "parallel" is impossible; a busy machine can
 * only make it answer "no", which is the safe answer (worker mode).
 */
async function measureParallel(ask: (message: ToSupervisor) => Promise<FromSupervisor>): Promise<boolean> {
  // A browser's process model does not change during a visit: a "yes" is remembered for the tab.
  const remembered = 'transfer-lab:kernel-frame-parallel';
  try {
    if (sessionStorage.getItem(remembered) === 'yes') return true;
  } catch {
    // Storage blocked: measure every time.
  }
  for (const ms of [80, 300]) {
    const ticks: number[] = [];
    let ticking = true;
    const tick = () => {
      ticks.push(now());
      if (ticking) setTimeout(tick, 0);
    };
    tick();
    const spun = await ask({ type: 'spin', ms });
    ticking = false;
    const margin = ms / 8;
    if (spun.type === 'spun' && ticks.some((t) => t > spun.start + margin && t < spun.end - margin)) {
      try {
        sessionStorage.setItem(remembered, 'yes');
      } catch {
        // Not remembered; measured again next time.
      }
      return true;
    }
  }
  return false;
}

function forcedMode(): KernelMode | null {
  // For tests and for readers on browsers where the frame shares the page's thread: ?kernel=worker.
  // ?kernel=frame skips the measurement, which a machine too busy to tick the page's timers during
  // the frame's spin can get wrong (the kernel then runs in the frame's worker: just as boxed in).
  const asked = new URLSearchParams(location.search).get('kernel');
  return asked === 'worker' || asked === 'frame' ? asked : null;
}

export const startFrameTransport: StartTransport = (preference, events) => {
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.title = 'Code-cell kernel';
  iframe.hidden = true;
  iframe.tabIndex = -1;
  iframe.setAttribute('aria-hidden', 'true');
  iframe.dataset.role = 'notebook-kernel';
  const channel = new MessageChannel();
  const pulse = new MessageChannel();
  const queued: { message: ToKernel; transfer: Transferable[] }[] = [];
  let booted = false;
  let dead = false;
  let mode: KernelMode | null = null;
  let lastPulse = now();
  let lastCheck = now();
  // A message this page posts to itself at each check: its delay tells whether the page's own
  // message queue is congested (see the watchdog).
  const selfCheck = { channel: new MessageChannel(), sent: 0, arrived: 0 };
  selfCheck.channel.port2.onmessage = () => {
    selfCheck.arrived = now();
  };
  let watchdog: ReturnType<typeof setInterval> | null = null;
  let loads = 0;

  const die = (reason: string) => {
    if (dead) return;
    dead = true;
    cleanup();
    events.died(reason);
  };
  const cleanup = () => {
    if (watchdog) clearInterval(watchdog);
    document.removeEventListener('visibilitychange', onVisibility);
    channel.port1.close();
    pulse.port1.close();
    selfCheck.channel.port1.close();
    selfCheck.channel.port2.close();
    iframe.remove();
  };
  const onVisibility = () => {
    // A hidden page's timers are throttled: give the pulse a fresh start when it comes back.
    lastPulse = now();
  };

  let answer: ((message: FromSupervisor) => void) | null = null;
  const ask = (message: ToSupervisor, timeout = 10_000) =>
    new Promise<FromSupervisor>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the kernel frame did not answer')), timeout);
      answer = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
      channel.port1.postMessage(message);
    });

  channel.port1.onmessage = (event: MessageEvent) => {
    if (!booted) {
      const reply = answer;
      answer = null;
      reply?.(event.data as FromSupervisor);
      return;
    }
    events.message(event.data);
  };
  pulse.port1.onmessage = (event: MessageEvent) => {
    lastPulse = now();
    const data = event.data as { type?: string; message?: unknown };
    if (data?.type === 'kernel-died')
      die(
        `The kernel stopped: ${typeof data.message === 'string' ? data.message.slice(0, 300) : 'its worker failed'}. A fresh kernel has started.`,
      );
  };

  const boot = async () => {
    const source = kernelFile('kernel.js');
    mode = forcedMode() ?? ((await (parallel ??= measureParallel(ask))) ? 'frame' : 'worker');
    channel.port1.postMessage({ type: 'boot', mode, source: await source, siteBase: siteBase(), preference });
    booted = true;
    for (const { message, transfer } of queued.splice(0)) channel.port1.postMessage(message, transfer);
  };

  iframe.addEventListener('load', () => {
    loads++;
    // A second load means the frame navigated (a cell changed its location): that kernel is gone.
    if (loads > 1)
      return die('The kernel stopped: its frame was reloaded by a cell. A fresh kernel has started.');
    const connected = new Promise<void>((resolve, reject) => {
      answer = (message) =>
        message.type === 'hello' && message.version === PROTOCOL_VERSION
          ? resolve()
          : reject(new Error('the kernel frame is from another version of the site; reload the page'));
      setTimeout(() => reject(new Error('the kernel frame did not say hello')), 10_000);
    });
    iframe.contentWindow?.postMessage({ type: 'connect' }, '*', [channel.port2, pulse.port2]);
    lastPulse = now();
    watchdog = setInterval(() => {
      const time = now();
      // Silence is only evidence of a dead frame while this page could have heard the pulses. If
      // this check ran late, the page's thread was blocked; if the page's own message, posted at
      // the last check, has not arrived, messages are queuing on it. Either way the pulses may
      // still sit in the queue: give them a fresh PULSE_TIMEOUT_MS from now. (WebKit, whose frames
      // share the page's thread, stalled it up to 2 s while a cell loaded a large file, and a
      // check right after such a stall could run before the pulses queued during it.)
      const late = time - lastCheck > 1_000;
      const queuing = selfCheck.sent > selfCheck.arrived;
      lastCheck = time;
      if (late || queuing) lastPulse = time;
      if (!queuing) {
        selfCheck.sent = time;
        selfCheck.channel.port1.postMessage(null);
      }
      if (!document.hidden && time - lastPulse > PULSE_TIMEOUT_MS) die(CRASH_MESSAGE);
    }, 250);
    connected
      .then(boot)
      .catch((error: unknown) =>
        die(`The kernel could not start: ${errorMessage(error)}. Reload the page to try again.`),
      );
  });
  document.addEventListener('visibilitychange', onVisibility);
  const loadTimer = setTimeout(() => {
    if (loads === 0) die('The kernel could not start: its frame did not load. Reload the page to try again.');
  }, LOAD_TIMEOUT_MS);
  iframe.addEventListener('load', () => clearTimeout(loadTimer), { once: true });
  kernelFile('frame.html').then(
    (html) => {
      if (dead) return;
      iframe.srcdoc = html;
      document.body.append(iframe);
    },
    (error: unknown) =>
      die(`The kernel could not start: ${errorMessage(error)}. Reload the page to try again.`),
  );

  return {
    get mode() {
      return mode;
    },
    send(message, transfer = []) {
      if (dead) return;
      if (booted) channel.port1.postMessage(message, transfer);
      else queued.push({ message, transfer });
    },
    dispose() {
      if (dead) return;
      dead = true;
      clearTimeout(loadTimer);
      cleanup();
    },
  };
};
