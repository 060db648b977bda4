/**
 * The helpers a cell has in scope without importing: `show`, `table`, `plot`, `Plot`, `digit`,
 * `digits`, `liveChart` and `sleep`. They run in the kernel, apart from the page, so each one sends
 * a description (see protocol.ts) that the page checks and draws.
 */
import { ALREADY_SHOWN, tableOf, isTensor } from './format';
import type { ChartSpec, ImageData8, MarkSpec, Output } from '../protocol';
import { LIMITS } from '../budget';
import { MARKS, TRANSFORMS, isMark } from '../plot-rules';

/**
 * Rows of a table or chart as cells pass them: any objects (a library result such as `RankPoint[]`
 * has no index signature, and need not), read field by field.
 */
export type Rows = readonly object[];

export interface HelperSink {
  emit(output: Output): void;
  /** Shows values richly; may read tensors asynchronously, keeping the order of outputs. */
  emitValues(values: readonly unknown[]): void;
  /** Emits outputs that need asynchronous work (e.g. reading a tensor), in order. */
  emitLater(make: () => Promise<Output[]>): void;
  updateChart(chart: string, spec: ChartSpec): void;
}

/** A chart already on the page; `update` redraws it with new data (or a new spec). */
export interface ChartHandle {
  readonly id: string;
  update(next: ChartSpec | Rows | readonly number[]): void;
}

/** A training curve that grows as `push` (or the library's `onEpoch` / `onBatch`) is called. */
export interface LiveChart extends ChartHandle {
  readonly rows: Record<string, unknown>[];
  push(row: object): void;
  onEpoch: (record: object) => void;
  onBatch: (record: object) => void;
}

export interface SimplePlotOptions {
  x?: string;
  /** One column, or several drawn as separate, coloured lines. */
  y?: string | string[];
  mark?: 'line' | 'dot' | 'bar' | 'area';
  title?: string;
  width?: number;
  height?: number;
}

type MarkFactory = (data?: Rows | readonly number[] | null, options?: Record<string, unknown>) => MarkSpec;
export type PlotApi = Record<(typeof MARKS)[number], MarkFactory> &
  Record<(typeof TRANSFORMS)[number], (...args: Record<string, unknown>[]) => Record<string, unknown>> & {
    plot(options: Record<string, unknown> & { marks?: MarkSpec[] }): ChartHandle;
  };

/** Throws a reader-facing error if a chart option cannot cross to the page (e.g. a function). */
function checkPlain(value: unknown, path: string): void {
  if (typeof value === 'function') {
    throw new TypeError(
      `Chart option ${path} is a function: in a cell, chart options must be plain data (field names, numbers, colours), because the chart is drawn outside the kernel.`,
    );
  }
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const [key, inner] of Object.entries(value)) checkPlain(inner, `${path}.${key}`);
  }
}

function chartSpec(options: Record<string, unknown> & { marks?: MarkSpec[] }): ChartSpec {
  const { marks = [], ...rest } = options;
  checkPlain(rest, 'options');
  marks.forEach((mark, i) => {
    if (!mark || !isMark(mark.mark)) {
      throw new TypeError(
        `marks[${i}] is not a mark: build marks with Plot.lineY(...), Plot.dot(...) and friends.`,
      );
    }
    checkPlain(mark.options, `marks[${i}]`);
  });
  return { marks, options: rest };
}

function simpleSpec(data: Rows | readonly number[], options: SimplePlotOptions): ChartSpec {
  const { x, y, mark = 'line', title, width, height } = options;
  const frame = { title, width, height, grid: true };
  if (data.length > 0 && typeof data[0] === 'number') {
    const rows = (data as readonly number[]).map((value, index) => ({ index, value }));
    return {
      marks: [markFor(mark, rows, { x: 'index', y: 'value' })],
      options: { ...frame, y: { label: y ?? 'value' } },
    };
  }
  const rows = data as readonly Record<string, unknown>[];
  const series = Array.isArray(y) ? y : [y ?? Object.keys(rows[0] ?? {}).find((key) => key !== x) ?? 'y'];
  const xName = x ?? 'index';
  const long = rows.flatMap((row, index) =>
    series
      .filter((name) => typeof row[name] === 'number')
      .map((name) => ({ [xName]: row[xName] ?? index, series: name, value: row[name] })),
  );
  // An explicit z keeps one line per series (and stops Plot guessing from the colour channel).
  const colour =
    series.length > 1 ? { stroke: 'series', z: 'series', fill: mark === 'line' ? undefined : 'series' } : {};
  return {
    marks: [
      markFor(mark, long, { x: xName, y: 'value', ...colour }),
      { mark: 'ruleY', data: [0], options: {} },
    ],
    options: {
      ...frame,
      y: { label: series.length > 1 ? null : series[0] },
      color: series.length > 1 ? { legend: true } : undefined,
    },
  };
}

