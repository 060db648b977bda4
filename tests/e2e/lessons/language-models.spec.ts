import { test, expect } from '../support/fixtures';
import { expectQuizMarksWrongThenRight } from '../support/quiz';
import { cellTimes, tableRows } from './tables';
import {
  exerciseIds,
  expectExerciseFailsThenPasses,
  output,
  runAllCells,
  setCode,
  runCell,
} from '../support/lesson';

const LESSON = '/lessons/language-models/?backend=webgl&textDevice=wasm';

test.describe('the language-models lesson', () => {
  test('runs every cell with the mini T5, and the span-corruption exercise fails then passes', async ({
    page,
  }) => {
    // Generous limits: about a minute on an idle 2-core machine, several times that on a busy one.
    test.setTimeout(300_000);
    await page.goto(LESSON);
    const seconds = await runAllCells(page, { timeout: 260_000 });
    console.log(`language-models: Run all took ${seconds.toFixed(1)} s`, await cellTimes(page));
    await expect(page.locator('html')).toHaveAttribute('data-kernel-backend', 'webgl');

    // The tokeniser cell: lowercased words, punctuation as tokens, </s> at the end.
    await expect(output(page, 'tokens')).toContainText('unknown to the mini T5');
    const tokens = await tableRows(page, 'tokens');
    expect(tokens.at(-1)).toEqual({ token: '</s>', id: '1' });
    expect(tokens[0]).toMatchObject({ token: 'my' });

    await expect(output(page, 'sentences')).toContainText('Written by hand');
    await expect(output(page, 'encoder-head')).toContainText('each sentence becomes 128 numbers');

    const rows = await tableRows(page, 'baseline');
    console.log('language-models, encoder vs bag-of-words heads:', rows);
    expect(rows.map((r) => `${r.label}/${r['labelled per class']}`)).toEqual([
      'sentiment/4',
      'sentiment/16',
      'topic/4',
      'topic/16',
    ]);
    // The lesson's claim: on sentiment (a trained task) the encoder head beats a bag of words with
    // four labels per class on at least 4 of the 5 seeds.
    const sentiment4 = rows[0]!;
    expect(Number(sentiment4['encoder head'])).toBeGreaterThan(Number(sentiment4['bag-of-words head']));
    expect(Number.parseInt(sentiment4['encoder better on']!, 10)).toBeGreaterThanOrEqual(4);
    // And on topic (never trained) the bag of words overtakes it with sixteen labels per class.
    const topic16 = rows[3]!;
    expect(Number(topic16['bag-of-words head'])).toBeGreaterThan(Number(topic16['encoder head']));

    expect(await exerciseIds(page)).toEqual(['exercise-span']);
    await expectExerciseFailsThenPasses(page, 'exercise-span');
  });

  test("the tokeniser cell reads the reader's own sentence", async ({ page }) => {
    await page.goto(LESSON);
    await setCode(page, 'tokens', "(await mini.tokenize('Zebras love soup')).tokens");
    // The setup cell runs by itself before the first cell that needs it.
    expect(await runCell(page, 'tokens', { timeout: 90_000 })).toBe('done');
    await expect(output(page, 'tokens')).toContainText('<unk>');
    await expect(output(page, 'tokens')).toContainText('soup');
  });
});

// The lesson's quiz, by an answer key written here (question id -> the right choices), not read
// from the page: each question is answered wrongly, then rightly.
test.describe('language-models: the quiz', () => {
  test('marks each answer wrong, then right', async ({ page }) => {
    await page.goto('/lessons/language-models/');
    await expectQuizMarksWrongThenRight(page, {
      'shape-generate': [1],
      't5-head': [0],
      frozen: [1],
      baseline: [0],
      unk: [1],
    });
  });
});
