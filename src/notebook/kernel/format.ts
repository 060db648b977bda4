/**
 * Turns the values a cell produces into outputs the page can draw: numbers formatted for people,
 * tensors with shape, dtype and (truncated) values, arrays of objects as tables, models as a table
 * of layers. Duck-typed, so it needs no tfjs and is cheap to test.
 *
 * Any value must show quickly and safely, whatever the reader built: `new Array(2 ** 31)`, a
 * cyclic graph, a typed array of a hundred million floats, a Map of a million entries, an object
 * whose getter throws, a Proxy. So every walk here is bounded by a preview size, not by the
 * value's size: at most `PREVIEW.items` elements of an array, `PREVIEW.keys` keys of an object,
 * `PREVIEW.depth` levels, and `MAX_TEXT` characters in all. Getters are never invoked (shown as
 * `[Getter]`), and a part that throws shows why instead of failing the whole output.
 */
import type { Output, TableValue } from '../protocol';
import { LIMITS } from '../budget';
import { formatNumber } from '../numbers';
import { attempt, clip, firstElements, MAX_TEXT, messageOf, ownKeys, ownProperty } from './walk';
import { isTensor, tensorValues } from './tensors';

export { formatNumber, MAX_TEXT };
export { containsTensor, isTensor, readTensors, tensorValues } from './tensors';

/** Rows shown of a table before "and N more". */
export const MAX_TABLE_ROWS = LIMITS.tableRows;

/** How much of a value a preview walks. */
export const PREVIEW = Object.freeze({ items: 40, keys: 30, entries: 20, depth: 3, string: 200 });

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

function isModel(value: unknown): value is ModelLike {
  return attempt(
    () => {
      const v = value as Partial<ModelLike> | null;
      return (
        typeof v === 'object' && v !== null && Array.isArray(v.layers) && typeof v.summary === 'function'
      );
    },
    () => false,
  );
}

/** Text for any value, as `console.log` shows it (strings raw at the top level). */
export function describe(value: unknown, depth = 0): string {
  const preview = new Preview();
  return preview.value(value, depth);
}

/** One bounded walk: stops descending once `MAX_TEXT` characters are written. */
class Preview {
  private remaining = MAX_TEXT;
  private readonly seen = new Set<unknown>();

  private spend(text: string): string {
    this.remaining -= text.length;
    return text;
  }

  value(value: unknown, depth: number): string {
    if (this.remaining <= 0) return '…';
    return attempt(
      () => this.describe(value, depth),
      (error) => this.spend(`[could not show this value: ${messageOf(error)}]`),
    );
  }

  /** Leaves are charged to the budget as they are written; containers only through their leaves. */
  private describe(value: unknown, depth: number): string {
    const composite = typeof value === 'object' && value !== null;
    const text = composite ? this.container(value, depth) : null;
    return text ?? this.spend(this.leaf(value, depth));
  }

