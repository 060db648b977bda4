/**
 * The page's checks of kernel messages (host/validate.ts, host/chart-safety.ts). Reader code can
 * post any object as if it were the kernel, so these are written as an attacker would try them.
 */
import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../../src/notebook/host/validate';
import { readableUrl } from '../../../src/notebook/host/bridge';
import type { ChartSpec } from '../../../src/notebook/protocol';

const PAGE = 'https://site.test/lessons/notebook/';

function chart(spec: unknown) {
  return checkMessage(
    { type: 'output', run: 1, token: 't', cell: 'c', output: { kind: 'chart', chart: 'chart-1', spec } },
    PAGE,
  );
}

function specOf(result: ReturnType<typeof chart>): ChartSpec {
  if (!result.ok || result.message.type !== 'output' || result.message.output.kind !== 'chart')
    throw new Error(`not a chart: ${JSON.stringify(result)}`);
  return result.message.output.spec;
}

describe('kernel message schemas', () => {
  it('accepts the messages the kernel sends', () => {
    for (const message of [
      {
        type: 'output',
        run: 3,
        token: 't',
        cell: 'first',
        output: { kind: 'log', level: 'warn', text: 'hi' },
      },
      { type: 'done', run: 3, token: 't', cell: 'first', seconds: 0.2, error: null },
      {
        type: 'done',
        run: 3,
        token: 't',
        cell: 'first',
        seconds: 0.2,
        error: { name: 'TypeError', message: 'x', line: 2, beforeRunning: false },
      },
      {
        type: 'ready',
        backend: { name: 'webgpu', label: 'WebGPU - x', adapter: 'x', preference: 'auto', skipped: [] },
      },
      { type: 'fetch', id: 1, url: '/models/mini-t5/config.json' },
      { type: 'device-lost', message: 'The GPU device was lost (destroyed)' },
    ])
      expect(checkMessage(message, PAGE)).toMatchObject({ ok: true, message });
  });

  it('refuses unknown types, extra fields, wrong types and oversized text', () => {
    const refused = (message: unknown) => {
      const result = checkMessage(message, PAGE);
      return result.ok ? 'accepted' : result.reason;
    };
    expect(refused({ type: 'eval', code: 'alert(1)' })).toMatch(/not a kernel message/);
    expect(refused({ type: 'output', run: 1, cell: 'c', output: { kind: 'value', text: 'x' } })).toMatch(
      /run token is not text/,
    );
    expect(refused(null)).toMatch(/not an object/);
    expect(
      refused({
        type: 'output',
        run: 1,
        token: 't',
        cell: 'c',
        output: { kind: 'html', html: '<img onerror>' },
      }),
    ).toMatch(/"html" is not a kind of output/);
    expect(
      refused({
        type: 'output',
        run: 1,
        token: 't',
        cell: 'c',
        output: { kind: 'value', text: 'x', html: '<b>' },
      }),
    ).toMatch(/unexpected field "html"/);
    expect(
      refused({ type: 'output', run: 1.5, token: 't', cell: 'c', output: { kind: 'value', text: 'x' } }),
    ).toMatch(/run number/);
    expect(
      refused({ type: 'output', run: 1, token: 't', cell: '<script>', output: { kind: 'value', text: 'x' } }),
    ).toMatch(/cell id is malformed/);
    expect(
      refused({
        type: 'output',
        run: 1,
        token: 't',
        cell: 'c',
        output: { kind: 'value', text: 'x'.repeat(10_001) },
      }),
    ).toMatch(/longer than 10,000/);
    expect(
      refused({
        type: 'ready',
        backend: { name: 'quantum', label: 'x', adapter: 'x', preference: 'auto', skipped: [] },
      }),
    ).toMatch(/backend name/);
  });

  it('bounds images and pads short table rows', () => {
    const image = (width: number, height: number, length = width * height * 4) => ({
      type: 'output',
      run: 1,
      token: 't',
      cell: 'c',
      output: { kind: 'images', images: [{ width, height, data: new Uint8ClampedArray(length) }], scale: 2 },
    });
    expect(checkMessage(image(28, 28), PAGE).ok).toBe(true);
    expect(checkMessage(image(5_000, 5_000, 4), PAGE)).toMatchObject({ ok: false, reason: /image width/ });
    expect(checkMessage(image(28, 28, 10), PAGE)).toMatchObject({ ok: false, reason: /wrong size/ });
    const table = checkMessage(
      {
        type: 'output',
        run: 1,
        token: 't',
        cell: 'c',
        output: { kind: 'table', columns: ['a', 'b'], rows: [[1]], total: 1 },
      },
      PAGE,
    );
    expect(table).toMatchObject({ ok: true, message: { output: { rows: [[1, null]] } } });
  });
});

