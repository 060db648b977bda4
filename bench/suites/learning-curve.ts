/**
 * The learning-curve table of the transfer-learning lesson: test accuracy on digits 5-9 for a
 * model trained from scratch, by feature extraction and by fine-tuning from the source CNN
 * (digits 0-4), with 1, 5, 10, 50 and 200 labelled examples per class, averaged over 3 seeds.
 * Feature extraction trains only the new head; fine-tuning trains `features` and the head (the
 * convolutional layers stay frozen); scratch trains everything from fresh random weights.
 */
import type { Json, SuiteContext } from '../harness';

export const description =
  'Accuracy on 5-9: scratch vs feature extraction vs fine-tuning, 1..200 labels per class';
export const backends = ['webgl'];

const TARGET = [5, 6, 7, 8, 9];
type Strategy = 'scratch' | 'feature-extraction' | 'fine-tune';
const STRATEGIES: Strategy[] = ['scratch', 'feature-extraction', 'fine-tune'];

export async function suite(ctx: SuiteContext): Promise<Json> {
  const { lib, log } = ctx;
  const { train: trainSet, test } = await lib.loadMnist();
  const testSet = test.select(TARGET);
  const { model: source } = await lib.loadPretrained('source-cnn');
  const sizes = ctx.quick ? [1, 10] : [1, 5, 10, 50, 200];
  const seeds = ctx.quick ? [1] : [1, 2, 3];
  const rows: { [key: string]: Json }[] = [];
  for (const perClass of sizes) {
    const row: { [key: string]: Json } = { perClass };
    for (const strategy of STRATEGIES) {
      const accuracies: number[] = [];
      for (const seed of seeds) {
        const data = trainSet.select(TARGET).take(perClass, seed);
        const model = await lib.prepareTransfer(source, {
          classes: 5,
          strategy,
          fromLayer: 'features',
          seed,
        });
        // Batches of 10 and at least 60 weight updates at every size (and at least 3 passes):
        // with fewer updates a new head on pretrained features has not learned yet.
        const batchSize = 10;
        const epochs = Math.max(3, Math.ceil(60 / Math.ceil(data.size / batchSize)));
        await lib.train(model, data, {
          epochs,
          batchSize,
          seed,
          classes: TARGET,
          // A lone linear head needs a larger step to learn in so few updates.
          learningRate: strategy === 'feature-extraction' ? 1e-2 : 1e-3,
        });
        const { accuracy } = await lib.evaluate(model, testSet, { classes: TARGET });
        accuracies.push(accuracy);
        model.dispose();
        log(`${perClass}/class ${strategy} seed ${seed}: ${(accuracy * 100).toFixed(1)}%`);
      }
      row[strategy] = Number((accuracies.reduce((a, b) => a + b, 0) / accuracies.length).toFixed(4));
      row[`${strategy}Seeds`] = accuracies.map((a) => Number(a.toFixed(4)));
    }
    rows.push(row);
  }
  source.dispose();
  return { target: TARGET, testImages: testSet.size, seeds, rows };
}
