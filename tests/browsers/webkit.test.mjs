// WebKit (WebKitGTK's MiniBrowser): the cross-browser smoke suite (smoke.mjs). Run by `npm run test:browsers`.
import { startWebKit } from './engines.mjs';
import { smokeSuite } from './smoke.mjs';

smokeSuite('webkit', (port) => startWebKit(port));
