/**
 * The page's check of every message from the kernel. Reader code runs next to the kernel and can
 * post anything on its port, so nothing is trusted: each message type has a schema (fields, types,
 * lengths, counts), charts are filtered by chart-safety.ts, and a message that fails is dropped with
 * a reason the cell shows. Hand-written rather than a schema library: the page ships it, and the
 * rules are short.
 */
import { LIMITS } from '../budget';
import type { CellError, FromKernel, Output, TableValue } from '../protocol';
import { BACKEND_PREFERENCES, TF_BACKENDS } from '../../lib/backend/names';
import type { BackendChoice } from '../../lib/backend/names';
import { sanitizeChart, UnsafeChart } from './chart-safety';
import { errorMessage } from '../../lib/util/errors';

export type Checked = { ok: true; message: FromKernel; notes: string[] } | { ok: false; reason: string };

class Invalid extends Error {}

function fail(reason: string): never {
  throw new Invalid(reason);
}

type Json = Record<string, unknown>;

function record(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} is not an object`);
  return value as Json;
}

function text(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string') fail(`${what} is not text`);
  if (value.length > max) fail(`${what} is longer than ${max.toLocaleString('en-US')} characters`);
  return value;
}

function integer(value: unknown, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    fail(`${what} is not a whole number between ${min} and ${max}`);
  return value;
}

function oneOf<T extends string>(value: unknown, what: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    fail(`${what} is not one of ${allowed.join(', ')}`);
  return value as T;
}

function list(value: unknown, what: string, max: number): unknown[] {
  if (!Array.isArray(value)) fail(`${what} is not a list`);
  if (value.length > max) fail(`${what} has more than ${max.toLocaleString('en-US')} entries`);
  return value;
}

/** Only the keys a type has: extra fields are not carried to the page's code. */
function exactKeys(value: Json, what: string, keys: readonly string[]): void {
  for (const key of Object.keys(value))
    if (!keys.includes(key)) fail(`${what} has an unexpected field "${key}"`);
}

const CELL_ID = /^[\w.:-]{1,200}$/;
const CHART_ID = /^chart-\d{1,9}$/;

function tableValue(value: unknown): TableValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  return text(value, 'a table cell', LIMITS.tableCell);
}

function output(value: unknown, base: string, notes: string[]): Output {
  const out = record(value, 'the output');
  const kind = out.kind;
  switch (kind) {
    case 'log':
      exactKeys(out, 'a log line', ['kind', 'level', 'text']);
      return {
        kind,
        level: oneOf(out.level, 'the log level', ['log', 'info', 'warn', 'error'] as const),
        text: text(out.text, 'a log line', LIMITS.text),
      };
    case 'value':
    case 'note':
      exactKeys(out, `a ${kind}`, ['kind', 'text']);
      return { kind, text: text(out.text, `a ${kind}`, LIMITS.text) };
    case 'check':
      exactKeys(out, 'a check', ['kind', 'passed', 'message']);
      if (typeof out.passed !== 'boolean') fail('a check has no verdict');
      return { kind, passed: out.passed, message: text(out.message, 'a check message', 2_000) };
    case 'tensor': {
      exactKeys(out, 'a tensor', ['kind', 'shape', 'dtype', 'text', 'size']);
      const shape = list(out.shape, 'a tensor shape', LIMITS.tensorDims).map((size) =>
        integer(size, 'a tensor dimension', 0),
      );
      if (typeof out.size !== 'number' || !(out.size >= 0)) fail('a tensor size is not a number');
      return {
        kind,
        shape,
        dtype: text(out.dtype, 'a tensor dtype', 20),
        text: text(out.text, 'tensor values', LIMITS.text),
        size: out.size,
      };
    }
    case 'table': {
      exactKeys(out, 'a table', ['kind', 'columns', 'rows', 'total']);
      const columns = list(out.columns, 'table columns', LIMITS.tableColumns).map((name) =>
        text(name, 'a column name', 200),
      );
      const rows = list(out.rows, 'table rows', LIMITS.tableRows).map((row) => {
        const cells = list(row, 'a table row', columns.length);
        // Short rows are padded: every row has a cell per column (a hole would break the table).
        return columns.map((_, i) => (i < cells.length ? tableValue(cells[i]) : null));
      });
      return { kind, columns, rows, total: integer(out.total, 'a table total', 0) };
    }
    case 'images': {
      exactKeys(out, 'images', ['kind', 'images', 'scale']);
      let pixels = 0;
      const images = list(out.images, 'images', LIMITS.images).map((item) => {
        const image = record(item, 'an image');
        exactKeys(image, 'an image', ['width', 'height', 'data', 'label']);
        const width = integer(image.width, 'an image width', 1, LIMITS.imageSide);
        const height = integer(image.height, 'an image height', 1, LIMITS.imageSide);
        pixels += width * height;
        if (pixels > LIMITS.imagePixels)
          fail(`images have more than ${LIMITS.imagePixels.toLocaleString('en-US')} pixels`);
        const data = image.data;
        if (
          !(data instanceof Uint8ClampedArray || data instanceof Uint8Array) ||
          data.length !== width * height * 4
        )
          fail('an image has pixel data of the wrong size');
        const label = image.label === undefined ? undefined : text(image.label, 'an image label', 100);
        return {
          width,
          height,
          data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
          label,
        };
      });
      return { kind, images, scale: integer(out.scale, 'an image scale', 1, 8) };
    }
    case 'chart': {
      exactKeys(out, 'a chart', ['kind', 'chart', 'spec']);
      const chart = text(out.chart, 'a chart id', 20);
      if (!CHART_ID.test(chart)) fail('a chart id is malformed');
      const safe = sanitizeChart(out.spec, base);
      notes.push(...safe.notes);
      return { kind, chart, spec: safe.spec };
    }
    default:
      return fail(`"${String(kind).slice(0, 40)}" is not a kind of output`);
  }
}

function cellError(value: unknown): CellError | null {
  if (value === null) return null;
  const error = record(value, 'the error');
  exactKeys(error, 'the error', ['name', 'message', 'line', 'beforeRunning']);
  if (typeof error.beforeRunning !== 'boolean') fail('the error does not say whether the cell ran');
  return {
    name: text(error.name, 'the error name', 100),
    message: text(error.message, 'the error message', LIMITS.text),
    line: error.line === null ? null : integer(error.line, 'the error line', 1),
    beforeRunning: error.beforeRunning,
  };
}

function backend(value: unknown): BackendChoice {
  const choice = record(value, 'the backend');
  exactKeys(choice, 'the backend', ['name', 'label', 'adapter', 'preference', 'skipped']);
  return {
    name: oneOf(choice.name, 'the backend name', TF_BACKENDS),
    label: text(choice.label, 'the backend label', 200),
    adapter: text(choice.adapter, 'the adapter', 200),
    preference: oneOf(choice.preference, 'the backend preference', BACKEND_PREFERENCES),
    skipped: list(choice.skipped, 'skipped backends', 10).map((line) => text(line, 'a skipped backend', 300)),
  };
}

/** Checks one message from the kernel; `base` is the page URL that relative chart links resolve against. */
export function checkMessage(raw: unknown, base: string): Checked {
  const notes: string[] = [];
  try {
    const message = record(raw, 'the message');
    const type = message.type;
    const run = () => integer(message.run, 'the run number', 1);
    const cell = () => {
      const id = text(message.cell, 'the cell id', 200);
      if (!CELL_ID.test(id)) fail('the cell id is malformed');
      return id;
    };
    const id = () => integer(message.id, 'the request id', 1);
    const token = () => {
      const value = text(message.token, 'the run token', 64);
      if (!/^[\w-]+$/.test(value)) fail('the run token is malformed');
      return value;
    };
    let checked: FromKernel;
    switch (type) {
      case 'ready':
        exactKeys(message, 'ready', ['type', 'backend']);
        checked = { type, backend: backend(message.backend) };
        break;
      case 'backend-failed':
      case 'device-lost':
        exactKeys(message, type, ['type', 'message']);
        checked = { type, message: text(message.message, 'the message', 1_000) };
        break;
      case 'output':
        exactKeys(message, 'an output', ['type', 'run', 'token', 'cell', 'output']);
        checked = {
          type,
          run: run(),
          token: token(),
          cell: cell(),
          output: output(message.output, base, notes),
        };
        break;
      case 'chart-update': {
        exactKeys(message, 'a chart update', ['type', 'run', 'token', 'cell', 'chart', 'spec']);
        const chart = text(message.chart, 'a chart id', 20);
        if (!CHART_ID.test(chart)) fail('a chart id is malformed');
        const safe = sanitizeChart(message.spec, base);
        notes.push(...safe.notes);
        checked = { type, run: run(), token: token(), cell: cell(), chart, spec: safe.spec };
        break;
      }
      case 'done': {
        exactKeys(message, 'done', ['type', 'run', 'token', 'cell', 'seconds', 'error']);
        const seconds = message.seconds;
        if (typeof seconds !== 'number' || !(seconds >= 0) || !Number.isFinite(seconds))
          fail('the run time is not a number');
        checked = {
          type,
          run: run(),
          token: token(),
          cell: cell(),
          seconds,
          error: cellError(message.error),
        };
        break;
      }
      case 'fetch':
        exactKeys(message, 'a fetch', ['type', 'id', 'url']);
        checked = { type, id: id(), url: text(message.url, 'the URL', 2_048) };
        break;
      case 'load-shared-model':
        exactKeys(message, 'a model request', ['type', 'id', 'name']);
        checked = { type, id: id(), name: text(message.name, 'the model name', 100) };
        break;
      default:
        return { ok: false, reason: `"${String(type).slice(0, 40)}" is not a kernel message` };
    }
    return { ok: true, message: checked, notes };
  } catch (error) {
    if (error instanceof Invalid || error instanceof UnsafeChart) return { ok: false, reason: error.message };
    return {
      ok: false,
      reason: `it could not be read (${errorMessage(error)})`,
    };
  }
}
