import { describe, expect, it } from 'vitest';
import { inspectModelCache, isCached, modelNameOf, removeCachedModels } from '../../../../src/lib/text/cache';

describe('the model cache', () => {
  it('groups cached URLs by model', () => {
    expect(modelNameOf('http://127.0.0.1:4000/models/mini-t5/onnx/encoder_model.onnx').name).toBe('mini-t5');
    expect(modelNameOf('https://huggingface.co/Xenova/flan-t5-small/resolve/main/config.json').name).toBe(
      'Xenova/flan-t5-small',
    );
    expect(modelNameOf('http://127.0.0.1:4000/ort/ort-wasm-simd-threaded.asyncify.wasm').name).toBe(
      'ONNX Runtime',
    );
  });

  it('degrades to "no cache" where Cache Storage is missing or refuses to open (an opaque origin)', async () => {
    const global = globalThis as { caches?: unknown };
    const before = global.caches;
    try {
      delete global.caches;
      expect(await inspectModelCache()).toEqual({ available: false, models: [], bytes: 0 });
      global.caches = {
        open: () =>
          Promise.reject(
            new DOMException('An attempt was made to break through the security policy', 'SecurityError'),
          ),
      };
      expect((await inspectModelCache()).available).toBe(false);
      expect(await isCached('http://127.0.0.1/models/mini-t5/config.json')).toBe(false);
      expect(await removeCachedModels()).toBe(0);
    } finally {
      global.caches = before;
    }
  });
});
