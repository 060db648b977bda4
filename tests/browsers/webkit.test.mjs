// WebKit (WebKitGTK's MiniBrowser): the cross-browser smoke suite (smoke.mjs). Run by `npm run test:browsers`.
import { startWebKit } from './engines.mjs';
import { smokeSuite } from './smoke.mjs';

// Seen here (2 cores, load 40 from other jobs): while a cell loads something large, WebKit's page
// thread stalls (gaps of up to 2 s measured), and the kernel's pulse watchdog, which listens on that
// thread, can take the kernel for dead ("the process running the code cells ended"). Loading the
// mini T5 (the three language lessons) hit it on 3 of 3 pages in one run and passed in another;
// loading the two digit sets (when-transfer-fails) hit it once in two runs. The watchdog now gives
// the pulses a fresh 2 s after a late check or while the page's own messages queue
// (src/notebook/host/frame-host.ts); the stall was never reproduced on demand, so these stay todo
// until runs under load show it gone: see the README's browser table.
const TEXT_MODEL_IN_KERNEL =
  "WebKit: a code cell that loads the mini T5 can be declared a crashed kernel by the pulse watchdog while WebKit's page thread stalls";

smokeSuite('webkit', (port) => startWebKit(port), {
  portOffset: 10,
  knownProblems: {
    'language-models': TEXT_MODEL_IN_KERNEL,
    'instruction-tuning': TEXT_MODEL_IN_KERNEL,
    'prompting-or-fine-tuning': TEXT_MODEL_IN_KERNEL,
  },
});
