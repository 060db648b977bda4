import { test, expect } from './support/fixtures';
import { openLab } from './support/lab';

// The distillation claim, checked on real data in Chromium (WebGL). The fine-tuning claim lives in
// claims/transfer.spec.ts under the shared five-seed rule (support/claims.ts); this one moves to
// claims/distillation.spec.ts with the distillation work.

test.describe('the library keeps its promises', () => {
  test.setTimeout(240_000);

  test.beforeEach(async ({ page }) => {
    await openLab(page);
  });

  // Measured here (WebGL, all 2,000 test digits, 10 labels per class, 30 passes): the distilled
  // student reached 78.8 % and 79.8 % (seeds 2 and 3) against 77.2 % and 75.9 % on hard labels alone.
  test('a distilled student beats the same student trained on hard labels alone on a small transfer set', async ({
    page,
  }) => {
    const result = await page.evaluate(async () => {
      const { lab } = window;
      const backend = await lab.useBackend('webgl');
      const before = lab.tf.memory().numTensors;
      const { train, test } = await lab.loadMnist();
      const { model: teacher } = await lab.loadPretrained('teacher-cnn');
      const runs = [];
      for (const seed of [2, 3]) {
        const transferSet = train.take(10, seed);
        const hardStudent = lab.buildMlp({ hidden: 32, seed });
        // An identical twin: same architecture, same initial weights, same data and budget.
        const distilledStudent = await lab.cloneModel(hardStudent);
        const budget = { epochs: 30, batchSize: 20, seed, learningRate: 2e-3 };
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
        hardStudent.dispose();
        distilledStudent.dispose();
        runs.push({ seed, hard, distilled });
      }
      teacher.dispose();
      return { backend: backend.name, runs, leaked: lab.tf.memory().numTensors - before };
    });
    for (const { seed, hard, distilled } of result.runs) {
      console.log(
        `seed ${seed}: distilled ${(distilled * 100).toFixed(1)} % vs hard labels ${(hard * 100).toFixed(1)} %`,
      );
      expect(distilled).toBeGreaterThan(hard);
    }
    const mean = (key: 'hard' | 'distilled') =>
      result.runs.reduce((sum, r) => sum + r[key], 0) / result.runs.length;
    expect(mean('distilled') - mean('hard')).toBeGreaterThan(0.01);
    expect(result.backend).toBe('webgl');
    expect(result.leaked).toBe(0);
  });
});
