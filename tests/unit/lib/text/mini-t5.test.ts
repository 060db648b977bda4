import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTextModel, type TextModel } from '../../../../src/lib/text/load';
import { PROMPT_PRESETS } from '../../../../src/lib/text/presets';
import { loadSentences, splitForHead } from '../../../../src/lib/text/sentences';
import { trainFeatureHead } from '../../../../src/lib/text/head';
import { tf } from '../../../../src/lib/tf';

interface Sample {
  input: string;
  target: string;
  output: string;
}
const evaluation = JSON.parse(readFileSync('public/models/mini-t5/eval.json', 'utf8')) as {
  samples: Record<string, Record<'seen' | 'held_out', Sample[]>>;
  onnx_bytes: Record<string, number>;
};

const LOAD_BUDGET_MS = 15_000;

describe('the mini T5 through transformers.js in Node', () => {
  let model: TextModel;
  const progress: number[] = [];

  beforeAll(async () => {
    const started = performance.now();
    model = await loadTextModel({ model: 'mini-t5', onProgress: (p) => progress.push(p.fraction) });
    expect(performance.now() - started).toBeLessThan(LOAD_BUDGET_MS);
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it('loads on the CPU in fp32 and reports its load time', () => {
    expect(model.device).toBe('cpu');
    expect(model.dtype).toBe('fp32');
    expect(model.loadSeconds).toBeGreaterThan(0);
    const total = Object.values(evaluation.onnx_bytes).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(10_000_000);
  });

  it('gives exactly the answers PyTorch gave before export, on seen and held-out phrasings', async () => {
    const mismatches: string[] = [];
    for (const [task, splits] of Object.entries(evaluation.samples)) {
      for (const [split, samples] of Object.entries(splits)) {
        for (const sample of samples) {
          const { text } = await model.generate(sample.input, { maxNewTokens: 12 });
          if (text !== sample.output) mismatches.push(`${task}/${split}: "${sample.input}" -> "${text}", PyTorch "${sample.output}"`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('answers the playground presets for its tasks', async () => {
    const presets = PROMPT_PRESETS.filter((p) => p.group === 'mini' && p.expected);
    const answers = await Promise.all(presets.map(async (p) => [p.id, (await model.generate(p.prompt)).text]));
    expect(Object.fromEntries(answers)).toEqual(Object.fromEntries(presets.map((p) => [p.id, p.expected])));
  });

  it('streams token by token, reports timings, and stops when asked', async () => {
    const pieces: string[] = [];
    const result = await model.generate('reverse : red apple cat blue', { onText: (piece) => pieces.push(piece) });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('').trim()).toBe(result.text);
    expect(result.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(result.tokensPerSecond).toBeGreaterThan(0);

    const controller = new AbortController();
    const stopped = await model.generate('reverse : red apple cat blue', {
      signal: controller.signal,
      onToken: () => controller.abort(),
    });
    expect(stopped.stopped).toBe(true);
    expect(stopped.tokenIds.length).toBeLessThan(result.tokenIds.length);
  });

  it('decodes with beam search and with seeded sampling', async () => {
    const beam = await model.generate('translate english to german : two five one', { strategy: 'beam', numBeams: 3 });
    expect(beam.text).toBe('zwei fünf eins');
    const a = await model.generate('sentiment : the soup was delicious', { strategy: 'sample', temperature: 0.7, topK: 5, seed: 3 });
    const b = await model.generate('sentiment : the soup was delicious', { strategy: 'sample', temperature: 0.7, topK: 5, seed: 3 });
    expect(a.text).toBe(b.text);
  });

  it('shows the tokens and ids the model sees', () => {
    const view = model.tokenize('Translate English to German: fünf');
    expect(view.tokens).toEqual(['translate', 'english', 'to', 'german', ':', 'fünf', '</s>']);
    expect(view.ids.at(-1)).toBe(1);
    expect(model.tokenize('zebra').tokens).toEqual(['<unk>', '</s>']);
  });

  it('turns sentences into encoder features a small head can learn a new label from', async () => {
    const set = await loadSentences();
    const { train, test, classes } = splitForHead(set, 'topic', 4);
    const [trainFeatures, testFeatures] = await Promise.all([
      model.encoderFeatures(train.map((s) => s.text)),
      model.encoderFeatures(test.map((s) => s.text)),
    ]);
    expect(trainFeatures[0]).toHaveLength(128);
    const before = tf.memory().numTensors;
    const head = await trainFeatureHead(
      trainFeatures,
      train.map((s) => classes.indexOf(s.topic)),
      classes.length,
      { epochs: 40, seed: 1 },
    );
    const accuracy = head.accuracy(testFeatures, test.map((s) => classes.indexOf(s.topic)));
    head.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(accuracy).toBeGreaterThan(0.8);
  });
});
