/**
 * Fine-tuning the mini T5 in the browser (src/lib/t5), the numbers lessons 8 and 9 and the claim
 * test rely on. Parts (`--param parts=steps,translate,ranks,new`, default all):
 * - steps: ms per training step at batch 16 and 32, LoRA (rank 4 on q and v) and full, on tfjs's
 *   WebAssembly, WebGL, CPU and WebGPU backends (WebGPU kept to one timed step: SwiftShader here);
 * - translate: the held-out phrasing of translate, seeds 1-5, LoRA rank 4 on q and v against full
 *   fine-tuning: steps and seconds to 90 % (teacher-forced, on 100 fresh pairs), greedy accuracy
 *   before and after on 100 other fresh pairs, and every other task's seen accuracy (forgetting);
 * - ranks: LoRA on q and v at rank 1, 2, 4, 8, seeds 1-5, the same measurements;
 * - new: two tasks the model never learnt, in its vocabulary (`last-word`, `german-to-english`),
 *   seeds 1-3: steps and seconds to 90 % on 50 fresh pairs, LoRA on every matrix at rank 8.
 * The suite switches tfjs's backend itself (text training runs on WebAssembly), so the harness
 * runs it once, under `cpu`.
 */
import type { Json, SuiteContext } from '../harness';
import { roundTo } from '../harness';

export const description =
  'Mini T5 fine-tuning: ms/step per backend, held-out translate to 90 % (LoRA vs full, ranks), forgetting, two new tasks';
export const backends = ['cpu'];

