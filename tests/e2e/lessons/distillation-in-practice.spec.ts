import { test, expect } from '../support/fixtures';
import {
  exerciseIds,
  expectExerciseFailsThenPasses,
  numberIn,
  runAllCells,
  tableRows,
  valueText,
} from '../support/lesson';

const LESSON = '/lessons/distillation-in-practice/';

// By hand: the default student, a tiny CNN with 28 filters, has a 5x5 conv (25 x 28 + 28 weights)
// and a dense layer from 6 x 6 x 28 pooled values to 10 outputs; per image, 12 x 12 positions of
// 25 x 28 multiply-adds, plus 36 x 28 x 10 in the dense layer.
const STUDENT_WEIGHTS = 26 * 28 + 36 * 28 * 10 + 10;
const STUDENT_MULTIPLY_ADDS = 144 * 25 * 28 + 36 * 28 * 10;

const count = (text: string | undefined) => Number((text ?? '').replace(/,/g, ''));

test.describe('the distillation-in-practice lesson', () => {
  test('runs every cell: a hidden class found again by its bias, costs counted by hand, quantisation that breaks at 2 bits, and an exercise that fails on the starter and passes with the solution', async ({
    page,
  }) => {
    test.setTimeout(360_000);
    await page.goto(`${LESSON}?backend=wasm`);
    const seconds = await runAllCells(page, { timeout: 180_000 });
    console.log(`distillation-in-practice: Run all took ${seconds.toFixed(1)} s`);

    // Lowering the 3's bias hides most 3s; the bias chooseBias finds on the other half brings them back.
    const hidden = await tableRows(page, 'hidden-3s');
    const [teacher, lowered, repaired] = hidden.map((row) => count(row['3s right']));
    const threes = count(hidden[0]!['of 3s']);
    expect(teacher!, 'the shipped teacher knows its 3s').toBeGreaterThan(0.9 * threes);
    expect(lowered!, 'a bias lowered by 20 hides most 3s').toBeLessThan(0.5 * threes);
    expect(repaired!, 'the chosen bias recovers nearly every 3 the teacher had').toBeGreaterThan(
      0.95 * teacher!,
    );
    const bias = numberIn(await valueText(page, 'hidden-3s'), 'bias');
    expect(bias).toBeGreaterThan(0);

    const cost = Object.fromEntries((await tableRows(page, 'cost-here')).map((row) => [row.model, row]));
    expect(count(cost.student!.weights)).toBe(STUDENT_WEIGHTS);
    expect(count(cost.student!['multiply-adds'])).toBe(STUDENT_MULTIPLY_ADDS);
    expect(count(cost.teacher!.weights)).toBeGreaterThan(9 * STUDENT_WEIGHTS);

    // The predict-then-run answer: 8 and 4 bits stay within a handful of errors; 2 bits several-fold.
    const bits = Object.fromEntries((await tableRows(page, 'quantise')).map((row) => [row.bits, row]));
    const errors = (width: number) => count(bits[String(width)]!['test errors']);
    expect(Math.abs(errors(8) - errors(32))).toBeLessThanOrEqual(5);
    expect(errors(2)).toBeGreaterThan(3 * errors(32));

    const exercises = await exerciseIds(page);
    expect(exercises).toContain('exercise-ensemble');
    for (const id of exercises) await expectExerciseFailsThenPasses(page, id, { timeout: 60_000 });
  });
});
