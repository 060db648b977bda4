import { describe, expect, it } from 'vitest';
import {
  chooseTextDevice,
  parseTextDevice,
  parseTextDtype,
  textDeviceFromQuery,
} from '../../../../src/lib/backend/text-device';
import { modelNameOf } from '../../../../src/lib/text/cache';
import { explainLoadError } from '../../../../src/lib/text/errors';
import { meanPool } from '../../../../src/lib/text/features';
import { ProgressTracker, formatBytes, type DownloadProgress } from '../../../../src/lib/text/progress';
import { hubHostFromQuery, textModelEntry } from '../../../../src/lib/text/registry';
import { splitForHead, type SentenceSet } from '../../../../src/lib/text/sentences';

describe('text device choice', () => {
  it('uses onnxruntime-node on the CPU in Node and keeps to the formats the model has', async () => {
    const choice = await chooseTextDevice({ availableDtypes: ['fp32'] });
    expect(choice).toEqual({ devices: ['cpu'], dtype: 'fp32', skipped: [] });
    const flan = await chooseTextDevice({ availableDtypes: ['fp32', 'fp16', 'q8', 'q4'] });
    expect(flan.dtype).toBe('q8');
    await expect(chooseTextDevice({ dtype: 'q4', availableDtypes: ['fp32'] })).rejects.toThrow(
      /not published in q4/,
    );
  });

  it('names the valid choices when given a bad device or format', () => {
    expect(parseTextDevice(' WebGPU ')).toBe('webgpu');
    expect(() => parseTextDevice('cuda')).toThrow('Choose one of: auto, webgpu, wasm');
    expect(parseTextDtype('Q8')).toBe('q8');
    expect(() => parseTextDtype('int3')).toThrow('Choose one of: fp32, fp16, q8, q4');
    expect(textDeviceFromQuery('?textDevice=wasm&dtype=fp16')).toEqual({
      device: 'wasm',
      dtype: 'fp16',
      warnings: [],
    });
    expect(textDeviceFromQuery('?textDevice=tpu').warnings[0]).toMatch(/Unknown device "tpu"/);
  });
});

describe('model registry', () => {
  it('honours ?hub= only for loopback hosts', () => {
    expect(hubHostFromQuery('?hub=http://127.0.0.1:9999')).toBe('http://127.0.0.1:9999/');
    expect(hubHostFromQuery('?hub=http://localhost:8080/mirror/')).toBe('http://localhost:8080/mirror/');
    expect(hubHostFromQuery('?hub=https://evil.example/')).toBeNull();
    expect(hubHostFromQuery('?hub=javascript:alert(1)')).toBeNull();
    expect(() => textModelEntry('gpt-9')).toThrow('Choose one of: mini-t5, flan-t5-small');
  });
});

describe('download progress', () => {
  it('adds files up into one figure of bytes and files', () => {
    const seen: DownloadProgress[] = [];
    const tracker = new ProgressTracker((p) => seen.push(p));
    tracker.handle({ status: 'initiate', file: 'config.json' });
    tracker.handle({ status: 'progress', file: 'config.json', loaded: 100, total: 100 });
    tracker.handle({ status: 'done', file: 'config.json' });
    tracker.handle({ status: 'initiate', file: 'onnx/encoder_model.onnx' });
    tracker.handle({ status: 'progress', file: 'onnx/encoder_model.onnx', loaded: 300, total: 900 });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ loadedBytes: 400, totalBytes: 1000, filesDone: 1, filesTotal: 2 });
    expect(last.fraction).toBeCloseTo(0.4);
    tracker.handle({ status: 'ready' });
    expect(seen.length).toBe(5);
    expect(formatBytes(3_590_000)).toBe('3.6 MB');
    expect(formatBytes(512)).toBe('512 B');
  });
});

describe('cache grouping and errors', () => {
  it('groups cached URLs by model', () => {
    expect(modelNameOf('http://127.0.0.1:4000/models/mini-t5/onnx/encoder_model.onnx').name).toBe('mini-t5');
    expect(modelNameOf('https://huggingface.co/Xenova/flan-t5-small/resolve/main/config.json').name).toBe(
      'Xenova/flan-t5-small',
    );
    expect(modelNameOf('http://127.0.0.1:4000/ort/ort-wasm-simd-threaded.asyncify.wasm').name).toBe(
      'ONNX Runtime',
    );
  });

  it('explains load failures in plain words and says Retry can help', () => {
    const hub = textModelEntry('flan-t5-small');
    const notFound = explainLoadError(
      new Error('Could not locate file: "http://127.0.0.1:1/Xenova/flan-t5-small/resolve/main/config.json".'),
      hub,
      'http://127.0.0.1:1/',
    );
    expect(notFound.kind).toBe('not-found');
    expect(notFound.message).toContain('"config.json"');
    expect(explainLoadError(new TypeError('Failed to fetch'), hub, 'h').kind).toBe('offline');
    expect(
      explainLoadError(new SyntaxError('Unexpected token \'<\', "<!doctype"... is not valid JSON'), hub, 'h')
        .kind,
    ).toBe('not-a-model');
    const corrupt = explainLoadError(
      new Error(
        "Can't create a session. ERROR_CODE: 7, ERROR_MESSAGE: Failed to load model because protobuf parsing failed.",
      ),
      hub,
      'h',
    );
    expect(corrupt.kind).toBe('corrupt');
    expect(corrupt.retryable).toBe(true);
  });
});

describe('encoder features and the sentence split', () => {
  it('mean-pools over real tokens only', () => {
    const states = new Float32Array([1, 2, 3, 4, 100, 100, 5, 6, 7, 8, 9, 10]);
    expect(meanPool(states, [1, 1, 0, 1, 1, 1], [2, 3, 2])).toEqual([
      [2, 3],
      [7, 8],
    ]);
  });

  it('takes the first N sentences of each class for training', () => {
    const set: SentenceSet = {
      description: '',
      labels: { topic: ['animals', 'food'], sentiment: ['negative', 'positive'] },
      sentences: [
        { text: 'a', topic: 'food', sentiment: 'positive' },
        { text: 'b', topic: 'animals', sentiment: 'positive' },
        { text: 'c', topic: 'food', sentiment: 'negative' },
        { text: 'd', topic: 'animals', sentiment: 'negative' },
      ],
    };
    const split = splitForHead(set, 'topic', 1);
    expect(split.train.map((s) => s.text)).toEqual(['a', 'b']);
    expect(split.test.map((s) => s.text)).toEqual(['c', 'd']);
  });
});

describe('the completeness check for downloaded model files', () => {
  it('accepts a whole ONNX file fed in chunks and rejects one cut short', async () => {
    const { readFileSync } = await import('node:fs');
    const { ProtobufCompleteness } = await import('../../../../src/lib/text/integrity');
    const bytes = new Uint8Array(readFileSync('public/models/mini-t5/onnx/decoder_model_merged.onnx'));
    const whole = new ProtobufCompleteness();
    for (let i = 0; i < bytes.length; i += 4093) whole.feed(bytes.subarray(i, i + 4093));
    expect(whole.finish()).toBeNull();
    const cut = new ProtobufCompleteness();
    cut.feed(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(cut.finish()).toMatch(/ends in the middle of a field/);
    expect(new ProtobufCompleteness().finish()).toBe('the file is empty');
  });
});
