import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { chooseBias, withRaisedBias } from '../../../../src/lib/distill';
import { buildMlp } from '../../../../src/lib/models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('chooseBias', () => {
  it('finds the bias worked out by hand', () => {
    // Output 2 stands for the digit never seen. For each image, d = best other logit - logit 2:
    //   [2, 0, 1]   label 2: d = 1,   right when b > 1
    //   [0, 3, 0.5] label 2: d = 2.5, right when b > 2.5
    //   [4, 0, 0]   label 0: d = 4,   right when b < 4 (output 0 wins otherwise)
    //   [0, 2, 1.5] label 1: d = 0.5, right when b < 0.5
    //   [1, 0, 0]   label 1: never right (output 0 beats the label)
    // Right answers: 2 for b < 0.5, 1 on (0.5, 1), 2 on (1, 2.5), 3 on (2.5, 4), 2 above 4.
    // The best interval is (2.5, 4); its midpoint is 3.25. Before (b = 0): 2 of 5.
    const logits = {
      values: Float32Array.from([2, 0, 1, 0, 3, 0.5, 4, 0, 0, 0, 2, 1.5, 1, 0, 0]),
      columns: 3,
    };
    const choice = chooseBias(logits, [2, 2, 0, 1, 1], 2);
    expect(choice.bias).toBeCloseTo(3.25, 10);
    expect(choice.accuracyBefore).toBeCloseTo(0.4, 10);
    expect(choice.accuracyAfter).toBeCloseTo(0.6, 10);
  });

  it('leaves the bias alone when no change helps, and explains bad input', () => {
    const logits = { values: Float32Array.from([3, 0, 0, 0, 3, 0]), columns: 3 };
    expect(chooseBias(logits, [0, 1], 2)).toEqual({ bias: 0, accuracyBefore: 1, accuracyAfter: 1 });
    expect(() => chooseBias(logits, [0], 2)).toThrow(/one label per row/);
    expect(() => chooseBias(logits, [0, 1], 3)).toThrow(/no output 3/);
  });
});

describe('withRaisedBias', () => {
  it('raises one output by exactly the amount and leaves the original and the other outputs alone', async () => {
    const model = buildMlp({ hidden: 4, seed: 3 });
    const raised = await withRaisedBias(model, 3, 2.5);
    const input = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 7);
    const before = (model.predict(input) as tf.Tensor).arraySync() as number[][];
    const after = (raised.predict(input) as tf.Tensor).arraySync() as number[][];
    before.forEach((row, i) =>
      row.forEach((value, c) => expect(after[i]![c]).toBeCloseTo(c === 3 ? value + 2.5 : value, 5)),
    );
    input.dispose();
    raised.dispose();
    model.dispose();
  });
});