type Lib = SuiteContext['lib'];
type Model = Awaited<ReturnType<Lib['loadTrainableT5']>>;
const MODEL = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}models/mini-t5`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function stepTimes(lib: Lib, ctx: SuiteContext): Promise<Json[]> {
  const rows: Json[] = [];
  const train = lib.miniT5Examples('translate', 'held_out', 256, 1);
  for (const backend of ['wasm', 'webgl', 'cpu', 'webgpu'] as const) {
    const active = await lib.textTrainingBackend(backend);
    if (active !== backend) {
      rows.push({ backend, error: `not available here (ran ${active})` });
      continue;
    }
    const model = await lib.loadTrainableT5(MODEL, { backend: 'current' });
    const timed = backend === 'webgpu' ? 1 : backend === 'webgl' ? 3 : ctx.quick ? 2 : 5;
    const methods = backend === 'webgpu' ? (['lora'] as const) : (['lora', 'full'] as const);
    try {
      for (const method of methods) {
        for (const batchSize of method === 'full' ? [16] : [16, 32]) {
          const seconds: number[] = [];
          let last = 0;
          // One untimed step first: WebGL and WebGPU compile their shaders on it.
          const run = await lib.fineTuneT5(model, train, [], {
            method,
            rank: 4,
            targets: ['q', 'v'],
            batchSize,
            maxSteps: timed + 1,
            stopAtAccuracy: 0,
            onStep: (s) => {
              seconds.push(s.seconds - last);
              last = s.seconds;
            },
          });
          if (run.backend !== backend) throw new Error(`ran on ${run.backend}, not ${backend}`);
          const ms = seconds.slice(1).map((s) => s * 1000);
          ctx.log(
            `${backend} ${method} batch ${batchSize}: ${median(ms).toFixed(0)} ms/step (first ${(seconds[0]! * 1000).toFixed(0)} ms)`,
          );
          rows.push({
            backend,
            method,
            batchSize,
            msPerStep: roundTo(median(ms), 1),
            timedSteps: ms.length,
            firstStepMs: roundTo(seconds[0]! * 1000, 1),
            trainableParameters: run.trainableParameters,
          });
          lib.removeT5Lora(model);
          if (method === 'full') break;
        }
      }
    } finally {
      model.dispose();
    }
  }
  return rows;
}

interface Setting {
  label: string;
  method: 'lora' | 'full';
  rank?: number;
  targets?: ('q' | 'k' | 'v' | 'o' | 'ff')[];
  learningRate?: number;
}

async function heldOutRuns(
  lib: Lib,
  ctx: SuiteContext,
  settings: Setting[],
  seeds: number[],
): Promise<Json[]> {
  const out: Json[] = [];
  let model: Model = await lib.loadTrainableT5(MODEL, { backend: 'wasm' });
  try {
    const before = {
      heldOut: await lib.greedyAccuracy(model, lib.phrasingTestSet('translate', 'held_out')),
      seen: await lib.taskAccuracies(model, 'seen'),
    };
    for (const setting of settings) {
      const runs = [];
      for (const seed of seeds) {
        const r = await lib.teachHeldOutPhrasing(model, {
          task: 'translate',
          seed,
          method: setting.method,
          rank: setting.rank,
          targets: setting.targets,
          learningRate: setting.learningRate,
          batchSize: 16,
          maxSteps: 200,
          stopAtAccuracy: 0.95, // the widget's default stop, as the claim test uses
          before,
        });
        ctx.log(
          `${setting.label} seed ${seed}: ${r.run.steps} steps, ${r.run.seconds.toFixed(2)} s, ${(r.before * 100).toFixed(0)} % -> ${(r.after * 100).toFixed(0)} %, worst drop ${(r.worstDrop * 100).toFixed(0)} points`,
        );
        runs.push(r);
        if (setting.method === 'lora') lib.removeT5Lora(model);
        else {
          model.dispose();
          model = await lib.loadTrainableT5(MODEL, { backend: 'wasm' });
        }
      }
      out.push({
        setting: setting.label,
        method: setting.method,
        rank: setting.rank ?? null,
        targets: setting.targets ?? null,
        learningRate: setting.learningRate ?? (setting.method === 'lora' ? 3e-3 : 3e-4),
        trainableParameters: runs[0]!.run.trainableParameters,
        totalParameters: runs[0]!.run.totalParameters,
        trainableShare: roundTo(runs[0]!.run.trainableParameters / runs[0]!.run.totalParameters),
        backend: runs[0]!.run.backend,
        before: roundTo(before.heldOut),
        meanAfter: roundTo(mean(runs.map((r) => r.after))),
        minAfter: roundTo(Math.min(...runs.map((r) => r.after))),
        meanSteps: roundTo(mean(runs.map((r) => r.run.steps)), 2),
        meanSeconds: roundTo(mean(runs.map((r) => r.run.seconds)), 3),
        maxSeconds: roundTo(Math.max(...runs.map((r) => r.run.seconds)), 3),
        worstDrop: roundTo(Math.max(...runs.map((r) => r.worstDrop))),
        seeds: runs.map((r) => ({
          seed: r.seed,
          steps: r.run.steps,
          stopped: r.run.stopped,
          seconds: roundTo(r.run.seconds, 3),
          after: roundTo(r.after),
          worstDrop: roundTo(r.worstDrop),
          forgetting: r.forgetting.map((f) => ({
            task: f.task,
            before: roundTo(f.before),
            after: roundTo(f.after),
          })),
        })),
      });
    }
  } finally {
    model.dispose();
  }
  return out;
}

async function newTasks(lib: Lib, ctx: SuiteContext, seeds: number[]): Promise<Json[]> {
  const out: Json[] = [];
  const model = await lib.loadTrainableT5(MODEL, { backend: 'wasm' });
  try {
    const seenBefore = await lib.taskAccuracies(model, 'seen');
    for (const task of lib.NEW_T5_TASKS) {
      const stop = lib.newT5TaskExamples(task, 50, 999);
      const test = lib.newT5TaskExamples(task, 100, 5555);
      const before = await lib.greedyAccuracy(model, stop);
      for (const seed of seeds) {
        const curve: Json[] = [];
        const run = await lib.fineTuneT5(model, lib.newT5TaskExamples(task, 1024, seed), stop, {
          method: 'lora',
          rank: 8,
          targets: ['q', 'k', 'v', 'o', 'ff'],
          learningRate: 3e-3,
          batchSize: 16,
          maxSteps: ctx.quick ? 20 : 400,
          evalEvery: 5,
          stopAtAccuracy: 0.9,
          seed,
          onStep: (s) => {
            if (s.evalAccuracy !== undefined)
              curve.push({
                step: s.step,
                seconds: roundTo(s.seconds, 2),
                loss: roundTo(s.loss),
                accuracy: roundTo(s.evalAccuracy),
              });
          },
        });
        const afterStop = await lib.greedyAccuracy(model, stop);
        const afterTest = await lib.greedyAccuracy(model, test);
        const seenAfter = await lib.taskAccuracies(model, 'seen');
        const worstDrop = Math.max(0, ...lib.MINI_T5_TASKS.map((t) => seenBefore[t] - seenAfter[t]));
        ctx.log(
          `${task} seed ${seed}: ${run.steps} steps, ${run.seconds.toFixed(1)} s, ${run.stopped}, greedy ${afterStop} on the 50, ${afterTest} on 100 others, worst drop ${worstDrop}`,
        );
        out.push({
          task,
          seed,
          example: lib.newT5TaskExamples(task, 1, 1)[0] as unknown as Json,
          before: roundTo(before),
          steps: run.steps,
          stopped: run.stopped,
          seconds: roundTo(run.seconds, 2),
          trainableShare: roundTo(run.trainableParameters / run.totalParameters),
          greedyOnStopSet: roundTo(afterStop),
          greedyOnTestSet: roundTo(afterTest),
          worstDrop: roundTo(worstDrop),
          curve,
        });
        lib.removeT5Lora(model);
      }
    }
  } finally {
    model.dispose();
  }
  return out;
}

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib } = ctx;
  const parts = (ctx.params.parts ?? 'steps,translate,ranks,new').split(',');
  const seeds = ctx.quick ? [1] : [1, 2, 3, 4, 5];
  const result: Record<string, Json> = {
    model: 'mini-t5',
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
  if (parts.includes('steps')) result.stepTimes = await stepTimes(lib, ctx);
  if (parts.includes('translate')) {
    result.translate = await heldOutRuns(
      lib,
      ctx,
      [
        { label: 'LoRA r=4 q,v', method: 'lora', rank: 4, targets: ['q', 'v'] },
        { label: 'full', method: 'full' },
      ],
      seeds,
    );
  }
  if (parts.includes('ranks')) {
    result.ranks = await heldOutRuns(
      lib,
      ctx,
      [1, 2, 4, 8].map((rank) => ({
        label: `LoRA r=${rank} q,v`,
        method: 'lora' as const,
        rank,
        targets: ['q' as const, 'v' as const],
      })),
      seeds,
    );
  }
  if (parts.includes('new')) result.newTasks = await newTasks(lib, ctx, ctx.quick ? [1] : [1, 2, 3]);
  return result;
}
