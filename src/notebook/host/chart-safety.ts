/**
 * The page's filter for chart descriptions from the kernel, before Observable Plot sees them:
 * only allow-listed marks and transforms (plot-rules.ts), only known option keys, only plain data,
 * and links or image addresses only to this site or https (`javascript:` and other origins' plain
 * http are dropped, as a field value in the data as much as a constant). A mark or transform that
 * is not allowed fails the whole chart; a dropped option or address is said in a note.
 */
import { LIMITS } from '../budget';
import type { ChartSpec, MarkSpec } from '../protocol';
import {
  MARK_OPTION_KEYS,
  PLOT_OPTION_KEYS,
  SCALE_OPTION_KEYS,
  URL_KEYS,
  isMark,
  isTransform,
  looksLikeUrl,
  safeUrl,
} from '../plot-rules';

export class UnsafeChart extends Error {}

const NESTED_KEYS: ReadonlySet<string> = new Set([
  ...MARK_OPTION_KEYS,
  ...SCALE_OPTION_KEYS,
  'value',
  'scale',
  'format',
  'pointer',
]);
const MAX_STRING = 10_000;
const MAX_DEPTH = 4;

type Plain = string | number | boolean | null | Date | Plain[] | { [key: string]: Plain };

class Cleaner {
  readonly notes = new Set<string>();
  /** Data values seen so far, against LIMITS.chartValues. */
  private values = 0;
  /** Field names whose values are URLs (named by an href or src option). */
  readonly urlFields = new Set<string>();

  constructor(
    private readonly base: string,
    /** The chart's cleaner, which counts values for all of its marks. */
    private readonly root?: Cleaner,
  ) {}

  count(n: number): void {
    if (this.root) return this.root.count(n);
    this.values += n;
    if (this.values > LIMITS.chartValues)
      throw new UnsafeChart(`the chart has more than ${LIMITS.chartValues.toLocaleString('en-US')} values`);
  }

  url(value: unknown): string | null {
    const safe = safeUrl(value, this.base);
    if (safe === null)
      this.notes.add(
        `A chart link or image address was dropped: only this site's addresses and https: links are allowed (got ${String(value).slice(0, 60)}).`,
      );
    return safe;
  }

  scalar(value: unknown): Plain | undefined {
    if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
    if (typeof value === 'string') return value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value;
    if (value instanceof Date) return new Date(value.getTime());
    return undefined;
  }

  /** An option value: plain data only, nested records with known keys, transforms from the list. */
  option(key: string, value: unknown, depth: number): Plain | undefined {
    if (URL_KEYS.has(key)) return this.urlOption(value);
    const scalar = this.scalar(value);
    if (scalar !== undefined || value === undefined) return scalar;
    if (depth > MAX_DEPTH) throw new UnsafeChart('chart options are nested too deeply');
    if (Array.isArray(value)) {
      this.count(value.length);
      return value.map((item) => this.option('', item, depth + 1) ?? null);
    }
    if (typeof value === 'object' && value !== null) {
      const object = value as Record<string, unknown>;
      if ('__plotTransform' in object) return this.transform(object, depth);
      return this.record(object, NESTED_KEYS, depth + 1);
    }
    this.notes.add(`A chart option "${key}" was dropped: charts take plain data only.`);
    return undefined;
  }

  /** href and src: a field name (its data values are checked later), a constant URL, or a list. */
  private urlOption(value: unknown): Plain | undefined {
    if (typeof value === 'string') {
      this.urlFields.add(value);
      // Plot reads a path- or scheme-like src as a constant address.
      if (!looksLikeUrl(value)) return value;
      return this.url(value) ?? undefined;
    }
    if (Array.isArray(value)) {
      this.count(value.length);
      return value.map((item) => (item === null || item === undefined ? null : this.url(item)));
    }
    if (value && typeof value === 'object' && 'value' in value)
      return { value: this.urlOption((value as { value: unknown }).value) ?? null };
    if (value !== undefined && value !== null)
      this.notes.add('A chart link option was dropped: it was not an address.');
    return undefined;
  }

  record(
    object: Record<string, unknown>,
    keys: ReadonlySet<string>,
    depth: number,
  ): { [key: string]: Plain } {
    const clean: { [key: string]: Plain } = {};
    for (const [key, inner] of Object.entries(object)) {
      if (!keys.has(key)) {
        this.notes.add(`Chart option "${key.slice(0, 40)}" is not available in cell charts and was ignored.`);
        continue;
      }
      const value = this.option(key, inner, depth);
      if (value !== undefined) clean[key] = value;
    }
    return clean;
  }

