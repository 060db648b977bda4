import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import { loadWasmBackend } from '../../../../src/lib/backend/wasm';
import { loadMnist, loadOptDigits, type DigitSplit } from '../../../../src/lib/data';
import { buildCnn, buildMlp, buildMultiHeadCnn, summarize } from '../../../../src/lib/models';
import { train } from '../../../../src/lib/training';
import { evaluate } from '../../../../src/lib/evaluation';
import { prepareTransfer } from '../../../../src/lib/transfer';
import {
  adaptationCurve,
  forgettingExperiment,
  loraRankSweep,
  multitaskVsSequential,
  shiftSweep,
  transferBudget,
} from '../../../../src/lib/experiments';

// The experiments behind the lessons "LoRA" and "When transfer helps, and when it fails", run on a
// tiny MLP and a handful of images on tfjs's WebAssembly backend (one core): these tests check the
// plumbing (what trains, what stays untouched, what is measured, nothing leaks); the bench and the
// lessons measure the effects at full size.
let mnist: DigitSplit;
let optical: DigitSplit;
beforeAll(async () => {
  await loadWasmBackend();
  await tf.setBackend('wasm');
  mnist = await loadMnist();
  optical = await loadOptDigits();
});

const weights = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

describe('the adaptation budget', () => {
  it('gives every run batches of 10 and at least 60 updates and 3 passes', () => {
    expect(transferBudget(10)).toEqual({ epochs: 60, batchSize: 10 }); // 1 batch a pass
    expect(transferBudget(50)).toEqual({ epochs: 12, batchSize: 10 }); // 5 batches a pass
    expect(transferBudget(100)).toEqual({ epochs: 6, batchSize: 10 });
    expect(transferBudget(896)).toEqual({ epochs: 3, batchSize: 10 }); // 90 batches: 3 passes at least
  });
});

describe('keeping the pretrained head for a new domain', () => {
  it('starts from the pretrained answers, and head-only training trains the head alone', async () => {
    const base = buildMlp({ hidden: 8, seed: 2 });
    const kept = await prepareTransfer(base, { classes: 10, head: 'keep', strategy: 'feature-extraction' });
    const xs = mnist.test.slice(0, 4).toImages();
    expect(Array.from((kept.predict(xs) as tf.Tensor).dataSync())).toEqual(
      Array.from((base.predict(xs) as tf.Tensor).dataSync()),
    );
    expect(summarize(kept).trainableParams).toBe(8 * 10 + 10);
    await expect(prepareTransfer(base, { classes: 5, head: 'keep', strategy: 'fine-tune' })).rejects.toThrow(
      /keeps its 10 outputs/,
    );
    tf.dispose(xs);
    kept.dispose();
    base.dispose();
  });
});

