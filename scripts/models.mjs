// `npm run models`: trains the two models the site ships, in headless Chromium on WebGL, and writes
// them in tfjs layers format with a model card:
//   public/models/source-cnn/   digits 0-4 (the "source task" transfer learning starts from)
//   public/models/teacher-cnn/  all ten digits (the distillation teacher)
// Seeded; takes several minutes on a 2-core machine. Usage: npm run models [-- source-cnn|teacher-cnn]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLibraryPage } from './models/browser.mjs';

const root = join(import.meta.dirname, '..');
const SPECS = [
  {
    name: 'source-cnn',
    description:
      'A small CNN trained on MNIST digits 0-4 only: the pretrained "source" model the transfer-learning lessons reuse for digits 5-9.',
    classes: [0, 1, 2, 3, 4],
    epochs: 10,
    batchSize: 64,
    learningRate: 0.001,
    seed: 1,
  },
  {
    name: 'teacher-cnn',
    description: 'The same CNN trained on all ten MNIST digits: the teacher in the distillation lessons.',
    classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    epochs: 12,
    batchSize: 64,
    learningRate: 0.001,
    seed: 2,
  },
];

const wanted = process.argv.slice(2);
const specs = wanted.length ? SPECS.filter((s) => wanted.includes(s.name)) : SPECS;
if (specs.length === 0) throw new Error(`Unknown model. Choose from: ${SPECS.map((s) => s.name).join(', ')}`);

const { page, close } = await openLibraryPage(join(import.meta.dirname, 'models', 'train-page.ts'));
try {
  for (const spec of specs) {
    const result = await page.evaluate((s) => window.trainShipped(s), spec);
    const dir = join(root, 'public', 'models', spec.name);
    mkdirSync(dir, { recursive: true });
    const weights = Buffer.from(result.weightsBase64, 'base64');
    writeFileSync(join(dir, 'weights.bin'), weights);
    const modelJson = {
      format: 'layers-model',
      generatedBy: 'Transfer Lab scripts/models.mjs (TensorFlow.js 4.22)',
      convertedBy: null,
      modelTopology: result.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: result.weightSpecs }],
    };
    const json = JSON.stringify(modelJson);
    writeFileSync(join(dir, 'model.json'), json);
    const card = { ...result.card, sizeBytes: weights.length + Buffer.byteLength(json) };
    writeFileSync(join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
    console.log(
      `${spec.name}: test accuracy ${(card.testAccuracy * 100).toFixed(2)}%, ${card.parameters} parameters, ${(card.sizeBytes / 1024).toFixed(0)} KB -> ${dir}`,
    );
  }
} finally {
  await close();
}
