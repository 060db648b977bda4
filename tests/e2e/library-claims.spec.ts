import type * as Library from '../../src/lib';
import { test, expect } from './support/fixtures';

// The transfer claim the lessons make about the library (the distillation claims live in
// tests/e2e/claims/distillation.spec.ts), checked on real data in Chromium (WebGL),
// small but honest: seeded, same labels and same training budget on both sides of each comparison.
declare global {
  interface Window {
    lab: typeof Library;
    loadLab(): Promise<boolean>;
  }
}

test.describe('the library keeps its promises', () => {
  test.setTimeout(240_000);

  test.beforeEach(async ({ page }) => {
    await page.goto('/lab/claims/');
    await page.waitForFunction(() => 'labReady' in window);
    await page.evaluate(() => window.loadLab());
  });

  // Measured here (WebGL, 975 test digits of 5-9, 20 passes over 50 labelled digits): fine-tuning
  // from the 0-4 CNN reached 88.5 % and 89.7 % (seeds 1 and 2) against 86.7 % and 88.0 % from
  // scratch. MNIST is easy enough that a CNN from random weights already does well on 10 labels
  // per class, so the honest margin is one to two points, not ten; the lessons say so. The
  // test holds the library to that: transfer wins on every seed, and costs less time per epoch.
  test('fine-tuning the 0-4 CNN beats the same architecture from scratch on 10 labels per class of 5-9', async ({
    page,
  }) => {
    const result = await page.evaluate(async () => {
      const { lab } = window;
      const backend = await lab.useBackend('webgl');
      const before = lab.tf.memory().numTensors;
      const { train, test } = await lab.loadMnist();
      const target = [5, 6, 7, 8, 9];
      const testSet = test.select(target);
      const { model: source } = await lab.loadPretrained('source-cnn');
      const runs = [];
      for (const seed of [1, 2]) {
        const data = train.select(target).take(10, seed);
        const run = async (strategy: 'fine-tune' | 'scratch') => {
          const model = await lab.prepareTransfer(source, {
            classes: 5,
            strategy,
            fromLayer: 'features',
            seed,
          });
          // The same labels and the same budget for both: 20 passes over the 50 labelled digits.
          const history = await lab.train(model, data, { epochs: 20, batchSize: 10, seed, classes: target });
          const { accuracy } = await lab.evaluate(model, testSet, { classes: target });
          model.dispose();
          return { accuracy, seconds: history.seconds };
        };
        runs.push({ seed, transfer: await run('fine-tune'), scratch: await run('scratch') });
      }
      source.dispose();
      return { backend: backend.name, runs, leaked: lab.tf.memory().numTensors - before };
    });
    for (const { seed, transfer, scratch } of result.runs) {
      console.log(
        `seed ${seed}: transfer ${(transfer.accuracy * 100).toFixed(1)} % in ${transfer.seconds.toFixed(0)} s, scratch ${(scratch.accuracy * 100).toFixed(1)} % in ${scratch.seconds.toFixed(0)} s`,
      );
      expect(transfer.accuracy).toBeGreaterThan(scratch.accuracy);
      expect(transfer.accuracy).toBeGreaterThan(0.85);
      expect(transfer.seconds).toBeLessThan(scratch.seconds);
    }
    expect(result.backend).toBe('webgl');
    expect(result.leaked).toBe(0);
  });
});
