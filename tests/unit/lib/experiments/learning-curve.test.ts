import { describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { loadMnist } from '../../../../src/lib/data';
import { evaluate } from '../../../../src/lib/evaluation';
import { loadPretrained } from '../../../../src/lib/models';
import { train } from '../../../../src/lib/training';
import { prepareTransfer } from '../../../../src/lib/transfer';
import {
  type LearningCurveConfig,
  type LearningCurveRun,
  QUICK_LEARNING_CURVE,
  curveGains,
  labelledSet,
  plannedRuns,
  runLearningCurve,
  summarizeCurve,
  trainingBudget,
  validateLearningCurveConfig,
} from '../../../../src/lib/experiments/learning-curve';

const run = (perClass: number, strategy: LearningCurveRun['strategy'], seed: number, accuracy: number) => ({
  perClass,
  strategy,
  seed,
  accuracy,
  epochs: 0,
  updates: 0,
  seconds: 0,
});

describe('the learning-curve arithmetic', () => {
  it('gives every run at least 60 updates of 10 images and at least 3 passes (worked by hand)', () => {
    // 5 target digits: 1 label each is one batch of 5 per pass, so 60 passes; 50 each is 250 images,
    // 25 batches, and the 3-pass minimum gives 75 updates.
    expect(trainingBudget(1)).toEqual({ images: 5, batchesPerEpoch: 1, epochs: 60, updates: 60 });
    expect(trainingBudget(5)).toEqual({ images: 25, batchesPerEpoch: 3, epochs: 20, updates: 60 });
    expect(trainingBudget(10)).toEqual({ images: 50, batchesPerEpoch: 5, epochs: 12, updates: 60 });
    expect(trainingBudget(50)).toEqual({ images: 250, batchesPerEpoch: 25, epochs: 3, updates: 75 });
    expect(trainingBudget(200)).toEqual({ images: 1000, batchesPerEpoch: 100, epochs: 3, updates: 300 });
  });

  it('plans seed by seed, sizes ascending, every strategy at each size', () => {
    const plan = plannedRuns({
      labelsPerClass: [10, 1],
      strategies: ['fine-tune', 'scratch'],
      seeds: [2, 1],
      testPerClass: 'all',
    });
    expect(plan.map((p) => `${p.seed}:${p.perClass}:${p.strategy}`)).toEqual([
      '2:1:fine-tune',
      '2:1:scratch',
      '2:10:fine-tune',
      '2:10:scratch',
      '1:1:fine-tune',
      '1:1:scratch',
      '1:10:fine-tune',
      '1:10:scratch',
    ]);
  });

  it('summarises seeds as mean, sample standard deviation and range, and pairs gains by seed', () => {
    const runs = [
      run(5, 'scratch', 1, 0.5),
      run(5, 'scratch', 2, 0.6),
      run(5, 'scratch', 3, 0.7),
      run(5, 'fine-tune', 1, 0.55),
      run(5, 'fine-tune', 2, 0.58),
      run(5, 'fine-tune', 3, 0.8),
      run(1, 'fine-tune', 1, 0.3),
    ];
    const [one, scratch, fine] = summarizeCurve(runs);
    expect(one).toMatchObject({ perClass: 1, strategy: 'fine-tune', mean: 0.3, sd: 0, min: 0.3, max: 0.3 });
    expect(scratch).toMatchObject({ perClass: 5, strategy: 'scratch', min: 0.5, max: 0.7, seeds: [1, 2, 3] });
    expect(scratch!.mean).toBeCloseTo(0.6, 12);
    // Deviations -0.1, 0, 0.1: sum of squares 0.02, over n - 1 = 2, square root 0.1.
    expect(scratch!.sd).toBeCloseTo(0.1, 12);
    expect(fine!.strategy).toBe('fine-tune');
    // Paired: +0.05, -0.02, +0.10 (mean 0.0433...), two wins of three. No scratch run at 1 label: no gain.
    const gains = curveGains(runs);
    expect(gains).toHaveLength(1);
    expect(gains[0]!.perClass).toBe(5);
    expect(gains[0]!.wins).toBe(2);
    expect(gains[0]!.mean).toBeCloseTo(0.13 / 3, 12);
  });

  it('refuses a configuration it cannot run, naming every problem', () => {
    expect(() =>
      validateLearningCurveConfig({
        labelsPerClass: [],
        strategies: ['lora' as 'scratch'],
        seeds: [1.5],
        testPerClass: 0,
      }),
    ).toThrow(/labels per class.*unknown strategy lora.*seed must be a whole number|labels per class/);
    expect(() => validateLearningCurveConfig(QUICK_LEARNING_CURVE)).not.toThrow();
  });
});

// Tiny on purpose, so this plumbing test stays quick: Node trains on tfjs's WebAssembly backend,
// one core; the bench and the lesson measure the curve at full size.
const tiny: LearningCurveConfig = {
  labelsPerClass: [1],
  strategies: ['feature-extraction', 'fine-tune'],
  seeds: [1],
  testPerClass: 10,
};

describe('the learning-curve experiment', () => {
  it('runs each strategy once on the same labels, and a hand-written fine-tuning run gets the same accuracy', async () => {
    const before = tf.memory().numTensors;
    const outcome = await runLearningCurve(tiny, { backend: 'wasm' });
    expect(outcome.status).toBe('done');
    expect(outcome.backend).toBe('wasm');
    expect(outcome.testImages).toBe(50);
    expect(outcome.runs.map((r) => r.strategy)).toEqual(['feature-extraction', 'fine-tune']);
    for (const r of outcome.runs) {
      expect(r.epochs).toBe(60);
      // Accuracy on 50 test images is a whole number of images.
      expect(Math.round(r.accuracy * 50)).toBeCloseTo(r.accuracy * 50, 9);
    }
    expect(tf.memory().numTensors).toBe(before);

    // The same run written out with the library's building blocks, as a lesson cell would.
    const { train: trainSet, test } = await loadMnist();
    const labelled = trainSet.select([5, 6, 7, 8, 9]).take(1, 1);
    expect(Array.from(labelledSet(trainSet, 1, 1).labels)).toEqual(Array.from(labelled.labels));
    const { model: source } = await loadPretrained('source-cnn');
    const model = await prepareTransfer(source, {
      classes: 5,
      strategy: 'fine-tune',
      fromLayer: 'features',
      seed: 1,
    });
    await train(model, labelled, {
      epochs: 60,
      batchSize: 10,
      seed: 1,
      classes: [5, 6, 7, 8, 9],
      learningRate: 1e-3,
    });
    const { accuracy } = await evaluate(model, test.select([5, 6, 7, 8, 9]).take(10, 0), {
      classes: [5, 6, 7, 8, 9],
    });
    model.dispose();
    source.dispose();
    expect(outcome.runs[1]!.accuracy).toBe(accuracy);
    // No scratch run, so no gain over scratch to report.
    expect(outcome.gains).toEqual([]);
  }, 120_000);

  it('stops when asked, keeps the runs that finished and frees everything', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const outcome = await runLearningCurve(tiny, {
      backend: 'wasm',
      signal: controller.signal,
      onRun: () => controller.abort(),
    });
    expect(outcome.status).toBe('stopped');
    expect(outcome.runs).toHaveLength(1);
    expect(outcome.points).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
