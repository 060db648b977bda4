import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src/lib/tf';
import {
  fineTuneT5,
  loadTrainableT5,
  loraAdapterFile,
  mergedWeightsFile,
  mergeT5Lora,
  readSafetensors,
  miniT5Examples,
  removeT5Lora,
  teacherForcedAccuracy,
  timeOneStep,
  trainableT5DownloadBytes,
  type TrainableT5,
} from '../../../../src/lib/t5';
import { asT5Model } from '../../../../src/lib/t5/model';
import { attachLora } from '../../../../src/lib/t5/lora';
import { padBatch, teacherForcedLogits } from '../../../../src/lib/t5/forward';

const PROMPTS = ['what is two five in german ?', 'reverse : red apple cat blue', 'plural of mouse'];

/** Teacher-forced logits of fixed prompts, as plain numbers. */
function logitsOf(model: TrainableT5): Float32Array {
  const m = asT5Model(model);
  const inputs = padBatch(
    PROMPTS.map((p) => m.encode(p)),
    0,
  );
  const decoder = padBatch(
    PROMPTS.map(() => [0, 5, 9]),
    0,
  );
  const logits = tf.tidy(() => teacherForcedLogits(m, inputs, decoder));
  const values = logits.dataSync() as Float32Array;
  logits.dispose();
  return values;
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('fine-tuning the mini T5 (tfjs wasm in Node)', () => {
  let model: TrainableT5;
  let base: Float32Array;
  let backendAroundLoad: string[];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = await loadTrainableT5('public/models/mini-t5', { backend: 'wasm' });
    backendAroundLoad = [model.backend, tf.getBackend()];
    base = logitsOf(model);
  });
  afterAll(() => model?.dispose());

  it('holds its weights on WebAssembly, runs there, and leaves the backend that was active before (the CNN cells after it cannot train on WebAssembly)', async () => {
    expect(backendAroundLoad).toEqual(['wasm', 'cpu']);
    await teacherForcedAccuracy(model, miniT5Examples('sort', 'seen', 4, 5));
    expect(tf.getBackend()).toBe('cpu');
    const run = await fineTuneT5(model, miniT5Examples('sort', 'seen', 16, 5), [], {
      method: 'lora',
      maxSteps: 1,
      stopAtAccuracy: 0,
    });
    removeT5Lora(model);
    expect(run.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('decodes an answer that ends at once as the empty string (the tokenizer throws on no ids)', () => {
    expect(model.decode([1])).toBe('');
    expect(model.decode([])).toBe('');
  });

  it('measures teacher-forced exact match as greedy would: full marks on its own seen phrasings', async () => {
    expect(await teacherForcedAccuracy(model, miniT5Examples('sort', 'seen', 20, 5))).toBe(1);
  });

  it('starts LoRA with B = 0, so the logits are exactly those of the model without it', () => {
    attachLora(asT5Model(model), 4, ['q', 'k', 'v', 'o', 'ff'], 3);
    expect(model.hasLora()).toBe(true);
    expect(largestDifference(logitsOf(model), base)).toBe(0);
    removeT5Lora(model);
  });

  it('trains LoRA on under 2 % of the weights, and merging gives the same logits as the unmerged adapter', async () => {
    const before = tf.memory().numTensors;
    const train = miniT5Examples('translate', 'held_out', 64, 1);
    const run = await fineTuneT5(model, train, [], {
      method: 'lora',
      rank: 4,
      targets: ['q', 'v'],
      maxSteps: 2,
      learningRate: 1e-2,
    });
    expect(run.steps).toBe(2);
    expect(run.stopped).toBe('max-steps');
    expect(run.backend).toBe('wasm');
    // rank 4 on q and v of 6 attention blocks (2 encoder self, 2 decoder self, 2 cross): 12 x 4 x (128 + 128).
    expect(run.trainableParameters).toBe(12_288);
    expect(run.trainableParameters / run.totalParameters).toBeLessThan(0.02);
    const tuned = logitsOf(model);
    expect(largestDifference(tuned, base)).toBeGreaterThan(1e-3);
    // The adapter file is a safetensors file: header length, JSON header, float data.
    const file = loraAdapterFile(model);
    const headerLength = Number(new DataView(file.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + headerLength))) as Record<
      string,
      { shape?: number[] }
    >;
    expect(header['encoder.layer.0.self.q.lora_A']?.shape).toEqual([128, 4]);
    expect(file.length).toBe(8 + headerLength + 12_288 * 4);
    // The merged-weights file, written while the adapter is still separate, read back into a
    // freshly loaded model: it answers as the tuned model did through its unmerged adapter.
    const merged = readSafetensors(mergedWeightsFile(model));
    expect(model.hasLora()).toBe(true);
    expect(merged.metadata.source).toBe('public/models/mini-t5');
    expect([...merged.tensors.keys()].sort()).toEqual([...asT5Model(model).weights.keys()].sort());
    const fresh = await loadTrainableT5('public/models/mini-t5', { backend: 'wasm' });
    for (const [name, t] of merged.tensors)
      tf.tidy(() => asT5Model(fresh).weight(name).assign(tf.tensor(t.data, t.shape)));
    expect(largestDifference(logitsOf(fresh), tuned)).toBeLessThan(1e-4);
    fresh.dispose();
    mergeT5Lora(model);
    expect(model.hasLora()).toBe(false);
    expect(largestDifference(logitsOf(model), tuned)).toBeLessThan(1e-4);
    // Only the merged weights changed: no tensor is left over from the run.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns tensors to baseline after full fine-tuning, and drops the step Stop interrupts', async () => {
    const before = tf.memory().numTensors;
    const train = miniT5Examples('plural', 'held_out', 32, 2);
    const run = await fineTuneT5(model, train, [], { method: 'full', maxSteps: 2, batchSize: 8 });
    expect(run.steps).toBe(2);
    expect(run.trainableParameters).toBe(run.totalParameters);
    expect(tf.memory().numTensors).toBe(before);
    const weightsBefore = logitsOf(model);
    const controller = new AbortController();
    // fineTuneT5 computes the first step's gradients before it first yields: Stop lands mid-step.
    const stopping = fineTuneT5(model, train, [], {
      method: 'full',
      maxSteps: 50,
      batchSize: 8,
      signal: controller.signal,
    });
    controller.abort();
    const stopped = await stopping;
    expect(stopped.stopped).toBe('aborted');
    expect(stopped.steps).toBe(0);
    expect(largestDifference(logitsOf(model), weightsBefore)).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('times one step for an estimate and leaves the weights as they were', async () => {
    const before = logitsOf(model);
    const seconds = await timeOneStep(model, miniT5Examples('sort', 'held_out', 16, 4));
    expect(seconds).toBeGreaterThan(0);
    expect(model.hasLora()).toBe(false);
    expect(largestDifference(logitsOf(model), before)).toBe(0);
    const size = await trainableT5DownloadBytes('public/models/mini-t5');
    expect(size.files.map((f) => f.bytes)).toEqual([1_506_068, 2_220_473]); // eval.json's onnx_bytes
  });

  it('says plainly when there is nothing to train on, and names unknown words', async () => {
    await expect(fineTuneT5(model, [], [], { method: 'lora' })).rejects.toThrow(/nothing to train on/);
    await expect(
      fineTuneT5(model, [{ input: 'plural of cat', target: ' ' }], [], { method: 'lora' }),
    ).rejects.toThrow(/needs an input and a target/);
    expect(model.unknownWords('give me the end of these words : apple zebra banana')).toEqual(['zebra']);
    expect(model.unknownWords('what is two in german ?')).toEqual([]);
  });
});
