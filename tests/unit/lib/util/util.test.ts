import { describe, expect, it } from 'vitest';
import { errorMessage, errorSummary } from '../../../../src/lib/util/errors';
import { isNode } from '../../../../src/lib/util/environment';

describe('error text', () => {
  it('reads the message of an Error and shows anything else as text', () => {
    expect(errorMessage(new TypeError('x is not a function'))).toBe('x is not a function');
    expect(errorMessage('plain string')).toBe('plain string');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });

  it('adds the kind of error in a summary', () => {
    expect(errorSummary(new TypeError('x is not a function'))).toBe('TypeError: x is not a function');
    expect(errorSummary('plain string')).toBe('plain string');
  });
});

describe('environment', () => {
  it('knows it runs in Node here, and not once a window exists', () => {
    expect(isNode()).toBe(true);
    const scope = globalThis as { window?: unknown };
    scope.window = {};
    try {
      expect(isNode()).toBe(false);
    } finally {
      delete scope.window;
    }
  });
});
