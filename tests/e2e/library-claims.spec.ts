import type * as Library from '../../src/lib';
import { test, expect } from './support/fixtures';

// The two claims the lessons make about the library, checked on real data in Chromium (WebGL),
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

  test('transfer from the 0-4 CNN beats training from scratch on 10 labels per class of 5-9', async ({
    page,
  }) => {
    const result = await page.evaluate(async () => {
      const { lab } = window;
      const backend = await lab.useBackend('webgl');
      const before = lab.tf.memory().numTensors;
      const { train, test } = await lab.loadMnist();
      const target = [5, 6, 7, 8, 9];
      const testSet = test.select(target);
      const data = train.select(target).take(10, 1);
      const { model: source } = await lab.loadPretrained('source-cnn');
      const accuracy = async (strategy: 'feature-extraction' | 'scratch') => {
        const model = await lab.prepareTransfer(source, { classes: 5, strategy, seed: 1 });
        // The same budget for both: 20 passes over the 50 labelled digits.
        await lab.train(model, data, { epochs: 20, batchSize: 10, seed: 1, classes: target });
        const { accuracy } = await lab.evaluate(model, testSet, { classes: target });
        model.dispose();
        return accuracy;
      };
      const transfer = await accuracy('feature-extraction');
      const scratch = await accuracy('scratch');
      source.dispose();
      return { backend: backend.name, transfer, scratch, leaked: lab.tf.memory().numTensors - before };
    });
    console.log(
      `transfer ${result.transfer.toFixed(3)} vs scratch ${result.scratch.toFixed(3)} on ${result.backend}`,
    );
    expect(result.backend).toBe('webgl');
    expect(result.transfer).toBeGreaterThan(0.85);
    expect(result.transfer - result.scratch).toBeGreaterThan(0.1);
  });

  test('a distilled student beats the same student trained on hard labels alone', async ({ page }) => {
    const result = await page.evaluate(async () => {
      const { lab } = window;
      const backend = await lab.useBackend('webgl');
      const { train, test } = await lab.loadMnist();
      const transferSet = train.take(10, 2);
      const { model: teacher } = await lab.loadPretrained('teacher-cnn');
      const hardStudent = lab.buildMlp({ hidden: 32, seed: 3 });
      // An identical twin: same architecture, same initial weights.
      const distilledStudent = await lab.cloneModel(hardStudent);
      const budget = { epochs: 30, batchSize: 20, seed: 3, learningRate: 2e-3 };
      await lab.train(hardStudent, transferSet, budget);
      await lab.distill({
        teacher,
        student: distilledStudent,
        data: transferSet,
        temperature: 4,
        alpha: 0.9,
        ...budget,
      });
      const hard = (await lab.evaluate(hardStudent, test)).accuracy;
      const distilled = (await lab.evaluate(distilledStudent, test)).accuracy;
      const teacherAccuracy = (await lab.evaluate(teacher, test)).accuracy;
      [teacher, hardStudent, distilledStudent].forEach((m) => m.dispose());
      return { backend: backend.name, hard, distilled, teacherAccuracy };
    });
    console.log(
      `distilled ${result.distilled.toFixed(3)} vs hard labels ${result.hard.toFixed(3)} (teacher ${result.teacherAccuracy.toFixed(3)})`,
    );
    expect(result.backend).toBe('webgl');
    expect(result.distilled - result.hard).toBeGreaterThan(0.03);
  });
});