describe('the domain-shift experiments', () => {
  it('measure zero-shot and adapted accuracy per strategy and seed, leaving the pretrained model untouched', async () => {
    const base = buildMlp({ hidden: 8, seed: 1 });
    const before = weights(base);
    const tensors = tf.memory().numTensors;
    const test = optical.test.slice(0, 60);
    const runs: string[] = [];
    const curve = await adaptationCurve({
      pretrained: base,
      pool: optical.train,
      test,
      perClass: [1, 2],
      seeds: [1, 2],
      minUpdates: 2,
      onRun: (run) => runs.push(`${run.perClass}/${run.strategy}/${run.seed}`),
    });
    expect(runs).toHaveLength(2 * 3 * 2);
    expect(curve.points.map((p) => `${p.perClass}/${p.strategy}`)).toEqual([
      '1/scratch',
      '1/feature-extraction',
      '1/fine-tune',
      '2/scratch',
      '2/feature-extraction',
      '2/fine-tune',
    ]);
    for (const point of curve.points) {
      expect(point.seeds).toHaveLength(2);
      expect(point.accuracy.mean).toBeCloseTo((point.seeds[0]! + point.seeds[1]!) / 2, 10);
      // An accuracy on 60 digits is a whole number of sixtieths.
      for (const a of point.seeds) expect(Math.abs(a * 60 - Math.round(a * 60))).toBeLessThan(1e-9);
    }
    expect(curve.testImages).toBe(60);
    // Zero-shot accuracy, by hand: the pretrained model's top output against the labels.
    const answers = tf.tidy(() => (base.predict(test.toImages()) as tf.Tensor).argMax(-1).dataSync());
    let right = 0;
    for (let i = 0; i < test.size; i++) if (answers[i] === test.labels[i]) right++;
    expect(curve.zeroShot).toBe(right / test.size);
    expect(weights(base)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    base.dispose();
  });

  it('sweeps a shift: no shift scores what evaluate scores on the plain set', async () => {
    const base = buildMlp({ hidden: 8, seed: 1 });
    const sample = mnist.test.slice(0, 40);
    const points = await shiftSweep(base, sample, { rotate: [0, 90], invert: [1] });
    expect(points.map((p) => `${p.kind}${p.amount}`)).toEqual(['rotate0', 'rotate90', 'invert1']);
    const { evaluate } = await import('../../../../src/lib/evaluation');
    expect(points[0]!.accuracy).toBe((await evaluate(base, sample)).accuracy);
    base.dispose();
  });
});

describe('the forgetting experiment', () => {
  it('scores every method from the same start, and LoRA switched off is the untouched model', async () => {
    const base = buildMlp({ hidden: 8, seed: 1 });
    const before = weights(base);
    const tensors = tf.memory().numTensors;
    const results = await forgettingExperiment({
      pretrained: base,
      sourceTest: mnist.test.slice(0, 50),
      sourcePool: mnist.train,
      targetTrain: optical.train.take(2, 1),
      targetTest: optical.test.slice(0, 50),
      epochs: 1,
      batchSize: 10,
      rehearsalPerClass: 1,
      loraLayers: ['hidden1', 'logits'],
    });
    expect(results.map((r) => r.method)).toEqual(['before', 'fine-tune', 'freeze', 'lora', 'rehearsal']);
    const [start, , freeze, lora, rehearsal] = results;
    expect(lora!.sourceAdapterOff).toBe(start!.source);
    expect(freeze!.trainableParams).toBe(8 * 10 + 10);
    // Rank-4 adapters on hidden1 (784 -> 8) and logits (8 -> 10), worked out by hand.
    expect(lora!.trainableParams).toBe(4 * (784 + 8) + 4 * (8 + 10));
    expect(rehearsal!.trainImages).toBe(20 + 10);
    expect(start!.sourcePerDigit).toHaveLength(10);
    expect(weights(base)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    base.dispose();
  });
});

describe('multitask against sequential transfer', () => {
  it('trains one shared body with a head per domain, and scores both test sets', async () => {
    const tensors = tf.memory().numTensors;
    const result = await multitaskVsSequential({
      firstTrain: mnist.train.take(1, 1),
      firstTest: mnist.test.slice(0, 30),
      secondTrain: optical.train.take(1, 1),
      secondTest: optical.test.slice(0, 30),
      epochs: 1,
      batchSize: 10,
    });
    expect(result.trainImages).toEqual({ first: 10, second: 10 });
    // Independent of the experiment's code: the single-head CNN's weights, plus a second
    // 128 -> 10 dense head. One pooled single-head network would count 128 * 10 + 10 fewer.
    const single = buildCnn({ seed: 1 });
    expect(result.trainableParams).toBe(summarize(single).trainableParams + 128 * 10 + 10);
    single.dispose();
    expect(result.heads).toEqual(['logits_mnist', 'logits_optical']);
    // Accuracies on 30 digits are whole numbers of thirtieths.
    for (const scores of [result.multitask, result.firstOnly, result.sequential]) {
      for (const a of [scores.source, scores.target])
        expect(Math.abs(a * 30 - Math.round(a * 30))).toBeLessThan(1e-9);
    }
    // The middle of the sequential run, again by hand: the same seeded CNN trained on the first
    // domain alone, scored on both test sets. Seeded training on the CPU repeats exactly.
    const again = buildCnn({ seed: 1 });
    await train(again, mnist.train.take(1, 1), { epochs: 1, batchSize: 10, learningRate: 1e-3, seed: 1 });
    const byHand = {
      source: (await evaluate(again, mnist.test.slice(0, 30))).accuracy,
      target: (await evaluate(again, optical.test.slice(0, 30))).accuracy,
    };
    again.dispose();
    expect(result.firstOnly).toMatchObject(byHand);
    expect(tf.memory().numTensors).toBe(tensors);
  }, 600_000);
});

describe('the multi-head CNN', () => {
  it('shares the body, starts where buildCnn starts, and training one head leaves the other untouched', async () => {
    const tensors = tf.memory().numTensors;
    const net = buildMultiHeadCnn({ heads: ['a', 'b'], seed: 3 });
    const single = buildCnn({ seed: 3 });
    const named = (model: tf.LayersModel, name: string) =>
      Array.from(model.getLayer(name).getWeights()[0]!.dataSync());
    for (const layer of ['conv1', 'conv2', 'features'])
      expect(named(net.joint, layer)).toEqual(named(single, layer));
    expect(named(net.joint, 'logits_a')).toEqual(named(single, 'logits'));
    single.dispose();
    expect(net.joint.outputs).toHaveLength(2);
    const before = {
      body: named(net.joint, 'features'),
      a: named(net.joint, 'logits_a'),
      b: named(net.joint, 'logits_b'),
    };
    await train(net.heads.a!, mnist.train.take(1, 1), { epochs: 1, batchSize: 10 });
    expect(named(net.joint, 'features')).not.toEqual(before.body); // the shared body learned
    expect(named(net.heads.b!, 'features')).toEqual(named(net.joint, 'features')); // and is the same body in b
    expect(named(net.joint, 'logits_a')).not.toEqual(before.a);
    expect(named(net.joint, 'logits_b')).toEqual(before.b);
    net.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);
});

describe('the LoRA rank sweep', () => {
  it('counts what each point trains: head alone, head plus rank-r adapter, everything', async () => {
    const base = buildMlp({ hidden: 8, seed: 1 });
    const target = [5, 6, 7, 8, 9];
    const points = await loraRankSweep({
      pretrained: base,
      labelled: mnist.train.select(target).take(1, 1),
      test: mnist.test.select(target).slice(0, 30),
      classes: target,
      ranks: [1, 2],
      layers: ['hidden1'],
      minUpdates: 1,
    });
    const head = 8 * 5 + 5;
    expect(points.map((p) => [p.label, p.trainableParams])).toEqual([
      ['head only', head],
      ['LoRA r=1', 1 * (784 + 8) + head],
      ['LoRA r=2', 2 * (784 + 8) + head],
      ['fine-tune all', 784 * 8 + 8 + head],
    ]);
    base.dispose();
  });
});
