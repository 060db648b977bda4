import { test, expect } from '../support/fixtures';
import { openLabForClaims } from '../support/lab';
import { CLAIM_BACKEND, claimSeeds } from '../support/claims';
import { comparePaired } from '../../../src/lib/util/paired';

// Lesson 10's sentence about linear probes, checked on real data in Chromium (WebGL) with the
// lesson's own probe: freeze a body, train a new five-way head on ten labelled digits of each of 5-9
// (10 passes, batches of 10, Adam at 0.02), score it on the same 500 test digits. The lesson says the
// shipped 0-4 CNN's features beat the same architecture's untrained features by at least a point on
// most seeds, but not on every seed. That is what this checks: of seeds 1-10 (each with its own
// labelled images, random body and head), more than half gain at least one point, and at least one
// does not.
//
// Why not the strict rule (tests/e2e/support/claims.ts: nine of ten seeds gain the minimum): the
// effect is inside the seed-to-seed noise, and a larger design did not fix it. Measured, pretrained
// minus random, in points:
// - 10 per class, WebGL, seeds 1-10 (this design; random vs pretrained 75.0/82.4, 80.0/81.0,
//   83.0/83.2, 75.4/84.6, 78.0/80.2, 77.2/84.4, 77.4/74.6, 79.8/83.0, 79.2/82.6, 82.2/79.4 %): +7.4,
//   +1.0, +0.2, +9.2, +2.2, +7.2, -2.8, +3.2, +3.4, -2.8, mean +2.8; seven of ten gain a point.
//   5.3 minutes on the shared 2-core machine at load average ~21 (about 30 s a seed).
// - 30 per class, Node CPU backend, seeds 1-10: +2.8, +2.6, -2.2, +2.8, +3.4, +0.8, -2.0, +4.0, +3.8,
//   -0.6: more labelled images shrink the gap (random 128-unit features catch up), and four seeds miss.
// So the honest finding is that the gap depends on the seed, and the lesson now says exactly that.
// Since the claims moved to WebAssembly (2026-12-06), seeds 1-10 gained +6.8, +0.6, 0.0, +9.2, +2.2,
// +7.6, -2.8, +3.4, +3.2, -2.6 points (mean +2.8): six of ten gain a point, the same finding.
const TARGET = [5, 6, 7, 8, 9];
const CONFIG = { perClass: 10, epochs: 10, batchSize: 10, learningRate: 2e-2, testImages: 500 } as const;
const SEEDS = claimSeeds(10);
/** One point: a seed "wins" when the pretrained probe is at least this far ahead. */
const MIN_EFFECT = 0.01;

test.describe('lesson 10 claims (linear probes)', () => {
  test(`a probe on the pretrained 0-4 CNN's features beats one on random features by a point on most of ${SEEDS.length} seeds, not on all`, async ({
    page,
  }) => {
    test.setTimeout(1_200_000);
    await openLabForClaims(page);
    const result = await page.evaluate(
      async ({ seeds, target, config, backendName }) => {
        const { lab } = window;
        const backend = await lab.useBackend(backendName);
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
      { seeds: SEEDS, target: TARGET, config: CONFIG, backendName: CLAIM_BACKEND },
    );
    const summary = comparePaired(
      result.rows.map((r) => ({ seed: r.seed, claimed: r.pretrained, baseline: r.random })),
      MIN_EFFECT,
    );
    const pct = (x: number) => (x * 100).toFixed(1);
    const report = [
      ...result.rows.map(
        (r, i) =>
          `seed ${r.seed}: pretrained ${pct(r.pretrained)} % vs random ${pct(r.random)} % (gain ${pct(summary.gains[i]!)} points)`,
      ),
      `${summary.wins} of ${SEEDS.length} seeds gain at least ${pct(MIN_EFFECT)} point, mean gain ${pct(summary.meanGain)} points`,
    ].join('\n');
    console.log(`pretrained features vs random features:\n${report}`);
    expect(result.backend).toBe(CLAIM_BACKEND);
    expect(result.ran).toEqual(new Array(2 * SEEDS.length).fill(CLAIM_BACKEND));
    expect(result.leaked).toBe(0);
    // "on most seeds": more than half win by a point; "not on every seed": at least one does not.
    expect(summary.wins, `most seeds gain a point\n${report}`).toBeGreaterThan(SEEDS.length / 2);
    expect(summary.wins, `not every seed gains a point\n${report}`).toBeLessThan(SEEDS.length);
  });
});
