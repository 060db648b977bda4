import { test, expect } from '../support/fixtures';
import { expectQuizMarksWrongThenRight } from '../support/quiz';
import { cellTimes, tableRows } from './tables';
import { exerciseIds, expectExerciseFailsThenPasses, runAllCells } from '../support/lesson';

const LESSON = '/lessons/prompting-or-fine-tuning/?backend=webgl&textDevice=wasm';

test.describe('the prompting-or-fine-tuning lesson', () => {
  test('runs the five methods on the held-out translate phrasing, and both exercises fail then pass', async ({
    page,
  }) => {
    // Generous limits: the cells fine-tune the mini T5 twice and the rank exercise trains twice more.
    test.setTimeout(600_000);
    await page.goto(LESSON);
    const seconds = await runAllCells(page, { timeout: 420_000 });
    console.log(`prompting-or-fine-tuning: Run all took ${seconds.toFixed(1)} s`, await cellTimes(page));
    await expect(page.locator('html')).toHaveAttribute('data-kernel-backend', 'webgl');

    const prompting = await tableRows(page, 'prompting');
    const tuned = await tableRows(page, 'tune');
    console.log('prompting-or-fine-tuning:', JSON.stringify({ prompting, tuned }));

    // The mini T5 answered on tfjs's WebAssembly backend in the kernel (not WebGL or WebGPU, far slower here).
    for (const row of prompting) expect(row.backend).toBe('wasm');
    // Prompts grow with every example.
    const tokens = prompting.map((r) => Number(r['prompt tokens']));
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    expect(new Set(tokens).size).toBe(4);
    // LoRA and full fine-tuning ran on the trainable T5, on tfjs's WebAssembly backend, and LoRA
    // trained fewer weights; both beat the zero-shot prompt on the same test pairs.
    expect(tuned.map((r) => r.method)).toEqual(['lora', 'full']);
    for (const row of tuned) expect(row.backend).toBe('wasm');
    const count = (text: string | undefined) => Number((text ?? '').replaceAll(',', ''));
    const lora = tuned.find((r) => r.method === 'lora')!;
    const full = tuned.find((r) => r.method === 'full')!;
    // Rank 8 on q and v of the 6 attention blocks (2 encoder self, 2 decoder self, 2 cross), 12
    // matrices of 128 x 128: 12 x 8 x (128 + 128) weights, by hand; full trains all 828,544.
    expect(count(lora['trainable weights'])).toBe(12 * 8 * (128 + 128));
    expect(count(full['trainable weights'])).toBe(828_544);
    const zeroShot = Number(prompting.find((r) => r.k === '0')!.accuracy);
    expect(Number(lora.accuracy)).toBeGreaterThan(zeroShot);
    expect(Number(full.accuracy)).toBeGreaterThan(zeroShot);

    expect(await exerciseIds(page)).toEqual(['exercise-rank', 'exercise-choose']);
    await expectExerciseFailsThenPasses(page, 'exercise-rank');
    await expectExerciseFailsThenPasses(page, 'exercise-choose');
  });
});

// The lesson's quiz, by an answer key written here (question id -> the right choices), not read
// from the page: each question is answered wrongly, then rightly.
test.describe('prompting-or-fine-tuning: the quiz', () => {
  test('marks each answer wrong, then right', async ({ page }) => {
    await page.goto('/lessons/prompting-or-fine-tuning/');
    await expectQuizMarksWrongThenRight(page, {
      'icl-weights': [1],
      'no-labels': [0],
      'many-tasks': [1],
      order: [0],
    });
  });
});
