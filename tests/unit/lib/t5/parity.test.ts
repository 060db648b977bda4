import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { loadTrainableT5, generateWithT5, type TrainableT5 } from '../../../../src/lib/t5';
import { asT5Model } from '../../../../src/lib/t5/model';
import { padBatch, teacherForcedLogits } from '../../../../src/lib/t5/forward';
import { greedyAnswers, greedyIds } from '../../../../src/lib/t5/decode';
import { ortT5, type OrtT5 } from './ort-reference';

interface Sample {
  input: string;
  target: string;
  output: string;
}
const evaluation = JSON.parse(readFileSync('public/models/mini-t5/eval.json', 'utf8')) as {
  samples: Record<string, Record<'seen' | 'held_out', Sample[]>>;
};
const samples = Object.values(evaluation.samples).flatMap((s) => [...s.seen, ...s.held_out]);

/** Largest |tfjs - ONNX Runtime| over every logit of every prompt. */
async function largestDifference(
  model: TrainableT5,
  reference: OrtT5,
  pairs: { input: string; target: string }[],
) {
  const m = asT5Model(model);
  let worst = 0;
  let count = 0;
  for (const pair of pairs) {
    const input = m.encode(pair.input);
    const decoderIds = [m.config.decoderStartTokenId, ...m.encode(pair.target).slice(0, -1)];
    const expected = await reference.logits(input, decoderIds);
    const logits = tf.tidy(() => teacherForcedLogits(m, padBatch([input], 0), padBatch([decoderIds], 0)));
    const actual = (await logits.data()) as Float32Array;
    logits.dispose();
    expect(actual.length).toBe(expected.data.length);
    for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected.data[i]!));
    count += actual.length;
  }
  return { worst, count };
}

describe('the trainable mini T5 (tfjs) against ONNX Runtime on the same files', () => {
  let model: TrainableT5;
  let reference: OrtT5;
  beforeAll(async () => {
    model = await loadTrainableT5('public/models/mini-t5', { backend: 'wasm' });
    // The weights live on WebAssembly whatever backend was active before (an earlier test file may
    // have left tfjs on another one: the unit tests share modules within a worker).
    expect(asT5Model(model).backend).toBe('wasm');
    await tf.setBackend('wasm');
    const c = model.config;
    reference = await ortT5('public/models/mini-t5', c.numHeads, c.dKv, c.numDecoderLayers);
  });
  afterAll(async () => {
    model?.dispose();
    await reference?.release();
  });

  it('reads a v1.0 T5 with the parameter count PyTorch recorded', () => {
    expect(model.variant).toBe('v1.0');
    expect(model.parameterCount()).toBe(828544);
  });

  it('gives the same logits as ONNX Runtime within 1e-4 on every recorded sample', async () => {
    const { worst, count } = await largestDifference(model, reference, samples);
    expect(count).toBeGreaterThan(10_000);
    expect(worst).toBeLessThan(1e-4);
  });

  it("decodes greedily, with its own KV cache, exactly PyTorch's answers recorded in eval.json", async () => {
    const mismatches: string[] = [];
    for (const s of samples) {
      const text = await generateWithT5(model, s.input, { maxNewTokens: 12 });
      if (text !== s.output) mismatches.push(`"${s.input}" -> "${text}", PyTorch "${s.output}"`);
    }
    expect(mismatches).toEqual([]);
    // Batched decoding (padding, several rows at once) agrees too.
    const answers = await greedyAnswers(
      model,
      samples.map((s) => s.input),
      { maxNewTokens: 12 },
    );
    expect(answers.map((a, i) => `${samples[i]!.input} -> ${a}`)).toEqual(
      samples.map((s) => `${s.input} -> ${s.output}`),
    );
  });
});

describe('a random T5 v1.1 (gated GELU, untied head) made by scripts/t5/random_v11.py', () => {
  const folder = 'tests/fixtures/t5-v11-tiny';
  const reference = JSON.parse(readFileSync(`${folder}/reference.json`, 'utf8')) as {
    samples: { input: string; input_ids: number[]; greedy_ids: number[] }[];
  };
  let model: TrainableT5;
  let ort: OrtT5;
  beforeAll(async () => {
    model = await loadTrainableT5(folder, { backend: 'wasm' });
    const c = model.config;
    ort = await ortT5(folder, c.numHeads, c.dKv, c.numDecoderLayers);
  });
  afterAll(async () => {
    model?.dispose();
    await ort?.release();
  });

  it('reads it as v1.1 with its own head, every weight accounted for', () => {
    expect(model.variant).toBe('v1.1');
    expect(model.config.tiedHead).toBe(false);
    // PyTorch counted 213,376 parameters (the script prints it): embeddings, head and both stacks.
    expect(model.parameterCount()).toBe(213_376);
  });

  it('gives the same logits as ONNX Runtime within 1e-4', async () => {
    const pairs = reference.samples.map((s) => ({ input: s.input, target: 'drei vier fünf sechs' }));
    const { worst, count } = await largestDifference(model, ort, pairs);
    expect(count).toBeGreaterThan(3_000);
    expect(worst).toBeLessThan(1e-4);
  });

  it("decodes greedily exactly PyTorch's token ids", async () => {
    const m = asT5Model(model);
    for (const s of reference.samples) {
      expect(m.encode(s.input)).toEqual(s.input_ids);
      const ids = await greedyIds(m, [s.input], { maxNewTokens: 8 });
      const expected = s.greedy_ids.slice(0, s.greedy_ids.includes(1) ? s.greedy_ids.indexOf(1) : 8);
      expect(ids[0]).toEqual(expected);
    }
  });
});
