// Firefox ESR: the cross-browser smoke suite (smoke.mjs). Run by `npm run test:browsers`.
import { startFirefox } from './engines.mjs';
import { smokeSuite } from './smoke.mjs';

smokeSuite('firefox', () => startFirefox());
