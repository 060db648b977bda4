/**
 * What caching the teacher's logits saves (issue 11): the old default distillation run (MLP-12
 * student, 50 images per digit, 20 epochs, T = 4, alpha = 0.9, seed 1, validated on the 2,000 test
 * digits every epoch), timed as it is written against whichever library the site was built with.
 * Run it on the code before the change and after: the final errors must be identical, only the
 * time may differ. On the new code it also times the same run with logits passed in and validation
 * every 5 epochs (which cannot change the weights: validation does not steer training here).
 */
import type { Json, SuiteContext } from '../harness';

export const description = 'Distillation training time with the teacher per batch vs cached logits';
export const backends = ['webgl'];

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib, log } = ctx;
  const { train: trainSet, test } = await lib.loadMnist();
  const { model: teacher } = await lib.loadPretrained('teacher-cnn');
  const data = trainSet.take(ctx.quick ? 5 : 50, 1);
  const settings = { temperature: 4, alpha: 0.9 };
  const budget = { epochs: ctx.quick ? 2 : 20, batchSize: 32, learningRate: 0.003, seed: 1 };
  const runs: Record<string, Json> = {};
  const once = async (name: string, options: Record<string, unknown>) => {
    const student = lib.buildMlp({ hidden: 12, seed: 1 });
    const started = performance.now();
    await lib.train(student, data, { ...budget, validation: test, ...options });
    const seconds = (performance.now() - started) / 1000;
    const { errors } = await lib.evaluate(student, test);
    student.dispose();
    log(`${name}: ${seconds.toFixed(1)} s, ${errors} test errors`);
    runs[name] = { seconds: Number(seconds.toFixed(2)), errors };
  };
  // Warm-up: compiles the shaders, so neither timed run pays for it.
  const warm = lib.buildMlp({ hidden: 12, seed: 1 });
  await lib.train(warm, data.slice(0, 64), { epochs: 1, distillFrom: { teacher, ...settings } });
  warm.dispose();
  await once('teacher', { distillFrom: { teacher, ...settings } });
  if ('logitsOf' in lib) {
    const logits = await lib.logitsOf(teacher, data);
    await once('logits', { distillFrom: { logits, ...settings }, validateEvery: 5 });
  }
  teacher.dispose();
  return { images: data.size, epochs: budget.epochs, testImages: test.size, runs };
}
