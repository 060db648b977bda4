import { test, expect } from '../support/fixtures';
import { openLabForClaims } from '../support/lab';
import { CLAIM_BACKEND, CLAIM_SEEDS, pairedRule, ruleText } from '../support/claims';

// The transfer lessons' claim, checked on real data in Chromium (WebGL) under the shared rule in
// tests/e2e/support/claims.ts: on each of the five claim seeds, the same labelled digits 5-9 train
// two copies of one architecture with the same budget, one fine-tuned from the 0-4 CNN (features
// and head learn, the convolutions stay frozen) and one from fresh random weights; both are scored
// on the same test digits. Lesson 3 says fine-tuning beats training from scratch "at every size, but by
// little": the smallest effect that is more than a couple of lucky digits is 3 of the 500 test digits
// (0.6 points), and every seed must gain that much. How long each side takes is measured by `npm run bench`, not asserted here.
const TARGET = [5, 6, 7, 8, 9];
// Measured (shared 2-core machine, load average about 14): fine-tuned vs from scratch 86.8 vs 85.8,
// 88.6 vs 84.2, 87.2 vs 80.0, 87.6 vs 85.2, 89.6 vs 80.2 % on seeds 1-5: 5 wins, mean gain 4.9
// points. With 10 epochs it was 5 wins and +3.6, with 20 epochs (the old design) 5 wins and +1.9:
// the head start is real at every budget, largest when few updates are allowed. Six epochs keep
// five seeds inside CI's budget; the timeout below is a guard against a hang, not a goal.
const CONFIG = { perClass: 10, epochs: 6, batchSize: 10, testImages: 500 } as const;
const RULE = { minEffect: 3 / CONFIG.testImages };

test.describe('transfer learning claims', () => {
  test(`fine-tuning the 0-4 CNN beats the same architecture from scratch on ${CONFIG.perClass} labels per class of 5-9: ${ruleText(RULE)}`, async ({
    page,
  }) => {
    // A guard against a hang, not a goal: on a loaded 2-core machine one seed has taken 150 s.
    test.setTimeout(900_000);
    await openLabForClaims(page);
    const result = await page.evaluate(
      async ({ seeds, target, config, backendName }) => {
        const { lab } = window;
        const backend = await lab.useBackend(backendName);
        const before = lab.tf.memory().numTensors;
        const { train, test } = await lab.loadMnist();
        const testSet = test.select(target).slice(0, config.testImages);
        const { model: source } = await lab.loadPretrained('source-cnn');
        const runs = [];
        for (const seed of seeds) {
          const data = train.select(target).take(config.perClass, seed);
          const accuracyOf = async (strategy: 'fine-tune' | 'scratch') => {
            const model = await lab.prepareTransfer(source, {
              classes: 5,
              strategy,
              fromLayer: 'features',
              seed,
            });
            const history = await lab.train(model, data, {
              epochs: config.epochs,
              batchSize: config.batchSize,
              seed,
              classes: target,
            });
            const { accuracy } = await lab.evaluate(model, testSet, { classes: target });
            model.dispose();
            return { accuracy, backend: history.backend };
          };
          const started = performance.now();
          const fineTuned = await accuracyOf('fine-tune');
          const scratch = await accuracyOf('scratch');
          // Progress in the test log, so a slow or failing run still shows what each seed gave.
          console.log(
            `claim: seed ${seed}: fine-tuned ${(fineTuned.accuracy * 100).toFixed(1)} %, from scratch ${(scratch.accuracy * 100).toFixed(1)} % (${((performance.now() - started) / 1000).toFixed(0)} s)`,
          );
          runs.push({
            seed,
            claimed: fineTuned.accuracy,
            baseline: scratch.accuracy,
            ran: [fineTuned.backend, scratch.backend],
          });
        }
        source.dispose();
        return {
          backend: backend.name,
          testImages: testSet.size,
          runs,
          leaked: lab.tf.memory().numTensors - before,
        };
      },
      { seeds: [...CLAIM_SEEDS], target: TARGET, config: CONFIG, backendName: CLAIM_BACKEND },
    );
    const verdict = pairedRule(result.runs, RULE);
    console.log(`fine-tuned vs from scratch, ${result.testImages} test digits:\n${verdict.report}`);
    // What actually ran: WebGL for every training run, and nothing left behind.
    expect(result.backend).toBe(CLAIM_BACKEND);
    expect(result.runs.flatMap((run) => run.ran)).toEqual(
      new Array(2 * CLAIM_SEEDS.length).fill(CLAIM_BACKEND),
    );
    expect(result.testImages).toBe(CONFIG.testImages);
    expect(result.leaked).toBe(0);
    expect(verdict.holds, verdict.report).toBe(true);
  });
});
