/**
 * One schema per bench suite: what bench/suites/<name>.ts returns and bench/results/<name>.json
 * holds. The harness checks each suite's result against it before scripts/bench.mjs writes the
 * file, and src/data/bench.ts checks the file again when the site is built, so a suite that changes
 * its output, or an old file, fails with the path of the wrong field instead of a lesson quoting
 * `undefined`. Only the fields the site or the summary reads are named; others pass through.
 */
import { z } from 'astro/zod';

// The harness checks results inside the bench page, whose Content-Security-Policy forbids eval:
// zod's compiled fast path probes `new Function`, which the browser reports as a CSP violation even
// though zod catches it. Interpreted checks are fast enough for a results file.
z.config({ jitless: true });

const share = z.number().min(0).max(1);
const spread = z.object({ mean: z.number(), sd: z.number(), min: z.number(), max: z.number() });
const strategy = z.enum(['scratch', 'feature-extraction', 'fine-tune']);
const seeds = z.array(z.number().int()).min(1);
/** A value on each seed, with its mean and range. */
const seedValues = z.object({
  mean: z.number(),
  min: z.number(),
  max: z.number(),
  values: z.array(z.number()),
});
const latency = z.array(
  z.object({ batchSize: z.number().int().positive(), msPerImage: z.number().positive() }),
);

const distillationSummary = z.object({
  config: z.object({
    temperature: z.number(),
    alpha: share,
    labelledPerClass: z.number(),
    transferImages: z.union([z.number(), z.literal('all')]),
    validationPerClass: z.number(),
  }),
  testImages: z.number().int().positive(),
  seeds: z.array(
    z.object({
      seed: z.number().int(),
      teacherErrors: z.number().int(),
      students: z.record(
        z.string(),
        z.object({
          errors: z.number().int(),
          epochs: z.number(),
          bestEpoch: z.number(),
          seconds: z.number(),
        }),
      ),
      gapRecovered: z.record(z.string(), z.number().nullable()),
      missingDigit: z
        .object({
          count: z.number(),
          bias: z.number(),
          teacher: z.number(),
          alone: z.number(),
          before: z.number(),
          after: z.number(),
        })
        .nullable(),
      seconds: z.number(),
    }),
  ),
  errors: z.record(z.string(), z.union([spread, z.number()])),
  epochs: z.record(z.string(), spread),
  gapPerSeed: z.record(z.string(), spread),
  gapFromMeans: z.number().nullable(),
  softWinsEverySeed: z.boolean(),
  pseudoWinsEverySeed: z.boolean().nullable(),
});

const distillationCost = z.object({
  backend: z.string(),
  teacher: z.object({ params: z.number(), multiplyAdds: z.number(), latency }),
  student: z.object({ description: z.string(), params: z.number(), multiplyAdds: z.number(), latency }),
  paramRatio: z.number(),
  multiplyAddRatio: z.number(),
  speedUp: z.array(z.object({ batchSize: z.number(), ratio: z.number() })),
});

const adaptationPoint = z.object({
  perClass: z.number().int(),
  strategy,
  accuracy: spread,
  seeds: z.array(share),
});

const domainPair = z.object({ mnist: spread, optical: spread });