  private leaf(value: unknown, depth: number): string {
    if (typeof value === 'string') {
      if (depth === 0) return value.length > MAX_TEXT ? value.slice(0, MAX_TEXT + 1) : value;
      return quote(value);
    }
    if (typeof value === 'number') return formatNumber(value);
    if (typeof value === 'bigint') return `${value}n`;
    if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'symbol')
      return String(value);
    if (typeof value === 'function') return `[function ${functionName(value)}]`;
    if (isTensor(value)) return `Tensor ${value.dtype} [${value.shape.join(', ')}] ${tensorValues(value)}`;
    if (isModel(value)) return `Model ${value.name} (${value.layers.length} layers)`;
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (value instanceof RegExp) return String(value);
    if (value instanceof Promise) return 'Promise {…}';
    if (value instanceof WeakMap || value instanceof WeakSet) return `${value.constructor.name} {…}`;
    if (value instanceof ArrayBuffer) return `ArrayBuffer { byteLength: ${formatNumber(value.byteLength)} }`;
    if (value instanceof DataView) return `DataView { byteLength: ${formatNumber(value.byteLength)} }`;
    if (this.seen.has(value)) return '[circular]';
    return Array.isArray(value) ? '[…]' : '{…}';
  }

  /** Arrays, maps, sets and plain objects, walked; null for objects shown as a leaf. */
  private container(object: object, depth: number): string | null {
    const special =
      isTensor(object) ||
      isModel(object) ||
      object instanceof Error ||
      object instanceof Date ||
      object instanceof RegExp ||
      object instanceof Promise ||
      object instanceof WeakMap ||
      object instanceof WeakSet ||
      object instanceof ArrayBuffer ||
      object instanceof DataView;
    if (special || this.seen.has(object) || depth > PREVIEW.depth) return null;
    // Brackets count too, so even a tree of empty arrays ends after a bounded number of nodes.
    this.remaining -= 2;
    this.seen.add(object);
    try {
      if (ArrayBuffer.isView(object)) return this.typedArray(object as unknown as ArrayLike<number>, depth);
      if (Array.isArray(object)) return this.array(object, depth);
      if (object instanceof Map) return this.map(object, depth);
      if (object instanceof Set) return this.set(object, depth);
      return this.object(object, depth);
    } finally {
      this.seen.delete(object);
    }
  }

  private typedArray(view: ArrayLike<number>, depth: number): string {
    const name = (view as unknown as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] ?? 'TypedArray';
    const length = view.length;
    const items: string[] = [];
    for (let i = 0; i < length && i < PREVIEW.items && this.remaining > 0; i++)
      items.push(this.value(view[i], depth + 1));
    return `${name}(${formatNumber(length)}) ${list(items, length - items.length, 'items')}`;
  }

  private array(array: readonly unknown[], depth: number): string {
    const length = array.length;
    const items: string[] = [];
    let holes = 0;
    let i = 0;
    for (; i < length && i < PREVIEW.items && this.remaining > 0; i++) {
      if (i in array) {
        if (holes) items.push(this.spend(emptyItems(holes)));
        holes = 0;
        items.push(this.value(array[i], depth + 1));
      } else holes++;
    }
    if (holes) items.push(this.spend(emptyItems(holes)));
    return list(items, length - i, 'items');
  }

  private map(map: Map<unknown, unknown>, depth: number): string {
    const items: string[] = [];
    for (const [key, inner] of map) {
      if (items.length >= PREVIEW.entries || this.remaining <= 0) break;
      items.push(`${this.value(key, depth + 1)} => ${this.value(inner, depth + 1)}`);
    }
    const more = map.size - items.length;
    return `Map(${formatNumber(map.size)}) {${items.join(', ')}${more > 0 ? `, … ${formatNumber(more)} more` : ''}}`;
  }

  private set(set: Set<unknown>, depth: number): string {
    const items: string[] = [];
    for (const inner of set) {
      if (items.length >= PREVIEW.items || this.remaining <= 0) break;
      items.push(this.value(inner, depth + 1));
    }
    return `Set(${formatNumber(set.size)}) ${list(items, set.size - items.length, 'items')}`;
  }

  private object(object: object, depth: number): string {
    const keys = ownKeys(object);
    const shown: string[] = [];
    for (const key of keys) {
      if (shown.length >= PREVIEW.keys || this.remaining <= 0) break;
      const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
      const property = attempt(
        () => ownProperty(object, key),
        () => ({ getter: true as const }),
      );
      shown.push(`${name}: ${property.getter ? '[Getter]' : this.value(property.value, depth + 1)}`);
    }
    const prefix = className(object);
    const more = keys.length - shown.length;
    const body =
      shown.length === 0
        ? '{}'
        : `{ ${shown.join(', ')}${more > 0 ? `, … ${formatNumber(more)} more keys` : ''} }`;
    return prefix ? `${prefix} ${body}` : body;
  }
}

