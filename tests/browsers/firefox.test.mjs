// Firefox ESR: the cross-browser smoke suite (smoke.mjs). Run by `npm run test:browsers`.
import { startFirefox } from './engines.mjs';
import { smokeSuite } from './smoke.mjs';

smokeSuite('firefox', () => startFirefox(), {
  knownProblems: {
    // Open: the page's first cell trains the T5 on tfjs's WebAssembly backend, which then stays the
    // kernel's tfjs backend, while the indicator names the backend of the CNN cells.
    'prompting-or-fine-tuning': 'T5 training leaves the kernel on tfjs WebAssembly (open)',
  },
});
