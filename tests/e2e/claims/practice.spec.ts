import { test, expect } from '../support/fixtures';
import { openLabForClaims } from '../support/lab';
import { claimSeeds, pairedRule, ruleText } from '../support/claims';

// Lesson 10's claim about linear probes, checked on real data in Chromium (WebGL) under the
// shared rule in tests/e2e/support/claims.ts, with the lesson's own probe: freeze a body, train a new
// five-way head on ten labelled digits of each of 5-9 (10 passes, batches of 10, Adam at 0.02), score it
// on the same test digits. The shipped 0-4 CNN's features must beat the same architecture's untrained
// features by at least one point (the lesson calls the gap "modest", not zero).
//
// On five seeds this failed the rule: measured (shared machine) pretrained vs random 83.3/74.7,
// 82.0/79.7, 80.3/83.3, 85.3/74.0, 80.3/75.3 % on 300 test digits: seed 3 loses, which with five seeds
// is p = 6/32. Rather than weaken the rule, the experiment is larger: ten seeds (nine wins needed,
// p = 11/1024) and 500 test digits. The inverted-digit probe, a measurement and never a claim, is no
// longer run here (lesson 10's cell shows it).
// Measured at this size (shared machine, loaded; the run hit its 20-minute guard in seed 9): random vs
// pretrained 75.0/82.4, 80.0/81.0, 83.0/83.2, 75.4/84.6, 78.0/80.2, 77.2/84.4, 77.4/74.6, 79.8/83.0 %
// on seeds 1-8. Seeds 3 (+0.2) and 7 (-2.8) miss the one-point minimum, so at most 8 of 10 can
// win (p >= 0.055): THE CLAIM FAILS THE RULE HERE. Next: more labelled digits per class or more
// seeds, or a lesson sentence that says the gap depends on the seed.
const TARGET = [5, 6, 7, 8, 9];
const CONFIG = { perClass: 10, epochs: 10, batchSize: 10, learningRate: 2e-2, testImages: 500 } as const;
const SEEDS = claimSeeds(10);
const RULE = { minEffect: 0.01 };

test.describe('lesson 10 claims (linear probes)', () => {
  test(`a probe on the pretrained 0-4 CNN's features beats one on the same architecture's random features: ${ruleText(RULE, SEEDS.length)}`, async ({
    page,
  }) => {
    test.setTimeout(1_200_000);
    await openLabForClaims(page);
    const result = await page.evaluate(
      async ({ seeds, target, config }) => {
        const { lab } = window;
        const backend = await lab.useBackend('webgl');
        const before = lab.tf.memory().numTensors;
        const { train, test } = await lab.loadMnist();
        const testSet = test.select(target).slice(0, config.testImages);
        const { model: shipped } = await lab.loadPretrained('source-cnn');
        const ran: string[] = [];
        const probe = async (
          body: Parameters<typeof lab.prepareTransfer>[0],
          examples: ReturnType<typeof train.select>,
          scoreOn: ReturnType<typeof train.select>,
          seed: number,
        ) => {
          const model = await lab.prepareTransfer(body, { classes: 5, strategy: 'feature-extraction', seed });
          const history = await lab.train(model, examples, {
            epochs: config.epochs,
            batchSize: config.batchSize,
            learningRate: config.learningRate,
            seed,
            classes: target,
          });
          ran.push(history.backend);
          const { accuracy } = await lab.evaluate(model, scoreOn, { classes: target });
          model.dispose();
          return accuracy;
        };
        const rows = [];
        for (const seed of seeds) {
          const started = performance.now();
          const labelled = train.select(target).take(config.perClass, seed);
          const random = lab.buildCnn({ classes: 5, seed });
          const row = {
            seed,
            random: await probe(random, labelled, testSet, seed),
            pretrained: await probe(shipped, labelled, testSet, seed),
          };
          random.dispose();
          const pct = (x: number) => (x * 100).toFixed(1) + ' %';
          console.log(
            `claim: seed ${seed}: random ${pct(row.random)}, pretrained ${pct(row.pretrained)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
          );
          rows.push(row);
        }
        shipped.dispose();
        return { backend: backend.name, ran, rows, leaked: lab.tf.memory().numTensors - before };
      },
      { seeds: SEEDS, target: TARGET, config: CONFIG },
    );
    const verdicts = {
      'pretrained features vs random features': pairedRule(
        result.rows.map((r) => ({ seed: r.seed, claimed: r.pretrained, baseline: r.random })),
        RULE,
      ),
    };
    for (const [name, verdict] of Object.entries(verdicts)) console.log(`${name}:\n${verdict.report}`);
    expect(result.backend).toBe('webgl');
    expect(result.ran).toEqual(new Array(2 * SEEDS.length).fill('webgl'));
    expect(result.leaked).toBe(0);
    for (const [name, verdict] of Object.entries(verdicts))
      expect(verdict.holds, `${name}\n${verdict.report}`).toBe(true);
  });
});
