/**
 * Lesson 9's comparison on one held-out text task: the translate task's held-out phrasing
 * ("what is {x} in german ?"), 64 labelled pairs and 100 fresh test pairs per seed, seeds 1-5:
 * - zero-shot, and k-shot prompting with k = 1, 2, 4 of the labelled pairs in the prompt;
 * - a head on the frozen encoder (one classifier per answer word, on the first 16 positions);
 * - LoRA (rank 8 on q and v) and full fine-tuning, 40 steps of 16 pairs each, with every other
 *   task's accuracy (trained phrasings, 50 pairs each) before and after.
 * The LoRA sweep by rank and targets is its own suite, text-lora-sweep.
 * Greedy exact match everywhere. The trainable T5 trains on tfjs's WebAssembly backend.
 */
import type { Json, SuiteContext } from '../harness';

export const description =
  'Lesson 9: zero-shot, k-shot, encoder head, LoRA and full fine-tuning on one text task';
export const backends = ['webgl'];

const TASK = 'translate' as const;
const SHOTS = [1, 2, 4];
const round = (value: number) => Number(value.toFixed(4));
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const spread = (values: number[]) => ({
  mean: round(mean(values)),
  min: round(Math.min(...values)),
  max: round(Math.max(...values)),
  values: values.map(round),
});

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib, log } = ctx;
  const seeds = ctx.quick ? [1] : [1, 2, 3, 4, 5];
  const labelledCount = 64;
  const testCount = ctx.quick ? 30 : 100;
  const otherCount = ctx.quick ? 10 : 50;
  const base = lib.trainableModelBase('mini-t5');
  const encoder = await lib.loadTextModel({ model: 'mini-t5', device: 'wasm', dtype: 'fp32' });
  const perSeed: Json[] = [];
  const rows: Record<
    string,
    { accuracy: number[]; seconds: number[]; trainable: number; total: number; extra: Json }
  > = {};
  const add = (
    method: string,
    accuracy: number,
    seconds: number,
    trainable: number,
    total: number,
    extra: Json = null,
  ) => {
    rows[method] ??= { accuracy: [], seconds: [], trainable, total, extra };
    rows[method].accuracy.push(accuracy);
    rows[method].seconds.push(seconds);
  };
  const forgetting: Record<string, Record<string, { before: number[]; after: number[] }>> = {};
  let backend = '';
  const promptTokens: Record<number, number> = {};
  try {
    for (const seed of seeds) {
      const data = lib.textMethodData(TASK, seed, labelledCount, testCount);
      const others = lib.otherTaskSets(TASK, otherCount, seed);
      const model = await lib.loadTrainableT5(base);
      const total = model.parameterCount();
      try {
        const zero = await lib.greedyAccuracy(model, data.test);
        add('zero-shot', zero, 0, 0, total);
        log(`seed ${seed} zero-shot ${zero.toFixed(3)}`);
        for (const k of SHOTS) {
          const pairs = lib.kShotPairs(data.labelled, data.test, k);
          promptTokens[k] = model.encode(pairs[0]!.input).length;
          const accuracy = await lib.greedyAccuracy(model, pairs);
          add(`${k}-shot`, accuracy, 0, 0, total);
          log(`seed ${seed} ${k}-shot ${accuracy.toFixed(3)}`);
        }
      } finally {
        model.dispose();
      }
      const head = await lib.headOnEncoder(encoder, data, { seed });
      add('head', head.accuracy, head.seconds, head.parameters, total);
      log(
        `seed ${seed} head ${head.accuracy.toFixed(3)} (${head.parameters} weights, ${head.seconds.toFixed(1)} s)`,
      );
      for (const method of ['lora', 'full'] as const) {
        const score = await lib.tuneAndScore(base, data, { ...lib.TUNE_SETTINGS[method], seed }, others);
        backend = score.backend;
        add(method, score.accuracy, score.seconds, score.trainable, score.total);
        forgetting[method] ??= {};
        for (const t of score.forgetting) {
          forgetting[method][t.task] ??= { before: [], after: [] };
          forgetting[method][t.task]!.before.push(t.before);
          forgetting[method][t.task]!.after.push(t.after);
        }
        perSeed.push({
          seed,
          method,
          steps: score.steps,
          stopped: score.stopped,
          accuracy: round(score.accuracy),
          seconds: round(score.seconds),
        });
        log(
          `seed ${seed} ${method} ${score.accuracy.toFixed(3)} in ${score.steps} steps, ${score.seconds.toFixed(1)} s`,
        );
      }
    }
  } finally {
    await encoder.dispose();
  }

  return {
    task: TASK,
    phrasing: 'what is {x} in german ?',
    labelled: labelledCount,
    test: testCount,
    otherTaskPairs: otherCount,
    headPositions: lib.HEAD_POSITIONS,
    seeds,
    trainingBackend: backend,
    settings: lib.TUNE_SETTINGS as unknown as Json,
    promptTokens: Object.fromEntries(Object.entries(promptTokens).map(([k, v]) => [k, v])),
    methods: Object.entries(rows).map(([method, row]) => ({
      method,
      accuracy: spread(row.accuracy),
      seconds: spread(row.seconds),
      trainable: row.trainable,
      total: row.total,
    })),
    forgetting: Object.entries(forgetting).map(([method, tasks]) => ({
      method,
      tasks: Object.entries(tasks).map(([task, t]) => ({
        task,
        before: round(mean(t.before)),
        after: round(mean(t.after)),
        worstDrop: round(Math.max(...t.before.map((b, i) => b - t.after[i]!))),
      })),
    })),
    perSeed,
  };
}
