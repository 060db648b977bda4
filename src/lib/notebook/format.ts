/**
 * Turns the values a cell produces into outputs the page can draw: numbers formatted for people,
 * tensors with shape, dtype and (truncated) values, arrays of objects as tables, models as a table
 * of layers. Duck-typed, so it needs no tfjs and is cheap to test.
 */
import type { Output, TableValue } from './protocol';
import { errorSummary } from '../util/errors';

/** Rows shown of a table before "and N more". */
export const MAX_TABLE_ROWS = 100;
/** Entries shown per tensor dimension (first ones, an ellipsis, last ones). */
const TENSOR_EDGE = 3;
const MAX_TEXT = 4000;

interface TensorLike {
  shape: number[];
  dtype: string;
  size: number;
  isDisposed?: boolean;
  dataSync(): ArrayLike<number | string | boolean>;
  data(): Promise<ArrayLike<number | string | boolean>>;
}

type TensorData = ArrayLike<number | string | boolean>;
/**
 * Values read with `await tensor.data()` just before formatting. Formatting never reads a tensor
 * synchronously: on WebGPU a synchronous read is slow and, in a worker, unreliable.
 */
const readValues = new WeakMap<object, TensorData>();

/** Reads the values of every tensor among `values` (and one level inside arrays and objects). */
export async function readTensors(values: readonly unknown[]): Promise<void> {
  const found = new Set<TensorLike>();
  const visit = (value: unknown, depth: number) => {
    if (isTensor(value)) found.add(value);
    else if (depth < 2 && value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      const inner = Array.isArray(value) ? value.slice(0, 50) : Object.values(value as object).slice(0, 50);
      for (const item of inner) visit(item, depth + 1);
    }
  };
  for (const value of values) visit(value, 0);
  await Promise.all(
    [...found]
      .filter((tensor) => !tensor.isDisposed)
      .map(async (tensor) => readValues.set(tensor, await tensor.data())),
  );
}

/** Whether formatting these values needs `readTensors` first. */
export function containsTensor(values: readonly unknown[]): boolean {
  return values.some(
    (value) =>
      isTensor(value) ||
      (Array.isArray(value) && value.some(isTensor)) ||
      (isRecord(value) && Object.values(value).some(isTensor)),
  );
}

interface LayerLike {
  name: string;
  trainable?: boolean;
  outputShape?: unknown;
  getClassName(): string;
  countParams(): number;
}

interface ModelLike {
  name: string;
  layers: LayerLike[];
  summary(): void;
}

export function isTensor(value: unknown): value is TensorLike {
  const v = value as Partial<TensorLike> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.shape) &&
    typeof v.dtype === 'string' &&
    typeof v.dataSync === 'function'
  );
}

function isModel(value: unknown): value is ModelLike {
  const v = value as Partial<ModelLike> | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.layers) && typeof v.summary === 'function';
}

/** 1,234,567 for integers, six significant digits otherwise, exponent for the very small or large. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toLocaleString('en-US');
  const size = Math.abs(n);
  if (size >= 1e-4 && size < 1e15) return n.toLocaleString('en-US', { maximumSignificantDigits: 6 });
  return n.toExponential(4);
}

/** Text for any value, as `console.log` shows it (strings raw at the top level). */
export function describe(value: unknown, depth = 0, seen = new Set<unknown>()): string {
  if (typeof value === 'string') return depth === 0 ? value : JSON.stringify(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'symbol')
    return String(value);
  if (typeof value === 'function') return `[function ${value.name || '(anonymous)'}]`;
  if (isTensor(value)) return `Tensor ${value.dtype} [${value.shape.join(', ')}] ${tensorValues(value)}`;
  if (isModel(value)) return `Model ${value.name} (${value.layers.length} layers)`;
  if (value instanceof Error) return errorSummary(value);
  if (seen.has(value)) return '[circular]';
  if (depth > 3) return Array.isArray(value) ? '[…]' : '{…}';
  seen.add(value);
  try {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const list = Array.from(value as unknown as ArrayLike<number>);
      return `${value.constructor.name}(${list.length}) ${listText(list.map((x) => describe(x, depth + 1, seen)))}`;
    }
    if (Array.isArray(value)) return listText(value.map((x) => describe(x, depth + 1, seen)));
    if (value instanceof Map) {
      const entries = [...value].map(
        ([k, v]) => `${describe(k, depth + 1, seen)} => ${describe(v, depth + 1, seen)}`,
      );
      return `Map(${value.size}) {${entries.slice(0, 20).join(', ')}${value.size > 20 ? ', …' : ''}}`;
    }
    if (value instanceof Set)
      return `Set(${value.size}) ${listText([...value].map((x) => describe(x, depth + 1, seen)))}`;
    const entries = Object.entries(value as Record<string, unknown>);
    const name = (value as object).constructor?.name;
    const prefix = name && name !== 'Object' ? `${name} ` : '';
    const shown = entries
      .slice(0, 30)
      .map(
        ([k, v]) =>
          `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${describe(v, depth + 1, seen)}`,
      );
    return `${prefix}{ ${shown.join(', ')}${entries.length > 30 ? ', …' : ''} }`.replace('{  }', '{}');
  } finally {
    seen.delete(value);
  }
}