function quote(text: string, limit: number = PREVIEW.string): string {
  return text.length > limit ? `${JSON.stringify(text.slice(0, limit))}…` : JSON.stringify(text);
}

function emptyItems(count: number): string {
  return `<${formatNumber(count)} empty item${count === 1 ? '' : 's'}>`;
}

function list(items: string[], more: number, what: string): string {
  return `[${items.join(', ')}${more > 0 ? `${items.length ? ', ' : ''}… ${formatNumber(more)} more ${what}` : ''}]`;
}

function functionName(fn: object): string {
  return attempt(
    () => {
      const name = Object.getOwnPropertyDescriptor(fn, 'name')?.value;
      return typeof name === 'string' && name ? name : '(anonymous)';
    },
    () => '(anonymous)',
  );
}

/** "Foo" for an instance of class Foo; nothing for plain objects. Reads no getter. */
function className(object: object): string {
  return attempt(
    () => {
      const proto = Object.getPrototypeOf(object) as object | null;
      if (proto === null || proto === Object.prototype) return '';
      const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as unknown;
      const name = typeof ctor === 'function' ? functionName(ctor) : '';
      return name === 'Object' || name === '(anonymous)' ? '' : name;
    },
    () => '',
  );
}

/** The text `console.log(a, b)` prints. */
export function logText(args: unknown[]): string {
  return clip(args.map((arg) => describe(arg)).join(' '));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return attempt(
    () =>
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      !isTensor(value) &&
      !ArrayBuffer.isView(value) &&
      !(value instanceof Map) &&
      !(value instanceof Set) &&
      !(value instanceof Date),
    () => false,
  );
}

function cellValue(value: unknown): TableValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string')
    return value.length > LIMITS.tableCell ? `${value.slice(0, LIMITS.tableCell - 1)}…` : value;
  const text = describe(value, 1);
  return text.length > LIMITS.tableCell ? `${text.slice(0, LIMITS.tableCell - 1)}…` : text;
}

/** An array of objects as a table output (columns in first-seen order, from the rows shown). */
export function tableOf(rows: readonly Record<string, unknown>[], columns?: readonly string[]): Output {
  const shown = firstElements(rows, MAX_TABLE_ROWS).filter(isRecord);
  const names = (columns ? [...columns] : [...new Set(shown.flatMap((row) => ownKeys(row).slice(0, 100)))])
    .slice(0, LIMITS.tableColumns)
    .map(String);
  return {
    kind: 'table',
    columns: names,
    rows: shown.map((row) =>
      names.map((name) => {
        const property = attempt(
          () => ownProperty(row, name),
          () => ({ getter: true as const }),
        );
        return property.getter ? '[Getter]' : cellValue(property.value);
      }),
    ),
    total: rows.length,
  };
}

/** Whether a value is best shown as a table: an array whose first rows are all plain records. */
function looksLikeTable(value: unknown): value is Record<string, unknown>[] {
  return attempt(
    () => {
      if (!Array.isArray(value) || value.length === 0) return false;
      const count = Math.min(value.length, MAX_TABLE_ROWS);
      for (let i = 0; i < count; i++) if (!(i in value) || !isRecord(value[i])) return false;
      return true;
    },
    () => false,
  );
}

/** Marks values that are already on screen (chart handles), so a last line does not show them twice. */
export const ALREADY_SHOWN = Symbol.for('transfer-lab.notebook.shown');

/** The rich outputs for a value shown with `show()` or as a cell's last expression. */
export function outputsFor(value: unknown): Output[] {
  if (value === undefined) return [];
  if (
    attempt(
      () => typeof value === 'object' && value !== null && ALREADY_SHOWN in value,
      () => false,
    )
  )
    return [];
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
  if (looksLikeTable(value)) return [tableOf(value)];
  const text = typeof value === 'string' ? quote(value, MAX_TEXT) : describe(value);
  return [{ kind: 'value', text: clip(text) }];
}
