import { test, expect } from '../support/fixtures';
import { openLabForClaims } from '../support/lab';
import { CLAIM_SEEDS, PAIRED_RULE_TEXT, pairedRule } from '../support/claims';

// Lesson 10's claim about linear probes, checked on real data in Chromium (WebGL) under the
// shared rule in tests/e2e/support/claims.ts, with the lesson's own probe: freeze a body, train a new
// five-way head on ten labelled digits of each of 5-9 (10 passes, batches of 10, Adam at 0.02), score it
// on the same 300 test digits. On each of the five claim seeds (the labelled digits and the new head
// both depend on the seed), the shipped 0-4 CNN's features beat the same architecture's untrained
// features. The same probe on inverted digits is logged as a measurement, not a claim: measured
// (shared 2-core machine, load about 25) original vs inverted 83.3 vs 73.7, 82.0 vs 82.3, 80.3 vs 73.3,
// 85.3 vs 74.0, 80.3 vs 82.3 % on seeds 1-5: 3 wins, which fails the rule, so the lesson says the drop
// depends on the seed. Pretrained vs random, same run: 83.3/74.7, 82.0/79.7, 80.3/83.3, 85.3/74.0,
// 80.3/75.3: 4 wins, mean gain +4.9 points.
const TARGET = [5, 6, 7, 8, 9];
const CONFIG = { perClass: 10, epochs: 10, batchSize: 10, learningRate: 2e-2, testImages: 300 } as const;

test.describe('lesson 10 claims (linear probes)', () => {
  test(`a probe on the pretrained 0-4 CNN's features beats one on the same architecture's random features: ${PAIRED_RULE_TEXT}`, async ({
    page,
  }) => {
    test.setTimeout(420_000);
    await openLabForClaims(page);
    const result = await page.evaluate(
      async ({ seeds, target, config }) => {
        const { lab } = window;
        const backend = await lab.useBackend('webgl');
        const before = lab.tf.memory().numTensors;
        const { train, test } = await lab.loadMnist();
        const testSet = test.select(target).slice(0, config.testImages);
        const invertedTest = testSet.shift('invert', 1);
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
          const inverted = labelled.shift('invert', 1);
          const random = lab.buildCnn({ classes: 5, seed });
          const row = {
            seed,
            random: await probe(random, labelled, testSet, seed),
            pretrained: await probe(shipped, labelled, testSet, seed),
            inverted: await probe(shipped, inverted, invertedTest, seed),
          };
          random.dispose();
          const pct = (x: number) => (x * 100).toFixed(1) + ' %';
          console.log(
            `claim: seed ${seed}: random ${pct(row.random)}, pretrained ${pct(row.pretrained)}, inverted ${pct(row.inverted)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
          );
          rows.push(row);
        }
        shipped.dispose();
        return { backend: backend.name, ran, rows, leaked: lab.tf.memory().numTensors - before };
      },
      { seeds: [...CLAIM_SEEDS], target: TARGET, config: CONFIG },
    );
    const verdicts = {
      'pretrained features vs random features': pairedRule(
        result.rows.map((r) => ({ seed: r.seed, claimed: r.pretrained, baseline: r.random })),
      ),
    };
    for (const [name, verdict] of Object.entries(verdicts)) console.log(`${name}:\n${verdict.report}`);
    expect(result.backend).toBe('webgl');
    expect(result.ran).toEqual(new Array(3 * CLAIM_SEEDS.length).fill('webgl'));
    expect(result.leaked).toBe(0);
    for (const [name, verdict] of Object.entries(verdicts))
      expect(verdict.holds, `${name}\n${verdict.report}`).toBe(true);
  });
});
