/**
 * The numbers lessons 7 and 9 quote, on the lessons' hand-written held-out sentences
 * (public/data/sentences.json) and the mini T5 (fp32, WebAssembly):
 * - heads: a one-layer head on frozen encoder features vs the same head on bag-of-words features,
 *   1, 4 and 16 labelled sentences per class, seeds 1-5, for sentiment and for topic;
 * - prompting: zero-shot and k-shot prompts (k = 0, 1, 2, 4 solved examples), seeds 1-5.
 * Lesson 9's comparison of methods (LoRA and fine-tuning included) is the text-methods suite.
 */
import type { Json, SuiteContext } from '../harness';

export const description = 'Lesson 7: encoder vs bag-of-words heads, and k-shot prompting of the mini T5';
export const backends = ['webgl'];

const LABELS = ['sentiment', 'topic'] as const;
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

  return {
    model: 'mini-t5 fp32 on WebAssembly',
    sentences: sentences.sentences.length,
    seeds,
    heads,
    prompting,
  };
}
