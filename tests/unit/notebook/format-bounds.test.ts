/**
 * Any value a cell produces must show as a bounded preview, quickly. Time on a shared machine is
 * noisy, so each case is held to a bound on the work done instead: how many elements, entries or
 * properties the formatter touched (counted through Proxies and counting iterators), and that no
 * getter ran. Each bound is independent of the value's size, which is what keeps the preview fast.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  describe as describeValue,
  MAX_TEXT,
  outputsFor,
  PREVIEW,
} from '../../../src/notebook/kernel/format';

/** An array-like Proxy that counts every property the formatter reads or tests. */
function counted<T extends object>(target: T): { proxy: T; touched: () => number } {
  let touched = 0;
  const proxy = new Proxy(target, {
    get(object, key, receiver) {
      touched++;
      return Reflect.get(object, key, receiver);
    },
    has(object, key) {
      touched++;
      return Reflect.has(object, key);
    },
    getOwnPropertyDescriptor(object, key) {
      touched++;
      return Reflect.getOwnPropertyDescriptor(object, key);
    },
  });
  return { proxy, touched: () => touched };
}

/** A Map whose iterator counts the entries it hands out. */
class CountingMap<K, V> extends Map<K, V> {
  handedOut = 0;
  override *[Symbol.iterator](): MapIterator<[K, V]> {
    for (const entry of super[Symbol.iterator]()) {
      this.handedOut++;
      yield entry;
    }
  }
}

describe('bounded previews of any value', () => {
  it('shows new Array(5) as five empty items, and not as an empty table', () => {
    expect(describeValue(new Array(5))).toBe('[<5 empty items>]');
    expect(outputsFor(new Array(5))).toEqual([{ kind: 'value', text: '[<5 empty items>]' }]);
  });

  it('shows new Array(2 ** 31) after touching a bounded number of slots', () => {
    const { proxy, touched } = counted(new Array(2 ** 31));
    const text = describeValue(proxy);
    expect(text).toBe(`[<${PREVIEW.items} empty items>, … 2,147,483,608 more items]`);
    // length, the isArray check, and at most one `in` test per previewed slot.
    expect(touched()).toBeLessThanOrEqual(PREVIEW.items + 10);
    const output = outputsFor(proxy);
    expect(output).toEqual([{ kind: 'value', text }]);
  });

  it('shows a far-sparse array, a hole then a value, with the count of what is hidden', () => {
    const sparse: number[] = [1, 2];
    sparse[1e9] = 3;
    expect(describeValue(sparse)).toBe(
      `[1, 2, <${PREVIEW.items - 2} empty items>, … 999,999,961 more items]`,
    );
  });

  it('marks cycles instead of following them', () => {
    const loop: Record<string, unknown> = { name: 'a' };
    loop.self = loop;
    const ring: unknown[] = [1];
    ring.push(ring);
    expect(describeValue(loop)).toBe('{ name: "a", self: [circular] }');
    expect(describeValue(ring)).toBe('[1, [circular]]');
  });

  it('previews a typed array of ten million floats by its first entries', () => {
    const text = describeValue(new Float32Array(1e7).fill(0.5));
    expect(text.startsWith('Float32Array(10,000,000) [0.5, 0.5')).toBe(true);
    expect(text.endsWith('… 9,999,960 more items]')).toBe(true);
    expect(text.match(/0\.5/g)).toHaveLength(PREVIEW.items);
  });

  it('takes only the first entries of a large Map or Set', () => {
    const map = new CountingMap<number, { a: number }>();
    for (let i = 0; i < 1e5; i++) map.set(i, { a: i });
    const text = describeValue(map);
    expect(text.startsWith('Map(100,000) {0 => { a: 0 }, 1 => { a: 1 }')).toBe(true);
    expect(text.endsWith('… 99,980 more}')).toBe(true);
    expect(map.handedOut).toBeLessThanOrEqual(PREVIEW.entries + 1);
    const set = new Set(Array.from({ length: 1e5 }, (_, i) => i));
    expect(describeValue(set)).toMatch(/^Set\(100,000\) \[0, 1, 2, .*, … 99,960 more items\]$/);
  });

  it('never runs a getter, so one that throws (or has side effects) cannot break the output', () => {
    let calls = 0;
    const value = {
      plain: 1,
      get bad(): number {
        calls++;
        throw new Error('boom');
      },
    };
    expect(describeValue(value)).toBe('{ plain: 1, bad: [Getter] }');
    expect(outputsFor([value])).toEqual([
      { kind: 'table', columns: ['plain', 'bad'], rows: [[1, '[Getter]']], total: 1 },
    ]);
    expect(calls).toBe(0);
  });

  it('says why a value could not be shown when even looking at it throws (a revoked Proxy)', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(describeValue(proxy)).toMatch(/^\[could not show this value: .*revoked/);
    expect(describeValue([1, proxy, 3])).toMatch(/^\[1, \[could not show this value: .*\], 3\]$/);
  });

  it('shows an object with a million keys by its first keys: one key listing, then only those keys', () => {
    let getterCalls = 0;
    const big: Record<string, number> = {};
    Object.defineProperty(big, 'lazy', { enumerable: true, get: () => ++getterCalls });
    for (let i = 0; i < 1e6; i++) big[`k${i}`] = i;
    const keys = vi.spyOn(Object, 'keys');
    const descriptors = vi.spyOn(Object, 'getOwnPropertyDescriptor');
    try {
      const started = performance.now();
      const text = describeValue(big);
      const ms = performance.now() - started;
      expect(text).toMatch(/^\{ lazy: \[Getter\], k0: 0, .* k28: 28, … 999,971 more keys \}$/);
      expect(keys).toHaveBeenCalledTimes(1);
      expect(descriptors.mock.calls.length).toBeLessThanOrEqual(PREVIEW.keys + 5);
      expect(getterCalls).toBe(0);
      console.log(`a million-key object previewed in ${ms.toFixed(0)} ms`);
    } finally {
      keys.mockRestore();
      descriptors.mockRestore();
    }
  });

  it('stops a wide, deep value at the text budget', () => {
    // Forty of the same child at each of five levels: 100 million leaves, cheap to build.
    const level = (depth: number): unknown =>
      depth === 0 ? 'x'.repeat(50) : new Array(40).fill(level(depth - 1));
    const { proxy, touched } = counted(level(4) as object);
    const text = describeValue(proxy);
    expect(text.length).toBeLessThan(MAX_TEXT * 2);
    expect(touched()).toBeLessThan(200);
    expect(outputsFor('y'.repeat(1e7))[0]).toMatchObject({ kind: 'value' });
    expect((outputsFor('y'.repeat(1e7))[0] as { text: string }).text.length).toBeLessThan(MAX_TEXT + 100);
  });

  it('makes a table of the first rows of a million objects, and counts them all', () => {
    const rows = Array.from({ length: 1e6 }, (_, i) => ({ i }));
    const { proxy, touched } = counted(rows);
    const [table] = outputsFor(proxy);
    expect(table).toMatchObject({ kind: 'table', columns: ['i'], total: 1e6 });
    expect((table as { rows: unknown[] }).rows).toHaveLength(100);
    expect(touched()).toBeLessThan(1_000);
    // A hole among the first rows: not a table (the page would otherwise draw a broken row).
    const holey = [{ a: 1 }, , { a: 3 }];
    expect(outputsFor(holey)[0]).toMatchObject({
      kind: 'value',
      text: '[{ a: 1 }, <1 empty item>, { a: 3 }]',
    });
  });
});