/** Every suite's schema, by the suite's name (its file name in bench/suites/). */
export const BENCH_SCHEMAS = {
  throughput: z.object({
    images: z.number().int().positive(),
    batchSize: z.number().int().positive(),
    rounds: z.number().int().positive(),
    imagesPerSecond: z.number().positive(),
    fitImagesPerSecond: z.number().positive(),
    overheadRatio: z.number().positive(),
    // Written as measured (the checked-in runs say 108 on every backend: see the suite).
    tensorsLeaked: z.number().int(),
  }),
  'distillation-cache': z.object({
    images: z.number().int().positive(),
    epochs: z.number().int().positive(),
    testImages: z.number().int().positive(),
    runs: z.record(z.string(), z.object({ seconds: z.number(), errors: z.number().int() })),
  }),
  // One backend's run: the cost on every backend, the experiments on WebGL only.
  distillation: z.object({
    cost: distillationCost,
    sameData: z
      .object({ bestTemperature: z.string(), byTemperature: z.record(z.string(), distillationSummary) })
      .optional(),
    transferSet: distillationSummary.optional(),
    missingDigit: distillationSummary.extend({ shareRightAfter: spread }).optional(),
    goals: z.record(z.string(), z.boolean()).optional(),
  }),
  'learning-curve': z.object({
    config: z.object({
      labelsPerClass: z.array(z.number().int().positive()),
      strategies: z.array(strategy),
      seeds,
      testPerClass: z.union([z.number(), z.literal('all')]),
    }),
    backend: z.string(),
    testImages: z.number().int().positive(),
    runs: z.array(
      z.object({
        perClass: z.number().int(),
        strategy,
        seed: z.number().int(),
        accuracy: share,
        epochs: z.number().int(),
        updates: z.number().int(),
        seconds: z.number(),
      }),
    ),
    points: z.array(
      spread.extend({ perClass: z.number().int(), strategy, seeds, accuracies: z.array(share) }),
    ),
    gains: z.array(
      z.object({
        perClass: z.number().int(),
        paired: z.array(z.number()),
        seeds,
        mean: z.number(),
        wins: z.number().int(),
      }),
    ),
    seconds: z.number(),
  }),
  'freeze-cost': z.object({
    batchSize: z.number().int().positive(),
    images: z.number().int().positive(),
    rounds: z.number().int().positive(),
    costs: z.array(
      z.object({
        fromLayer: z.string(),
        learns: z.array(z.string()),
        trainableWeights: z.number().int(),
        weights: z.number().int(),
        msPerBatch: z.number().positive(),
        fastest: z.number().positive(),
        slowest: z.number().positive(),
      }),
    ),
  }),
  'optdigits-curve': z.object({
    zeroShot: share,
    mnistAccuracy: share,
    testImages: z.number().int().positive(),
    seeds,
    points: z.array(adaptationPoint),
  }),
  'negative-transfer': z.object({
    shift: z.literal('invert'),
    zeroShot: share,
    testImages: z.number().int().positive(),
    seeds,
    points: z.array(adaptationPoint),
  }),
  forgetting: z.object({
    seeds,
    epochs: z.number().int(),
    targetImages: z.number().int(),
    rehearsalPerClass: z.number().int(),
    rows: z.array(
      z.object({
        method: z.enum(['before', 'fine-tune', 'freeze', 'lora', 'rehearsal']),
        source: spread,
        target: spread,
        sourcePerDigit: z.array(z.number()),
        trainableParams: z.number().int(),
        sourceAdapterOff: spread.optional(),
      }),
    ),
  }),
  multitask: z.object({
    seeds,
    perClass: z.number().int(),
    epochs: z.number().int(),
    mnistTestImages: z.number().int(),
    opticalTestImages: z.number().int(),
    multitask: domainPair,
    firstOnly: domainPair,
    sequential: domainPair,
  }),
  language: z.object({
    model: z.string(),
    sentences: z.number().int(),
    seeds,
    heads: z.array(
      z.object({
        label: z.enum(['topic', 'sentiment']),
        perClass: z.number().int(),
        trainCount: z.number().int(),
        testCount: z.number().int(),
        encoder: share,
        bagOfWords: share,
        encoderWins: z.number().int(),
        meanGain: z.number(),
        seeds: z.array(
          z.object({ seed: z.number().int(), encoder: share, bagOfWords: share, majority: share }),
        ),
      }),
    ),
    prompting: z.array(
      z.object({
        label: z.enum(['topic', 'sentiment']),
        shots: z.number().int(),
        accuracy: share,
        min: share,
        max: share,
        invalid: share,
        total: z.number().int(),
        promptTokens: z.number(),
        examplePrompt: z.string(),
        answers: z.array(z.string()),
      }),
    ),
    adaptation: z.object({
      target: z.array(z.number().int()),
      perClass: z.number().int(),
      epochs: z.number().int(),
      testImages: z.number().int(),
      rows: z.array(
        z.object({
          method: z.enum(['feature-extraction', 'fine-tune', 'lora', 'scratch']),
          trainable: z.number().int(),
          total: z.number().int(),
          accuracy: share,
          min: share,
          max: share,
          seconds: z.number(),
        }),
      ),
    }),
  }),
  'text-methods': z.object({
    task: z.string(),
    phrasing: z.string(),
    labelled: z.number().int(),
    test: z.number().int(),
    otherTaskPairs: z.number().int(),
    headPositions: z.number().int(),
    seeds,
    trainingBackend: z.string(),
    settings: z.record(
      z.string(),
      z.object({
        rank: z.number().int().optional(),
        targets: z.array(z.string()).optional(),
        learningRate: z.number(),
        batchSize: z.number().int(),
        maxSteps: z.number().int(),
      }),
    ),
    promptTokens: z.record(z.string(), z.number()),
    methods: z.array(
      z.object({
        method: z.enum(['zero-shot', '1-shot', '2-shot', '4-shot', 'head', 'lora', 'full']),
        accuracy: seedValues,
        seconds: seedValues,
        trainable: z.number().int(),
        total: z.number().int(),
      }),
    ),
    forgetting: z.array(
      z.object({
        method: z.enum(['lora', 'full']),
        tasks: z.array(z.object({ task: z.string(), before: share, after: share, worstDrop: z.number() })),
      }),
    ),
    perSeed: z.array(
      z.object({
        seed: z.number().int(),
        method: z.enum(['lora', 'full']),
        steps: z.number().int(),
        stopped: z.string(),
        accuracy: share,
        seconds: z.number(),
      }),
    ),
  }),
  'text-lora-sweep': z.object({
    task: z.string(),
    labelled: z.number().int(),
    test: z.number().int(),
    seeds,
    tried: z.array(
      z.object({
        rank: z.number().int().positive(),
        targets: z.array(z.string()).min(1),
        trainable: z.number().int(),
        accuracies: z.array(share).min(1),
        allReach90: z.boolean(),
      }),
    ),
  }),
  't5-finetune': z.object({
    model: z.string(),
    // Each part may run alone (`--param parts=new`); scripts/bench-merge.mjs joins the parts.
    stepTimes: z.array(z.object({}).passthrough()).optional(),
    translate: z.array(z.object({}).passthrough()).optional(),
    ranks: z.array(z.object({}).passthrough()).optional(),
    // Genuinely new tasks (`--param parts=new`): one row per task and seed.
    newTasks: z
      .array(
        z
          .object({
            task: z.string(),
            seed: z.number().int(),
            steps: z.number().int(),
            stopped: z.string(),
            seconds: z.number(),
            greedyOnTestSet: share,
            worstDrop: share,
            // Every evalEvery steps: the teacher-forced accuracy on the held-back pairs (drawn in lesson 8).
            curve: z.array(
              z.object({ step: z.number().int(), seconds: z.number(), loss: z.number(), accuracy: share }),
            ),
          })
          .passthrough(),
      )
      .optional(),
  }),
  figures: z.object({
    goalMs: z.number().positive(),
    figures: z.array(z.object({}).passthrough()).min(1),
  }),
} as const;

export type BenchSuiteName = keyof typeof BENCH_SCHEMAS;

/**
 * Checks a suite's result against its schema; throws a message naming the suite and every wrong
 * field. Returns the result unchanged (fields the schema does not name are kept, not stripped).
 */
export function checkBenchResult(
  suite: string,
  result: unknown,
  where = `the ${suite} suite's result`,
): void {
  const schema = (BENCH_SCHEMAS as Record<string, z.ZodType>)[suite];
  if (!schema) throw new Error(`No schema for bench suite "${suite}": add one to bench/schemas.ts.`);
  const parsed = schema.safeParse(result);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`,
    );
    throw new Error(`${where} does not match bench/schemas.ts:\n  ${problems.join('\n  ')}`);
  }
}
