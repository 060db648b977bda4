import { describe, expect, it } from 'vitest';
import {
  errorData,
  errorFromData,
  explainLoadError,
  explainRunError,
  promptTooLong,
} from '../../../../src/lib/text/errors';
import { textModelEntry } from '../../../../src/lib/text/registry';

const RUNTIME_WORDS = /OrtRun|bad_alloc|ERROR_CODE|std::/;

describe('load errors', () => {
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

describe('run errors', () => {
  const context = { tokens: 1500, limit: 1024, device: 'WebAssembly (CPU)' };

  it("turns ONNX Runtime's allocation failure into the prompt's length against the limit", () => {
    const raw = new Error('failed to call OrtRun(). ERROR_CODE: 6, ERROR_MESSAGE: std::bad_alloc');
    const explained = explainRunError(raw, context);
    expect(explained.kind).toBe('out-of-memory');
    expect(explained.message).toContain(
      "This prompt is too long for the model to process in your browser's memory (1500 tokens; the limit is 1024)",
    );
    expect(explained.message).not.toMatch(RUNTIME_WORDS);
    expect(explained.detail).toContain('std::bad_alloc');
    // Within the limit, the message does not blame the prompt's length.
    const within = explainRunError(raw, { ...context, tokens: 900 });
    expect(within.message).toContain('ran out of memory');
    expect(within.message).toContain('900 tokens (the limit is 1024)');
    expect(explainRunError(new RangeError('Array buffer allocation failed'), context).kind).toBe(
      'out-of-memory',
    );
  });

  it('recognises a lost GPU device and any other runtime failure, without runtime jargon', () => {
    const lost = explainRunError(new Error('WebGPU device lost (destroyed): Device was destroyed.'), context);
    expect(lost.kind).toBe('device-lost');
    expect(lost.message).toContain('WebAssembly');
    const other = explainRunError(
      new Error('failed to call OrtRun(). ERROR_CODE: 1, ERROR_MESSAGE: Reshape'),
      context,
    );
    expect(other.kind).toBe('runtime-failed');
    expect(other.message).not.toMatch(RUNTIME_WORDS);
    expect(other.message).toContain('restarted');
  });

  it('refuses an over-long prompt with the numbers, and survives the trip across a worker', () => {
    const refused = promptTooLong(8001, 512);
    expect(refused.message).toBe(
      "This prompt is too long for the model to process in your browser's memory (8001 tokens; the limit is 512). Shorten it, or cut it to fit.",
    );
    const copy = errorFromData(structuredClone(errorData(refused)));
    expect(copy).toMatchObject({
      kind: 'too-long',
      message: refused.message,
      detail: refused.detail,
      retryable: false,
    });
    expect(copy).toBeInstanceOf(Error);
  });
});