  private transform(object: Record<string, unknown>, depth: number): { [key: string]: Plain } {
    const name = object.__plotTransform;
    if (!isTransform(name))
      throw new UnsafeChart(`"${String(name).slice(0, 40)}" is not a chart transform cells can use`);
    const args = object.args;
    if (!Array.isArray(args) || args.length > 4)
      throw new UnsafeChart(`the ${name} transform has malformed arguments`);
    return {
      __plotTransform: name,
      args: args.map((arg) => {
        if (typeof arg !== 'object' || arg === null || Array.isArray(arg))
          throw new UnsafeChart(`the ${name} transform takes option objects`);
        return this.record(arg as Record<string, unknown>, NESTED_KEYS, depth + 1);
      }),
    };
  }

  data(value: unknown): MarkSpec['data'] {
    if (value === null || value === undefined) return null;
    if (!Array.isArray(value)) throw new UnsafeChart("a mark's data is not a list");
    this.count(value.length);
    return value.map((row) => {
      if (typeof row === 'number') return row;
      if (typeof row !== 'object' || row === null || Array.isArray(row))
        throw new UnsafeChart("a mark's data holds something other than numbers or rows");
      const clean: Record<string, unknown> = {};
      const entries = Object.entries(row as Record<string, unknown>);
      this.count(entries.length);
      for (const [key, inner] of entries) {
        const scalar = this.scalar(inner);
        if (scalar === undefined && inner !== undefined)
          this.notes.add('Some chart data that was not plain (numbers, text, dates) was left out.');
        if (scalar !== undefined) clean[key] = scalar;
      }
      return clean;
    }) as MarkSpec['data'];
  }

  /** Checks every data value that an href or src names, now that all options are known. */
  checkUrlFields(data: MarkSpec['data']): void {
    if (!data || this.urlFields.size === 0) return;
    for (const row of data) {
      if (typeof row !== 'object' || row === null) continue;
      const record = row as Record<string, unknown>;
      for (const field of this.urlFields) {
        if (!(field in record) || record[field] === null || record[field] === undefined) continue;
        record[field] = this.url(record[field]);
      }
    }
  }
}

/** A chart the page may draw, with notes for anything it dropped; throws UnsafeChart otherwise. */
export function sanitizeChart(value: unknown, base: string): { spec: ChartSpec; notes: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UnsafeChart('the chart is not an object');
  const { marks, options, ...rest } = value as { marks?: unknown; options?: unknown };
  if (Object.keys(rest).length) throw new UnsafeChart('the chart has unexpected fields');
  if (!Array.isArray(marks) || marks.length > LIMITS.marks)
    throw new UnsafeChart(`a chart needs a list of at most ${LIMITS.marks} marks`);
  const cleaner = new Cleaner(base);
  const cleanMarks = marks.map((mark): MarkSpec => {
    if (typeof mark !== 'object' || mark === null) throw new UnsafeChart('a mark is not an object');
    const spec = mark as { mark?: unknown; data?: unknown; options?: unknown };
    if (!isMark(spec.mark))
      throw new UnsafeChart(`"${String(spec.mark).slice(0, 40)}" is not a chart mark cells can use`);
    const markCleaner = new Cleaner(base, cleaner);
    const data = markCleaner.data(spec.data);
    const options = spec.options;
    const markOptions =
      options && typeof options === 'object' && !Array.isArray(options)
        ? // A mark's options may be a whole transform: Plot.barY(data, Plot.binX(...)).
          '__plotTransform' in options
          ? (markCleaner.option('', options, 0) as Record<string, unknown>)
          : markCleaner.record(options as Record<string, unknown>, MARK_OPTION_KEYS, 0)
        : {};
    markCleaner.checkUrlFields(data);
    markCleaner.notes.forEach((note) => cleaner.notes.add(note));
    return { mark: spec.mark, data, options: markOptions };
  });
  const plotOptions =
    options && typeof options === 'object' && !Array.isArray(options)
      ? cleaner.record(options as Record<string, unknown>, PLOT_OPTION_KEYS, 0)
      : {};
  return { spec: { marks: cleanMarks, options: plotOptions }, notes: [...cleaner.notes] };
}