function markFor(
  kind: NonNullable<SimplePlotOptions['mark']>,
  data: Record<string, unknown>[],
  options: Record<string, unknown>,
): MarkSpec {
  const name = { line: 'lineY', dot: 'dot', bar: 'barY', area: 'areaY' }[kind];
  const clean = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return {
    mark: name,
    data,
    options: kind === 'dot' || kind === 'line' ? clean : { ...clean, fill: clean.fill ?? 'steelblue' },
  };
}

/** Grey levels (0..255 or 0..1) to RGBA pixels. */
function greyToRgba(values: ArrayLike<number>, scaleToByte: boolean): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const grey = scaleToByte ? values[i]! * 255 : values[i]!;
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = grey;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

interface DigitSource {
  size: number;
  digitImage(index: number): { width: number; height: number; data: Uint8ClampedArray; label: number };
}

function isDigitSource(value: unknown): value is DigitSource {
  return typeof (value as Partial<DigitSource> | null)?.digitImage === 'function';
}

type ImageOutput = ImageData8;

/** Refuses an image the page would not draw (too large, or data of the wrong length). */
function checked(image: ImageOutput): ImageOutput {
  const { width, height } = image;
  const side = LIMITS.imageSide;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new TypeError(`An image needs a whole-number width and height above 0 (got ${width} x ${height}).`);
  }
  if (width > side || height > side) {
    throw new RangeError(
      `Images in a cell can be at most ${side} x ${side} pixels (got ${width} x ${height}).`,
    );
  }
  if (image.data.length !== width * height * 4) {
    throw new RangeError(
      `An image of ${width} x ${height} needs ${width * height * 4} RGBA values (got ${image.data.length}).`,
    );
  }
  return image;
}

function imageOf(source: unknown, index = 0, tensorData?: ArrayLike<number>): ImageOutput {
  return checked(rawImageOf(source, index, tensorData));
}

function rawImageOf(source: unknown, index = 0, tensorData?: ArrayLike<number>): ImageOutput {
  if (isDigitSource(source)) {
    const image = source.digitImage(index);
    return { width: image.width, height: image.height, data: image.data, label: String(image.label) };
  }
  if (isTensor(source)) {
    // [28, 28], [28, 28, 1] or a batch [n, 28, 28, 1]: drop the size-1 axes, show the first image.
    const [height = 0, width = 0] = source.shape.filter((size) => size !== 1).slice(-2);
    const values = Array.from(tensorData ?? []).slice(0, height * width);
    const brightest = values.reduce((max, value) => Math.max(max, value), -Infinity);
    return { width, height, data: greyToRgba(values, brightest <= 1) };
  }
  const image = source as Partial<ImageOutput> | null;
  if (image && typeof image.width === 'number' && typeof image.height === 'number' && image.data) {
    return {
      width: image.width,
      height: image.height,
      data: new Uint8ClampedArray(image.data),
      label: image.label,
    };
  }
  throw new TypeError(
    'digit() shows a digit set (with an index), a 28x28 tensor or an image {width, height, data}.',
  );
}