describe('chart safety', () => {
  it('drops javascript: links, whether a field of the data or a constant, and says so', () => {
    const result = chart({
      marks: [
        {
          mark: 'dot',
          data: [
            { x: 1, u: 'javascript:alert(1)' },
            { x: 2, u: '/lessons/notebook/' },
            { x: 3, u: 'https://example.org/' },
            { x: 4, u: 'http://example.org/' },
          ],
          options: { x: 'x', href: 'u' },
        },
        { mark: 'text', data: [{ x: 1 }], options: { x: 'x', href: ['javascript:alert(2)'] } },
      ],
      options: {},
    });
    const spec = specOf(result);
    expect((spec.marks[0]!.data as { u: unknown }[]).map((row) => row.u)).toEqual([
      null,
      'https://site.test/lessons/notebook/',
      'https://example.org/',
      null,
    ]);
    expect(spec.marks[1]!.options.href).toEqual([null]);
    expect(result.ok && result.notes.join(' ')).toMatch(/link or image address was dropped/);
  });

  it("keeps an image's src only on this site or https", () => {
    const src = (value: string) =>
      specOf(
        chart({ marks: [{ mark: 'image', data: [{ x: 1 }], options: { x: 'x', src: value } }], options: {} }),
      ).marks[0]!.options.src;
    expect(src('/models/picture.png')).toBe('https://site.test/models/picture.png');
    expect(src('https://images.example/pixel.png')).toBe('https://images.example/pixel.png');
    expect(src('http://other.example/pixel.png')).toBeUndefined();
    expect(src('data:image/svg+xml,<svg onload="alert(1)">')).toBeUndefined();
  });

  it('refuses marks and transforms outside the allow-lists, and ignores unknown options', () => {
    expect(chart({ marks: [{ mark: 'raster', data: [], options: {} }], options: {} })).toMatchObject({
      ok: false,
      reason: /"raster" is not a chart mark/,
    });
    expect(
      chart({
        marks: [{ mark: 'dot', data: [], options: { x: { __plotTransform: 'map', args: [{}] } } }],
        options: {},
      }),
    ).toMatchObject({ ok: false, reason: /"map" is not a chart transform/ });
    const result = chart({
      marks: [{ mark: 'barY', data: [{ v: 1 }], options: { y: 'v', className: 'evil', render: 'x' } }],
      options: {
        width: 300,
        style: 'background:url(https://evil.example/)',
        document: 'x',
        y: { grid: true, transform: 'x' },
      },
    });
    const spec = specOf(result);
    expect(spec.marks[0]!.options).toEqual({ y: 'v' });
    expect(spec.options).toEqual({ width: 300, y: { grid: true } });
    expect(
      result.ok && result.notes.filter((note) => /is not available in cell charts/.test(note)),
    ).toHaveLength(5);
  });

  it('keeps the charts the helpers make, transforms included', () => {
    const spec = {
      marks: [
        {
          mark: 'barY',
          data: [{ value: 1 }],
          options: { __plotTransform: 'binX', args: [{ y: 'count' }, { x: 'value', thresholds: 10 }] },
        },
        { mark: 'ruleY', data: [0], options: {} },
      ],
      options: { y: { label: 'count', grid: true }, color: { legend: true }, title: 'Histogram' },
    };
    const result = chart(spec);
    expect(specOf(result)).toEqual(spec);
    expect(result.ok && result.notes).toEqual([]);
  });

  it('bounds the amount of data in a chart', () => {
    const rows = Array.from({ length: 120_000 }, (_, i) => ({ x: i, y: i }));
    expect(
      chart({ marks: [{ mark: 'dot', data: rows, options: { x: 'x', y: 'y' } }], options: {} }),
    ).toMatchObject({
      ok: false,
      reason: /more than 200,000 values/,
    });
  });
});

describe('what the page reads for the kernel', () => {
  it('only the data, models, ort and tfjs-wasm folders of this site', () => {
    const base = 'https://site.test/base/';
    expect(readableUrl('/base/models/mini-t5/config.json', base)).toMatchObject({
      url: new URL('https://site.test/base/models/mini-t5/config.json'),
    });
    expect(readableUrl('https://site.test/base/data/mnist/index.json', base)).toHaveProperty('url');
    // tfjs's wasm backend (the trainable T5 in cells) fetches its binary through the page.
    expect(readableUrl('/base/tfjs-wasm/tfjs-backend-wasm-simd.wasm', base)).toHaveProperty('url');
    for (const refused of [
      'https://site.test/base/lessons/notebook/',
      'https://site.test/base/models/../notebook/kernel.js',
      'https://site.test/base/models/%2e%2e/lessons/',
      'https://site.test/models/x.json',
      'https://other.test/base/models/x.json',
    ])
      expect(readableUrl(refused, base), refused).toHaveProperty('refused');
  });
});
