import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFeatureHeadExperiment } from '../../../../src/lib/experiments/feature-head';
import { loadTextModel, type TextModel } from '../../../../src/lib/text/load';
import { tf } from '../../../../src/lib/tf';

describe('the feature-head experiment', () => {
  let model: TextModel;
  beforeAll(async () => {
    model = await loadTextModel({ model: 'mini-t5', dtype: 'fp32' });
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it('returns what the widget draws, consistent with itself, and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const status: string[] = [];
    const result = await runFeatureHeadExperiment(
      model,
      { label: 'sentiment', perClass: 4, epochs: 40 },
      { onStatus: (message) => status.push(message) },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.featureWidth).toBe(128);
    expect(result.trainCount).toBe(8);
    expect(result.guesses).toHaveLength(result.testCount);
    // The accuracy, recounted from the guesses it reports.
    const right = result.guesses.filter((g) => g.predicted === g.truth).length;
    expect(result.accuracy).toBeCloseTo(right / result.testCount, 10);
    const counts = result.classes.map((c) => result.guesses.filter((g) => g.truth === c).length);
    expect(result.majority).toBeCloseTo(Math.max(...counts) / result.testCount, 10);
    // Sentiment was one of the mini T5's training tasks: its features separate it well.
    expect(result.accuracy).toBeGreaterThan(result.majority);
    expect(status.some((line) => line.startsWith('Training the head'))).toBe(true);
  });
});
