import { describe, expect, it } from 'vitest';
import { firstPositions } from '../../../../src/lib/text/features';
import { trainSlotHead } from '../../../../src/lib/text/slot-head';
import { seededRandom } from '../../../../src/lib/data/random';

describe('firstPositions', () => {
  it('lays the first positions side by side and leaves padding and missing positions at zero', () => {
    // Two texts, three token positions, width 2; the second text has one padded position.
    const states = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const mask = [1, 1, 1, 1, 1, 0];
    // Worked by hand: text 0 keeps (1,2)(3,4), text 1 keeps (7,8)(9,10); count 4 pads with zeros.
    expect(firstPositions(states, mask, [2, 3, 2], 2)).toEqual([
      [1, 2, 3, 4],
      [7, 8, 9, 10],
    ]);
    expect(firstPositions(states, mask, [2, 3, 2], 4)).toEqual([
      [1, 2, 3, 4, 5, 6, 0, 0],
      [7, 8, 9, 10, 0, 0, 0, 0],
    ]);
  });
});

describe('the slot head', () => {
  // A toy "translation": each input position holds one of four words, one-hot; the answer writes
  // each word's translation in order, and inputs have one to three words.
  const words = ['a', 'b', 'c', 'd'];
  const translated = ['w', 'x', 'y', 'z'];
  const make = (seed: number, count: number) => {
    const random = seededRandom(seed);
    const rows: number[][] = [];
    const answers: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const length = 1 + Math.floor(random() * 3);
      const picked = Array.from({ length }, () => Math.floor(random() * 4));
      const row = new Array<number>(4 * 5).fill(0); // 4 positions of width 5 (4 words + "nothing")
      for (let p = 0; p < 4; p += 1) row[p * 5 + (p < length ? picked[p]! : 4)] = 1;
      rows.push(row);
      answers.push(picked.map((w) => translated[w]).join(' '));
    }
    return { rows, answers, inputs: words };
  };

  it('learns to write a word per position and where the answer ends, on rows it never saw', async () => {
    const train = make(1, 80);
    const test = make(2, 40);
    const head = await trainSlotHead(train.rows, train.answers, { seed: 1, epochs: 200 });
    expect(head.slots).toBe(4); // longest answer (3 words) plus the end
    const predicted = head.predict(test.rows);
    // A slot can only write words some training answer had in that place: every test answer made of
    // such words must come out right.
    const seenAt = (slot: number) => new Set(train.answers.map((a) => a.split(' ')[slot]));
    const writable = test.answers
      .map((answer, i) => ({ answer, i }))
      .filter(({ answer }) => answer.split(' ').every((word, slot) => seenAt(slot).has(word)));
    expect(writable.length).toBeGreaterThan(30);
    const wrong = writable.filter(({ answer, i }) => predicted[i] !== answer);
    // A linear head from 80 rows is not perfect; the most common training answer alone gets under a fifth.
    expect(wrong.length / writable.length).toBeLessThan(0.1);
    const counts = new Map<string, number>();
    for (const answer of train.answers) counts.set(answer, (counts.get(answer) ?? 0) + 1);
    const common = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    expect(test.answers.filter((a) => a === common).length / test.answers.length).toBeLessThan(0.2);
    // Each slot with two or more answers is a dense layer of 20 inputs and (words + end) outputs.
    expect(head.parameters).toBeGreaterThan(0);
  });

  it('refuses an empty training set with a plain message', async () => {
    await expect(trainSlotHead([], [])).rejects.toThrow(/at least one labelled example/);
  });
});
