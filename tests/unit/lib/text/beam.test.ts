import { Tensor } from '@huggingface/transformers';
import type { PreTrainedModel } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import {
  cachedDecoderStepper,
  searchBeams,
  type BeamRow,
  type BeamStepper,
} from '../../../../src/lib/text/beam';
import type { TransformersModule } from '../../../../src/lib/text/runtime';

// A hand-built "model" over five tokens: 0 start, 1 end, 2 A, 3 B, 4 C. Greedy takes A (0.6), after
// which the best it can do is to end (0.4): 0.6 x 0.4 = 0.24. B is less likely first (0.4) but then
// ends with 0.9: 0.4 x 0.9 = 0.36, a higher-scoring answer that only a search keeps alive.
const START = 0;
const END = 1;
const NEXT: Record<string, Record<number, number>> = {
  '0': { 2: 0.6, 3: 0.4 },
  '0,2': { [END]: 0.4, 3: 0.3, 4: 0.3 },
  '0,3': { [END]: 0.9, 4: 0.1 },
};

function handBuilt(): BeamStepper & { calls: BeamRow[][]; badParents: string[] } {
  const calls: BeamRow[][] = [];
  const badParents: string[] = [];
  return {
    calls,
    badParents,
    async step(rows) {
      const previous = calls.at(-1);
      rows.forEach((row, i) => {
        // Each row must extend the row of the previous step it names as its parent.
        const parentIds = previous ? previous[row.parent]?.ids : undefined;
        if (previous && parentIds?.join() !== row.ids.slice(0, -1).join())
          badParents.push(`step ${calls.length} row ${i}`);
      });
      calls.push(rows.map((row) => ({ ids: [...row.ids], parent: row.parent })));
      return rows.map((row) => {
        const table = NEXT[row.ids.join()] ?? { [END]: 1 };
        return Float32Array.from({ length: 5 }, (_, token) => Math.log(table[token] ?? 0));
      });
    },
    async dispose() {},
  };
}

const config = { start: START, eos: new Set([END]) };

describe('beam search', () => {
  it('finds a higher-scoring answer than greedy decoding when greedy commits too early', async () => {
    const greedy = await searchBeams(handBuilt(), config, { numBeams: 1, maxNewTokens: 5 });
    expect(greedy.tokenIds).toEqual([2, END]);
    expect(greedy.logProb).toBeCloseTo(-1.4271163556, 6); // ln 0.24, by hand
    const stepper = handBuilt();
    const beam = await searchBeams(stepper, config, { numBeams: 2, maxNewTokens: 5 });
    expect(beam.tokenIds).toEqual([3, END]);
    expect(beam.logProb).toBeCloseTo(-1.0216512475, 6); // ln 0.36, by hand
    expect(beam.score).toBeCloseTo(-1.0216512475 / 2, 6); // length penalty 1: divided by 2 tokens
    expect(stepper.badParents).toEqual([]);
    expect(stepper.calls.map((rows) => rows.length)).toEqual([1, 2]);
  });

  it('stops when asked and still frees the stepper', async () => {
    const controller = new AbortController();
    controller.abort();
    let disposed = 0;
    const result = await searchBeams(
      { step: async () => [], dispose: async () => void (disposed += 1) },
      config,
      { numBeams: 2, maxNewTokens: 5, signal: controller.signal },
    );
    expect(result).toMatchObject({ tokenIds: [], stopped: true });
    expect(disposed).toBe(1);
  });
});

describe('the cached decoder stepper', () => {
  // A fake decoder that returns its cache as GPU tensors (as ONNX Runtime does on WebGPU), with each
  // cache row filled with the number of its row, so the test can see which rows the next step gets.
  function fakeModel(vocab: number) {
    const created: { disposed: boolean }[] = [];
    const feeds: Record<string, unknown>[] = [];
    const model = {
      config: { decoder_start_token_id: START, eos_token_id: END },
      async forward(inputs: Record<string, unknown>) {
        feeds.push(inputs);
        const ids = inputs.decoder_input_ids as Tensor;
        const [rows, width] = ids.dims;
        const past = inputs.past_key_values as Record<string, Tensor> | undefined;
        const pastLength = past ? past['past_key_values.0.decoder.key'].dims[2] : 0;
        const length = pastLength + width;
        const present = (name: string) => {
          const data = new Float32Array(rows * length);
          for (let r = 0; r < rows; r += 1) data.fill(r, r * length, (r + 1) * length);
          const record = { disposed: false };
          created.push(record);
          return [
            name,
            {
              location: 'gpu-buffer',
              type: 'float32',
              dims: [rows, 1, length, 1],
              ort_tensor: { getData: async () => data },
              dispose: () => void (record.disposed = true),
            },
          ] as const;
        };
        // Token 2 first, then the end token, for every row.
        const logits = new Float32Array(rows * width * vocab).fill(-5);
        for (let r = 0; r < rows; r += 1)
          logits[(r * width + width - 1) * vocab + (pastLength === 0 ? 2 : END)] = 5;
        return {
          logits: new Tensor('float32', logits, [rows, width, vocab]),
          ...Object.fromEntries(['present.0.decoder.key', 'present.0.decoder.value'].map(present)),
        };
      },
    };
    return { model: model as unknown as PreTrainedModel, created, feeds };
  }

  it('reads only the newest token with the cache rows of each parent beam, and disposes every GPU tensor', async () => {
    const { model, created, feeds } = fakeModel(5);
    const module = { Tensor } as unknown as TransformersModule;
    const prompt = {
      input_ids: new Tensor('int64', new BigInt64Array([5n, 6n, 1n]), [1, 3]),
      attention_mask: new Tensor('int64', new BigInt64Array([1n, 1n, 1n]), [1, 3]),
    };
    const encoded = new Tensor('float32', new Float32Array(6), [1, 3, 2]);
    const stepper = cachedDecoderStepper(module, model, prompt, encoded);
    const first = await stepper.step([{ ids: [START], parent: -1 }]);
    expect(first).toHaveLength(1);
    await stepper.step([
      { ids: [START, 2], parent: 0 },
      { ids: [START, 3], parent: 0 },
    ]);
    const second = feeds[1];
    expect((second.decoder_input_ids as Tensor).dims).toEqual([2, 1]);
    expect(Array.from((second.decoder_input_ids as Tensor).data as BigInt64Array)).toEqual([2n, 3n]);
    expect((second.encoder_outputs as Tensor).dims).toEqual([2, 3, 2]);
    const past = second.past_key_values as Record<string, Tensor>;
    expect(Object.keys(past).sort()).toEqual([
      'past_key_values.0.decoder.key',
      'past_key_values.0.decoder.value',
    ]);
    // Both beams extend row 0 of the first step, so both get that row's cache.
    expect(Array.from(past['past_key_values.0.decoder.key'].data as Float32Array)).toEqual([0, 0]);
    await stepper.step([
      { ids: [START, 3, 4], parent: 1 },
      { ids: [START, 2, 4], parent: 0 },
    ]);
    const third = feeds[2].past_key_values as Record<string, Tensor>;
    // Row 0 now extends row 1 of the previous step and the other way round: the cache rows swap.
    expect(Array.from(third['past_key_values.0.decoder.key'].data as Float32Array)).toEqual([1, 1, 0, 0]);
    await stepper.dispose();
    expect(created).toHaveLength(6);
    expect(created.filter((tensor) => !tensor.disposed)).toEqual([]);
  });
});
