import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MINI_T5_TASKS,
  MINI_T5_TEMPLATES,
  NEW_T5_TASKS,
  miniT5Examples,
  newT5TaskExamples,
} from '../../../../src/lib/t5/tasks';

const evaluation = JSON.parse(readFileSync('public/models/mini-t5/eval.json', 'utf8')) as {
  templates: Record<string, { seen: string[]; held_out: string[] }>;
  samples: Record<string, Record<'seen' | 'held_out', { input: string; target: string }[]>>;
};
const vocab = new Set(
  Object.keys(
    (
      JSON.parse(readFileSync('public/models/mini-t5/tokenizer.json', 'utf8')) as {
        model: { vocab: Record<string, number> };
      }
    ).model.vocab,
  ),
);
const words = (text: string) => text.toLowerCase().match(/[^\s:?]+|[:?]/g) ?? [];

describe('the mini T5 task generator (TypeScript port)', () => {
  it("uses exactly the templates recorded in the model's eval.json", () => {
    expect(Object.keys(MINI_T5_TEMPLATES).sort()).toEqual(Object.keys(evaluation.templates).sort());
    for (const task of MINI_T5_TASKS) expect(MINI_T5_TEMPLATES[task]).toEqual(evaluation.templates[task]);
  });

  it("makes pairs of the same shapes as PyTorch's recorded samples, every word in the vocabulary", () => {
    for (const task of MINI_T5_TASKS) {
      for (const phrasing of ['seen', 'held_out'] as const) {
        const pairs = miniT5Examples(task, phrasing, 200, 3);
        expect(pairs).toHaveLength(200);
        expect(pairs).toEqual(miniT5Examples(task, phrasing, 200, 3));
        for (const p of pairs)
          for (const w of [...words(p.input), ...words(p.target)]) expect(vocab).toContain(w);
        // Each recorded target appears among fresh targets of the same task often enough to be one distribution.
        const targets = new Set(miniT5Examples(task, phrasing, 5000, 4).map((p) => p.target));
        const recorded = evaluation.samples[task]![phrasing]!.map((s) => s.target);
        if (task !== 'reverse' && task !== 'sort' && task !== 'translate')
          for (const t of recorded) expect(targets).toContain(t);
      }
    }
  });

  it('writes the two new tasks with known words only, and answers them correctly', () => {
    for (const task of NEW_T5_TASKS) {
      for (const p of newT5TaskExamples(task, 100, 1)) {
        for (const w of [...words(p.input), ...words(p.target)]) expect(vocab).toContain(w);
      }
    }
    const [last] = newT5TaskExamples('last-word', 1, 9);
    expect(last!.input.split(' ').at(-1)).toBe(last!.target);
    for (const p of newT5TaskExamples('german-to-english', 20, 2)) {
      expect(p.input.split(' : ')[1]!.split(' ')).toHaveLength(p.target.split(' ').length);
    }
  });
});
