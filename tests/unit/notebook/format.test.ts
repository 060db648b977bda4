import { describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/tf';
import {
  describe as describeValue,
  formatNumber,
  logText,
  outputsFor,
  readTensors,
  tensorValues,
} from '../../../src/notebook/kernel/format';
import { OutputBudget } from '../../../src/notebook/budget';
import { cellStorageKey, hashCode, loadEdit, saveEdit } from '../../../src/notebook/host/storage';

describe('notebook output formatting', () => {
  it('formats numbers for people', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(0.123456789)).toBe('0.123457');
    expect(formatNumber(1e-7)).toBe('1.0000e-7');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });

  it('prints values as console.log does', () => {
    expect(logText(['loss', 0.5, [1, 2], { a: 'x' }])).toBe('loss 0.5 [1, 2] { a: "x" }');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeValue(circular)).toBe('{ self: [circular] }');
  });

  it('shows a tensor with shape, dtype and truncated values', async () => {
    const t = tf.range(0, 20).reshape([2, 10]);
    expect(tensorValues(t as never)).toMatch(/not read/);
    await readTensors([t]);
    const [output] = outputsFor(t);
    expect(output).toMatchObject({ kind: 'tensor', shape: [2, 10], dtype: 'float32', size: 20 });
    expect(tensorValues(t as never)).toBe('[[0, 1, 2, …, 8, 9],\n [10, 11, 12, …, 18, 19]]');
    t.dispose();
  });

  it('shows arrays of objects as tables', () => {
    const [output] = outputsFor([
      { epoch: 1, loss: 0.5 },
      { epoch: 2, loss: 0.25, note: 'best' },
    ]);
    expect(output).toEqual({
      kind: 'table',
      columns: ['epoch', 'loss', 'note'],
      rows: [
        [1, 0.5, null],
        [2, 0.25, 'best'],
      ],
      total: 2,
    });
  });
});

describe('output budget', () => {
  it('shows up to the cap, announces it once, then counts what it hides', () => {
    const budget = new OutputBudget(3, 1000);
    const line = { kind: 'log', level: 'log', text: 'x' } as const;
    const verdicts = Array.from({ length: 6 }, () => budget.admit(line));
    expect(verdicts).toEqual(['show', 'show', 'show', 'announce', 'drop', 'drop']);
    expect(budget.finalNote()).toMatch(/^3 more output items were not shown/);
  });
});

describe('edit storage', () => {
  it('keys edits by lesson, cell and the original code, and forgets edits equal to the original', () => {
    const map = new Map<string, string>();
    const store = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    };
    const key = cellStorageKey('/lessons/notebook/', 'first', '1 + 1');
    expect(key).toBe(`transfer-lab:cell:/lessons/notebook/:first:${hashCode('1 + 1')}`);
    expect(cellStorageKey('/lessons/notebook/', 'first', '1 + 2')).not.toBe(key);
    saveEdit(key, '2 + 2', '1 + 1', store);
    expect(loadEdit(key, store)).toBe('2 + 2');
    saveEdit(key, '1 + 1', '1 + 1', store);
    expect(loadEdit(key, store)).toBeNull();
  });
});