export function createHelpers(sink: HelperSink) {
  let charts = 0;
  const newChart = (spec: ChartSpec): ChartHandle => {
    const id = `chart-${++charts}`;
    sink.emit({ kind: 'chart', chart: id, spec });
    return { id, update: () => undefined };
  };
  /** Handles are on screen already: a cell ending with one shows nothing more. */
  const shown = <T extends object>(handle: T): T =>
    Object.defineProperty(handle, ALREADY_SHOWN, { value: true });

  /**
   * Shows each value as the last line of a cell would (tensors, tables, numbers...).
   * @param values what to show, each as a cell's last line would
   * @example
   * show(tf.tensor([1, 2, 3]), { loss: 0.5 });
   */
  function show(...values: unknown[]): void {
    sink.emitValues(values);
  }

  /**
   * Shows rows (objects) as a table, optionally only the given columns.
   * @param rows objects, one per row
   * @param columns the columns to show, in order (default: every key)
   * @example
   * table([{ digit: 3, count: 10 }, { digit: 5, count: 7 }]);
   */
  function table(rows: Rows, columns?: readonly string[]): void {
    if (!Array.isArray(rows))
      throw new TypeError('table() needs an array of objects, e.g. [{digit: 3, count: 10}].');
    sink.emit(tableOf(rows as readonly Record<string, unknown>[], columns));
  }

  /**
   * A quick chart of rows or numbers; returns a handle whose `update(rows)` redraws it.
   * @param data rows (objects) or numbers
   * @param options x and y columns, the mark ('line', 'dot', 'bar', 'area'), title, width, height
   * @returns a handle whose update(rows) redraws the chart
   * @example
   * plot([{ epoch: 1, loss: 0.9 }, { epoch: 2, loss: 0.5 }], { x: 'epoch', y: 'loss' });
   */
  function plot(data: Rows | readonly number[], options: SimplePlotOptions = {}): ChartHandle {
    if (!Array.isArray(data))
      throw new TypeError('plot() needs an array of numbers or of objects, e.g. [{epoch: 1, loss: 0.5}].');
    const handle = newChart(simpleSpec(data, options));
    return shown({
      id: handle.id,
      update(next) {
        const spec = Array.isArray(next)
          ? simpleSpec(next, options)
          : chartSpec(next as ChartSpec & Record<string, unknown>);
        sink.updateChart(handle.id, spec);
      },
    });
  }

  /**
   * Observable Plot's marks and transforms, as data the page draws: Plot.plot({ marks: [Plot.lineY(rows, { x, y })] }).
   * @example
   * Plot.plot({ marks: [Plot.lineY([{ x: 1, y: 2 }, { x: 2, y: 3 }], { x: 'x', y: 'y' })] });
   */
  const Plot = {} as PlotApi;
  for (const mark of MARKS) {
    Plot[mark] = (data = null, options = {}) => ({
      mark,
      data: (data as MarkSpec['data']) ?? null,
      options: { ...options },
    });
  }
  for (const name of TRANSFORMS) {
    // Transforms become descriptors the page turns back into Plot calls.
    Plot[name] = (...args) => ({ __plotTransform: name, args });
  }
  Plot.plot = (options) => {
    const handle = newChart(chartSpec(options));
    return shown({
      id: handle.id,
      update(next) {
        if (Array.isArray(next))
          throw new TypeError('A Plot.plot chart updates with a full spec: chart.update({marks: [...]}).');
        sink.updateChart(handle.id, chartSpec(next as ChartSpec & Record<string, unknown>));
      },
    });
  };

  /**
   * A chart for a training run: pass `chart.onEpoch` (or `onBatch`) to `train`, or call `push`.
   * Redraws at most ten times a second so a fast loop cannot flood the page.
   * @param options x (default 'epoch') and y columns (default loss and accuracy), title...
   * @returns a chart with push(row), and onEpoch / onBatch to pass to train
   * @example
   * const chart = liveChart({ y: ['loss'] });
   * chart.push({ epoch: 1, loss: 0.8 });
   */
  function liveChart(options: SimplePlotOptions & { y?: string | string[] } = {}): LiveChart {
    const settings = { x: 'epoch', y: ['loss', 'accuracy'], ...options };
    const rows: Record<string, unknown>[] = [];
    const handle = newChart(simpleSpec([], settings));
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      sink.updateChart(handle.id, simpleSpec(rows, settings));
    };
    const push = (row: object) => {
      rows.push({ ...row });
      timer ??= setTimeout(flush, 100);
    };
    return shown({
      id: handle.id,
      rows,
      push,
      update: (next) => {
        rows.splice(0, rows.length, ...(Array.isArray(next) ? (next as Record<string, unknown>[]) : []));
        flush();
      },
      onEpoch: (record) => push(record),
      onBatch: (record) => push(record),
    });
  }

  /**
   * Shows one digit (a digit set and an index, a tensor or an image) as a picture.
   * @param source a digit set, a 28x28 tensor or an image {width, height, data}
   * @param index which digit of a set (default 0)
   * @example
   * digit((await loadMnist()).train, 0);
   */
  function digit(source: unknown, index = 0): void {
    if (isTensor(source)) {
      // Tensor values are read asynchronously (never synchronously from a GPU).
      const tensor = source as unknown as { data(): Promise<ArrayLike<number>> };
      sink.emitLater(async () => [
        { kind: 'images', images: [imageOf(source, 0, await tensor.data())], scale: 4 },
      ]);
      return;
    }
    sink.emit({ kind: 'images', images: [imageOf(source, index)], scale: 4 });
  }

  /**
   * Shows the first `count` digits of a set (or the given positions) in a row, with labels.
   * @param set a digit set
   * @param which how many from the start (default 10), or the positions to show
   * @example
   * digits((await loadMnist()).train, [0, 5, 9]);
   */
  function digits(set: unknown, which: number | readonly number[] = 10): void {
    if (!isDigitSource(set)) throw new TypeError('digits() needs a digit set, e.g. digits(mnist.train, 10).');
    const indices =
      typeof which === 'number'
        ? Array.from({ length: Math.min(which, set.size, LIMITS.images) }, (_, i) => i)
        : which.slice(0, LIMITS.images);
    sink.emit({ kind: 'images', images: indices.map((i) => imageOf(set, i)), scale: 2 });
  }

  /**
   * Waits, without blocking the page.
   * @param ms milliseconds
   * @returns a promise that resolves after that long
   * @example
   * await sleep(100);
   */
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  return { show, table, plot, Plot, liveChart, digit, digits, sleep };
}

export type Helpers = ReturnType<typeof createHelpers>;
