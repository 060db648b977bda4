// `npm run figures`: writes the small data files the lessons' explorable figures draw from
// (src/data/figures/*.json): the shipped teacher's logits for a few test digits, its answers on
// rotated and inverted digits, the source CNN's first-layer filters, and the teacher quantised
// to 1..8 bits. Computed in headless
// Chromium with the library and the shipped models, so the figures need no TensorFlow.js.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLibraryPage } from './models/browser.mjs';

const out = join(import.meta.dirname, '..', 'src', 'data', 'figures');
const { page, close } = await openLibraryPage(join(import.meta.dirname, 'figures', 'figure-page.ts'));
try {
  // `npm run figures -- quantisation` computes only the quantisation figure's file.
  const only = process.argv[2];
  const files = {
    ...(only === undefined || only === 'shared' ? await page.evaluate(() => window.figureData()) : {}),
    ...(only === undefined || only === 'quantisation'
      ? await page.evaluate(() => window.quantisationData())
      : {}),
  };
  for (const [name, data] of Object.entries(files)) {
    writeFileSync(join(out, `${name}.json`), `${JSON.stringify(data)}\n`);
    console.log(`wrote src/data/figures/${name}.json`);
  }
} finally {
  await close();
}
