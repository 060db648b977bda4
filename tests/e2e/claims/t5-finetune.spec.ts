import { test, expect } from '../support/fixtures';
import { openLabForClaims } from '../support/lab';
import { CLAIM_SEEDS, pairedRule, ruleText } from '../support/claims';

// The lessons say the held-out phrasing goes from under half right to at least 90 %: a gain of at
// least 40 points on every seed.
const RULE = { minEffect: 0.4 };

// The fine-tuning claim of lessons 8 and 9, checked in Chromium on tfjs's WebAssembly backend with
// the library's own experiment (teachHeldOutPhrasing): LoRA at rank 4 on the attention q and v
// projections (1.5 % of the weights), Adam at 3e-3 decaying over 200 steps, batches of 16, stopping
// once 95 % of 100 fresh held-out pairs come out right under teacher forcing. On each of the five
// claim seeds, greedy accuracy on 100 other fresh pairs in translate's held-out phrasing ("what is
// ... in german ?") goes from 40 % (45 % on eval.json's own pairs) to at least 90 %, and no other
// task's accuracy in its trained phrasings falls by more than 2 points (100 fresh pairs a task).
// The seed draws the training pairs, their order and LoRA's initial A. Stopping at 90 % instead
// (bench/suites/t5-finetune.ts) ends at 88-90 % on the test pairs, which misses the rule on some
// seeds (measured, loaded 2-core machine: seeds 1-5 at 90, 89, 88, 89, 89 %); 95 % is the smallest
// stop that meets it. Measured with it (same loaded machine, load about 20): 40 % -> 93, 96, 96, 95,
// 95 % in 13, 20, 23, 19, 19 steps, no other task lost a point; the test took 6.5 minutes there.
const CONFIG = {
  rank: 4,
  targets: ['q', 'v'] as ('q' | 'v')[],
  batchSize: 16,
  maxSteps: 200,
  stopAtAccuracy: 0.95,
};

test.describe('lesson 8 and 9 claims (fine-tuning the mini T5)', () => {
  test(`LoRA teaches the mini T5 translate's held-out phrasing, to at least 90 % on every seed with at most 2 points lost elsewhere: ${ruleText(RULE)}`, async ({
    page,
  }) => {
    test.setTimeout(600_000);
    await openLabForClaims(page);
    const result = await page.evaluate(
      async ({ seeds, config }) => {
        const { lab } = window;
        const backend = await lab.textTrainingBackend();
        const model = await lab.loadTrainableT5('/models/mini-t5');
        const start = lab.tf.memory().numTensors;
        const before = {
          heldOut: await lab.greedyAccuracy(model, lab.phrasingTestSet('translate', 'held_out')),
          seen: await lab.taskAccuracies(model, 'seen'),
        };
        const rows = [];
        for (const seed of seeds) {
          const r = await lab.teachHeldOutPhrasing(model, {
            task: 'translate',
            seed,
            method: 'lora',
            ...config,
            before,
          });
          lab.removeT5Lora(model);
          console.log(
            `claim: seed ${seed}: ${(r.before * 100).toFixed(0)} % -> ${(r.after * 100).toFixed(0)} % in ${r.run.steps} steps (${r.run.seconds.toFixed(1)} s on ${r.run.backend}), worst drop elsewhere ${(r.worstDrop * 100).toFixed(0)} points`,
          );
          rows.push({
            seed,
            before: r.before,
            after: r.after,
            worstDrop: r.worstDrop,
            ran: r.run.backend,
            share: r.run.trainableParameters / r.run.totalParameters,
          });
        }
        const leaked = lab.tf.memory().numTensors - start;
        model.dispose();
        return { backend, rows, leaked };
      },
      { seeds: [...CLAIM_SEEDS], config: CONFIG },
    );
    const verdict = pairedRule(
      result.rows.map((r) => ({ seed: r.seed, claimed: r.after, baseline: r.before })),
      RULE,
    );
    console.log(verdict.report);
    expect(result.backend).toBe('wasm');
    expect(result.rows.map((r) => r.ran)).toEqual(new Array(CLAIM_SEEDS.length).fill('wasm'));
    expect(result.leaked).toBe(0);
    for (const r of result.rows) {
      expect(r.share).toBeLessThanOrEqual(0.02);
      expect(r.before, `seed ${r.seed} starts near 45 %`).toBeLessThan(0.6);
      expect(r.after, `seed ${r.seed} reaches 90 %`).toBeGreaterThanOrEqual(0.9);
      expect(r.worstDrop, `seed ${r.seed} loses at most 2 points elsewhere`).toBeLessThanOrEqual(0.02);
    }
    expect(verdict.holds, verdict.report).toBe(true);
  });
});