function listText(items: string[]): string {
  const shown = items.length > 50 ? [...items.slice(0, 40), `… ${items.length - 40} more`] : items;
  return `[${shown.join(', ')}]`;
}

/** The text `console.log(a, b)` prints. */
export function logText(args: unknown[]): string {
  return clip(args.map((arg) => describe(arg)).join(' '));
}

function clip(text: string): string {
  return text.length > MAX_TEXT
    ? `${text.slice(0, MAX_TEXT)}… (${(text.length - MAX_TEXT).toLocaleString('en-US')} more characters)`
    : text;
}

/** Nested text of a tensor's values, with long dimensions cut to their first and last entries. */
export function tensorValues(tensor: TensorLike): string {
  if (tensor.isDisposed) return '(disposed)';
  const data = readValues.get(tensor);
  if (!data) return '(values not read: use show(tensor) or await tensor.data())';
  const shape = tensor.shape;
  const format = (x: number | string | boolean) =>
    typeof x === 'number' ? formatNumber(x) : JSON.stringify(x);
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const render = (axis: number, offset: number): string => {
    if (axis === shape.length) return format(data[offset]!);
    const length = shape[axis]!;
    const indices =
      length > 2 * TENSOR_EDGE + 1
        ? [...range(0, TENSOR_EDGE), -1, ...range(length - TENSOR_EDGE + 1, length)]
        : range(0, length);
    const parts = indices.map((i) => (i < 0 ? '…' : render(axis + 1, offset + i * strides[axis]!)));
    const separator = axis === shape.length - 1 ? ', ' : `,\n${' '.repeat(axis + 1)}`;
    return `[${parts.join(separator)}]`;
  };
  return render(0, 0);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !isTensor(value) &&
    !ArrayBuffer.isView(value)
  );
}

function cellValue(value: unknown): TableValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value;
  return describe(value, 1);
}

/** An array of objects as a table output (columns in first-seen order). */
export function tableOf(rows: readonly Record<string, unknown>[], columns?: readonly string[]): Output {
  const names = columns ? [...columns] : [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return {
    kind: 'table',
    columns: names,
    rows: rows.slice(0, MAX_TABLE_ROWS).map((row) => names.map((name) => cellValue(row[name]))),
    total: rows.length,
  };
}

/** Marks values that are already on screen (chart handles), so a last line does not show them twice. */
export const ALREADY_SHOWN = Symbol.for('transfer-lab.notebook.shown');

/** The rich outputs for a value shown with `show()` or as a cell's last expression. */
export function outputsFor(value: unknown): Output[] {
  if (value === undefined) return [];
  if (typeof value === 'object' && value !== null && ALREADY_SHOWN in value) return [];
  if (isTensor(value)) {
    return [
      {
        kind: 'tensor',
        shape: [...value.shape],
        dtype: value.dtype,
        size: value.size,
        text: tensorValues(value),
      },
    ];
  }
  if (isModel(value)) {
    const rows = value.layers.map((layer) => ({
      layer: layer.name,
      type: layer.getClassName(),
      'output shape': JSON.stringify(layer.outputShape ?? null).replaceAll('null', 'batch'),
      parameters: layer.countParams(),
      trainable: layer.trainable ?? true,
    }));
    const total = rows.reduce((sum, row) => sum + row.parameters, 0);
    return [
      { kind: 'value', text: `Model "${value.name}": ${formatNumber(total)} parameters` },
      tableOf(rows),
    ];
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) return [tableOf(value)];
  const text = typeof value === 'string' ? JSON.stringify(value) : describe(value);
  return [{ kind: 'value', text: clip(text) }];
}
