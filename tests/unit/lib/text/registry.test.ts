import { describe, expect, it } from 'vitest';
import { hubHostFromQuery, TEXT_MODELS, textModelEntry } from '../../../../src/lib/text/registry';

describe('model registry', () => {
  it('honours ?hub= only for loopback hosts', () => {
    expect(hubHostFromQuery('?hub=http://127.0.0.1:9999')).toBe('http://127.0.0.1:9999/');
    expect(hubHostFromQuery('?hub=http://localhost:8080/mirror/')).toBe('http://localhost:8080/mirror/');
    expect(hubHostFromQuery('?hub=https://evil.example/')).toBeNull();
    expect(hubHostFromQuery('?hub=javascript:alert(1)')).toBeNull();
    expect(() => textModelEntry('gpt-9')).toThrow('Choose one of: mini-t5, flan-t5-small');
  });

  it('gives FLAN-T5 the 512 input tokens it was trained on, and every model a limit', () => {
    expect(textModelEntry('flan-t5-small').maxInputTokens).toBe(512);
    for (const entry of TEXT_MODELS) {
      expect(entry.maxInputTokens, entry.id).toBeGreaterThanOrEqual(64);
      expect(entry.limitReason, entry.id).not.toBe('');
    }
  });
});
