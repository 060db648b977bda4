import { test, expect } from '../support/fixtures';
import { cellStatuses, output, runAllCells, tableRows, valueText } from '../support/lesson';
import { expectQuizMarksWrongThenRight, predictThenRun } from '../support/quiz';

// The primer run as a reader without a GPU runs it, on WebAssembly (first-steps and
// what-is-transfer-learning run theirs on WebGL): every cell ends without an error, each by-hand
// computation agrees with the library's own (a second code path), the predict-then-run exercises
// lock their cells until a guess is in, and the quiz marks wrong and right answers by a key
// written here.
const LESSON = '/lessons/primer/?backend=wasm';

const numbers = (rows: Record<string, string>[], column: string) => rows.map((row) => Number(row[column]));

test.describe('the primer', () => {
  test('comes first in the course and is linked from every lesson as a prerequisite', async ({ page }) => {
    await page.goto('/lessons/first-steps/');
    const card = page.locator('.tl-lesson-card');
    await expect(card.getByRole('link', { name: /Primer/ })).toHaveAttribute('href', '/lessons/primer/');
    await page.goto('/lessons/primer/');
    await expect(page.getByRole('heading', { level: 1, name: /Primer/ })).toBeVisible();
    await expect(page.locator('.tl-lesson-card')).toContainText('Lesson 0');
    // The sidebar's first lesson.
    const first = page.locator('nav[aria-label="Main"] a[href^="/lessons/"]').first();
    await expect(first).toHaveAttribute('href', '/lessons/primer/');
  });

  test('runs every cell, and each by-hand computation matches the library', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto(LESSON);
    const seconds = await runAllCells(page, { timeout: 240_000 });
    console.log(`primer: Run all took ${seconds.toFixed(1)} s`);
    console.log((await cellStatuses(page)).join('; '));
    await expect(page.locator('html')).toHaveAttribute('data-kernel-backend', 'wasm');

    // A neuron by hand: the ten logits equal the model's to the printed precision.
    const neuron = await tableRows(page, 'neuron');
    expect(neuron).toHaveLength(10);
    for (const row of neuron)
      expect(Math.abs(Number(row['by hand']) - Number(row['the model']))).toBeLessThan(2e-3);

    // Softmax: ours equals tf.softmax, sums to 1, and ignores a shift of every logit.
    const soft = await tableRows(page, 'softmax');
    const ours = numbers(soft, 'probability');
    expect(ours.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    expect(ours).toEqual(numbers(soft, 'tf.softmax'));
    expect(ours).toEqual(numbers(soft, 'after adding 10 to every logit'));

    // Cross-entropy by hand equals TensorFlow.js's, and the hardest images, listed hardest first, each
    // cost more than the mean.
    const ce = await output(page, 'cross-entropy').innerText();
    const [, byHand, fromTf] = /by hand (\S+) \| tf\.losses\.softmaxCrossEntropy (\S+)/.exec(ce)!;
    expect(Math.abs(Number(byHand) - Number(fromTf))).toBeLessThan(1e-3);
    expect(Number(byHand)).toBeGreaterThan(0);
    const hardest = numbers(await tableRows(page, 'cross-entropy'), 'loss');
    expect(hardest).toEqual([...hardest].sort((a, b) => b - a));
    for (const loss of hardest) expect(loss).toBeGreaterThan(Number(byHand));

    // The gradient of softmax cross-entropy is p - target, and one step against it lowers the loss.
    const grad = await tableRows(page, 'gradient');
    for (const row of grad)
      expect(Math.abs(Number(row['p - target']) - Number(row['tf.grad']))).toBeLessThan(1e-3);
    const [, before, after] = /loss before the step (\S+) \| after (\S+)/.exec(
      await output(page, 'gradient').innerText(),
    )!;
    expect(Number(after)).toBeLessThan(Number(before));

    // SGD against Adam at the same learning rate: Adam ends lower (what the exercise's answer says).
    const optimisers = await tableRows(page, 'optimisers');
    const lastLoss = (row: Record<string, string>) =>
      Number(row['training loss after each epoch']!.split(' → ').pop());
    console.log('optimisers:', JSON.stringify(optimisers));
    expect(optimisers.map((row) => row.optimizer)).toEqual(['sgd', 'adam']);
    expect(lastLoss(optimisers[1]!)).toBeLessThan(lastLoss(optimisers[0]!));

    // A convolution by hand equals conv1's output; 16 filters and 16 feature maps are drawn.
    expect(
      Number(
        /largest difference, by hand vs conv1": ([0-9.e-]+)/.exec(await valueText(page, 'convolution'))![1],
      ),
    ).toBeLessThan(1e-4);
    await expect(output(page, 'convolution').locator('canvas')).toHaveCount(32);

    // Embeddings: words of praise sit closer to each other than to words of blame, on average.
    const sims = await tableRows(page, 'embeddings');
    console.log('embeddings:', JSON.stringify(sims));
    const praise = ['good', 'great', 'lovely'];
    const blame = ['bad', 'awful', 'terrible'];
    const mean = (pairs: [string, string][]) =>
      pairs.reduce((sum, [a, b]) => sum + Number(sims.find((row) => row.word === a)![b]), 0) / pairs.length;
    const within = mean([...pairsOf(praise), ...pairsOf(blame)]);
    const across = mean(praise.flatMap((a) => blame.map((b) => [a, b] as [string, string])));
    console.log(`embeddings: mean cosine within a group ${within.toFixed(3)}, across ${across.toFixed(3)}`);
    expect(within).toBeGreaterThan(across);

    // Attention: each row sums to 1, and the two "the"s get identical rows.
    const attention = await tableRows(page, 'attention');
    for (const row of attention) {
      const sum = Object.entries(row)
        .filter(([k]) => k !== 'query')
        .reduce((s, [, v]) => s + Number(v), 0);
      expect(sum).toBeCloseTo(1, 1);
    }
    expect(attention[0]).toEqual(attention[5]);

    await expect(output(page, 'free').locator('.tl-out--value')).toHaveText('0');
  });

  test('locks each experiment until a guess is in, then compares the guess with the run', async ({
    page,
  }) => {
    test.setTimeout(420_000);
    await page.goto(LESSON);
    // The softmax cell needs the neuron cell's logits: run the cells above it first.
    await page.locator('tl-code-cell[data-cell="teacher"] button[data-action="run"]').click();
    await expect(page.locator('tl-code-cell[data-cell="teacher"]')).toHaveAttribute('data-runs', '1', {
      timeout: 120_000,
    });
    await page.locator('tl-code-cell[data-cell="neuron"] button[data-action="run"]').click();
    await expect(page.locator('tl-code-cell[data-cell="neuron"]')).toHaveAttribute('data-runs', '1', {
      timeout: 60_000,
    });
    const wrong = await predictThenRun(page, 'softmax-shift', { guess: 0, expected: 'wrong' });
    expect(wrong).toContain('expect "They stay exactly the same."');
    const right = await predictThenRun(page, 'sgd-or-adam', {
      guess: 1,
      expected: 'right',
      timeout: 240_000,
    });
    expect(right).toContain('You predicted "Adam"');
  });

  test('the quiz marks each answer wrong, then right', async ({ page }) => {
    await page.goto('/lessons/primer/');
    await expectQuizMarksWrongThenRight(page, {
      'softmax-order': [1],
      'cross-entropy-value': [0],
      'gradient-sign': [1],
      adam: [1],
      'conv-params': [0],
      'attention-positions': [1],
    });
  });
});

function pairsOf(words: string[]): [string, string][] {
  return words.flatMap((a, i) => words.slice(i + 1).map((b) => [a, b] as [string, string]));
}
