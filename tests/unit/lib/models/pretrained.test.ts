import { statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { loadMnist } from '../../../../src/lib/data';
import { loadPretrained, summarize } from '../../../../src/lib/models';
import { evaluate } from '../../../../src/lib/evaluation';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the shipped pretrained models', () => {
  // The targets the shipped models must meet: 98.5 % (source, digits 0-4) and 98 % (teacher, 0-9).
  // `npm run models` (10 and 12 epochs on WebGL) reached 98.83 % and 98.60 %.
  for (const [name, classes, target] of [
    ['source-cnn', [0, 1, 2, 3, 4], 0.985],
    ['teacher-cnn', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 0.98],
  ] as const) {
    it(`${name}: loads, matches its card, stays small and classifies real test digits`, async () => {
      const { model, card } = await loadPretrained(name);
      expect(card.name).toBe(name);
      expect(card.classes).toEqual(classes);
      expect(card.testAccuracy).toBeGreaterThanOrEqual(target);
      expect(summarize(model).params).toBe(card.parameters);
      const bytes =
        statSync(`public/models/${name}/weights.bin`).size +
        statSync(`public/models/${name}/model.json`).size;
      expect(bytes).toBe(card.sizeBytes);
      expect(bytes).toBeLessThan(2 * 1024 * 1024);
      // The card's test set is every test digit of its classes (counted here from the data, not read
      // from the card), and the model scores near the card's accuracy on a slice of it (300 digits
      // keep this quick on the CPU; scoring all of them took over 4 minutes on a busy machine).
      const { test } = await loadMnist();
      const own = test.select([...classes]);
      expect(own.size).toBe(card.testImages);
      const { accuracy } = await evaluate(model, own.slice(0, 300), { classes });
      expect(accuracy).toBeGreaterThan(target - 0.03);
      expect(Math.abs(accuracy - card.testAccuracy)).toBeLessThan(0.03);
      model.dispose();
    });
  }

  it('explains an unknown model name', async () => {
    // @ts-expect-error: a typo a reader might make
    await expect(loadPretrained('resnet')).rejects.toThrow(/Choose one of: source-cnn, teacher-cnn/);
  });
});
