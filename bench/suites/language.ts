/**
 * The numbers lessons 7 and 9 quote, on the lessons' hand-written held-out sentences
 * (public/data/sentences.json) and the mini T5 (fp32, WebAssembly):
 * - heads: a one-layer head on frozen encoder features vs the same head on bag-of-words features,
 *   1, 4 and 16 labelled sentences per class, seeds 1-5, for sentiment and for topic;
 * - prompting: zero-shot and k-shot prompts (k = 0, 1, 2, 4 solved examples), seeds 1-5;
 * - adaptation: feature extraction, fine-tuning and LoRA of the source CNN on digits 5-9 with ten
 *   labels per class (the image lessons' setting), seeds 1-5: accuracy, trainable weights, seconds.
 */
import type { Json, SuiteContext } from '../harness';

export const description =
  'Lessons 7 and 9: encoder vs bag-of-words heads, k-shot prompting, fine-tune vs LoRA';
export const backends = ['webgl'];

const LABELS = ['sentiment', 'topic'] as const;
const TARGET = [5, 6, 7, 8, 9];
const round = (value: number) => Number(value.toFixed(4));

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib, log } = ctx;
  const seeds = ctx.seeds([1, 2, 3, 4, 5]);
  const model = await lib.loadTextModel({ model: 'mini-t5', device: 'wasm', dtype: 'fp32' });
  const sentences = await lib.loadSentences();
  const heads: Json[] = [];
  const prompting: Json[] = [];
  try {
    for (const label of LABELS) {
      for (const perClass of ctx.sizes([1, 4, 16])) {
        const result = await lib.compareFeatureHeads(model, sentences, { label, perClass, seeds });
        log(
          `${label} ${perClass}/class: encoder ${result.encoder.mean.toFixed(3)}, bag of words ${result.bagOfWords.mean.toFixed(3)}`,
        );
        heads.push({
          label,
          perClass,
          trainCount: result.trainCount,
          testCount: result.testCount,
          encoderWidth: result.encoderWidth,
          headParameters: result.headParameters,
          encoder: result.encoder.mean,
          encoderMin: result.encoder.min,
          encoderMax: result.encoder.max,
          bagOfWords: result.bagOfWords.mean,
          bagOfWordsMin: result.bagOfWords.min,
          bagOfWordsMax: result.bagOfWords.max,
          encoderWins: result.encoderWins,
          meanGain: round(result.meanGain),
          seeds: result.seeds.map((row) => ({
            seed: row.seed,
            encoder: round(row.encoder),
            bagOfWords: round(row.bagOfWords),
            majority: round(row.majority),
          })),
        });
      }
      for (const shots of ctx.sizes([0, 1, 2, 4])) {
        const runs = [];
        for (const seed of seeds)
          runs.push(await lib.scorePrompting(model, sentences, { label, shots, seed }));
        const accuracies = runs.map((r) => r.accuracy);
        const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
        log(`${label} ${shots}-shot: ${mean.toFixed(3)}`);
        prompting.push({
          label,
          shots,
          accuracy: round(mean),
          min: round(Math.min(...accuracies)),
          max: round(Math.max(...accuracies)),
          invalid: round(runs.reduce((sum, r) => sum + r.invalid / r.total, 0) / runs.length),
          total: runs[0]!.total,
          promptTokens: runs[0]!.exampleTokens,
          examplePrompt: runs[0]!.examplePrompt,
          answers: [...new Set(runs.flatMap((r) => r.answers.map((a) => a.answer)))].slice(0, 12),
        });
      }
    }
  } finally {
    await model.dispose();
  }

  const { train: trainSet, test } = await lib.loadMnist();
  const testSet = test.select(TARGET);
  const { model: source } = await lib.loadPretrained('source-cnn');
  const adaptation: Json[] = [];
  for (const method of ['feature-extraction', 'fine-tune', 'lora', 'scratch'] as const) {
    const accuracies: number[] = [];
    const seconds: number[] = [];
    let trainable = 0;
    let total = 0;
    for (const seed of seeds) {
      const data = trainSet.select(TARGET).take(10, seed);
      const strategy = method === 'lora' ? 'fine-tune' : method;
      const prepared = await lib.prepareTransfer(source, {
        classes: 5,
        strategy,
        fromLayer: 'features',
        seed,
      });
      const model =
        method === 'lora'
          ? await lib.addLora(prepared, { layers: ['features', 'logits'], rank: 4, alpha: 8, seed })
          : prepared;
      if (model !== prepared) prepared.dispose();
      const sizes = lib.summarize(model);
      trainable = sizes.trainableParams;
      total = sizes.params;
      const history = await lib.train(model, data, {
        epochs: 20,
        batchSize: 10,
        seed,
        classes: TARGET,
        learningRate: { 'feature-extraction': 1e-2, 'fine-tune': 1e-3, lora: 5e-3, scratch: 1e-3 }[method],
      });
      const { accuracy } = await lib.evaluate(model, testSet, { classes: TARGET });
      model.dispose();
      accuracies.push(accuracy);
      seconds.push(history.seconds);
      log(`${method} seed ${seed}: ${(accuracy * 100).toFixed(1)}% in ${history.seconds.toFixed(1)} s`);
    }
    adaptation.push({
      method,
      trainable,
      total,
      accuracy: round(accuracies.reduce((a, b) => a + b, 0) / accuracies.length),
      min: round(Math.min(...accuracies)),
      max: round(Math.max(...accuracies)),
      seconds: round(seconds.reduce((a, b) => a + b, 0) / seconds.length),
    });
  }
  source.dispose();
  return {
    model: 'mini-t5 fp32 on WebAssembly',
    sentences: sentences.sentences.length,
    seeds,
    heads,
    prompting,
    adaptation: { target: TARGET, perClass: 10, epochs: 20, testImages: testSet.size, rows: adaptation },
  };
}
