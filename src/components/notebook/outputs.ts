/**
 * Draws the kernel's outputs (plain data, see src/notebook/protocol.ts, already checked by
 * src/notebook/host/validate.ts) into a cell's output area: logs, values, tables, tensors, digit
 * images and Observable Plot charts. Everything is text or canvas pixels; charts go through Plot
 * with only allow-listed marks and transforms. Plot loads the first time a chart arrives.
 */
import type { CellError, ChartSpec, MarkSpec, Output, TableValue } from '../../notebook/protocol';
import { formatNumber } from '../../notebook/numbers';
import { isMark, isTransform } from '../../notebook/plot-rules';
import { errorMessage } from '../../lib/util/errors';
import { withGroupRoles } from '../plot-a11y';

type PlotModule = typeof import('@observablehq/plot');
let plotModule: Promise<PlotModule> | null = null;
const loadPlot = () => (plotModule ??= import('@observablehq/plot'));

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function tableValue(value: TableValue): string {
  if (value === null) return '';
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

/** Turns descriptors like `{__plotTransform: 'binX', args}` back into Plot calls. */
function revive(value: unknown, Plot: PlotModule): unknown {
  if (Array.isArray(value)) return value.map((item) => revive(item, Plot));
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const record = value as Record<string, unknown>;
    if (isTransform(record.__plotTransform)) {
      const transform = (Plot as unknown as Record<string, (...args: unknown[]) => unknown>)[
        record.__plotTransform
      ];
      if (typeof transform !== 'function')
        throw new Error(`Plot has no transform named ${record.__plotTransform}.`);
      return transform(...(record.args as unknown[]).map((arg) => revive(arg, Plot)));
    }
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, revive(inner, Plot)]));
  }
  return value;
}

function markOf(spec: MarkSpec, Plot: PlotModule) {
  if (!isMark(spec.mark)) throw new Error(`Plot has no mark named ${spec.mark}.`);
  const factory = (Plot as unknown as Record<string, (data: unknown, options: unknown) => unknown>)[
    spec.mark
  ];
  if (typeof factory !== 'function') throw new Error(`Plot has no mark named ${spec.mark}.`);
  return factory(spec.data ?? undefined, revive(spec.options, Plot));
}

async function drawChart(container: HTMLElement, spec: ChartSpec): Promise<void> {
  const Plot = await loadPlot();
  try {
    const figure = Plot.plot({
      width: Math.min(640, container.clientWidth || 640),
      height: 260,
      ...(revive(spec.options, Plot) as Record<string, unknown>),
      marks: spec.marks.map((mark) => markOf(mark, Plot)) as never,
    });
    container.replaceChildren(withGroupRoles(figure));
  } catch (error) {
    container.replaceChildren(
      element('div', 'tl-out tl-out--error', `Could not draw the chart: ${errorMessage(error)}`),
    );
  }
}

/** One cell's output area. */
export class OutputArea {
  private readonly charts = new Map<
    string,
    { container: HTMLElement; next: ChartSpec | null; drawing: boolean }
  >();

  constructor(private readonly root: HTMLElement) {}

  clear(): void {
    this.charts.clear();
    this.root.replaceChildren();
  }

  add(output: Output): void {
    this.root.append(this.render(output));
  }

  note(text: string, tone: 'info' | 'warn' = 'info'): void {
    this.add({ kind: 'note', text });
    this.root.lastElementChild?.setAttribute('data-tone', tone);
  }

  error(error: CellError): void {
    const where = error.line ? ` on line ${error.line}` : '';
    const when = error.beforeRunning ? ' (found before running: nothing ran)' : '';
    const box = element('div', 'tl-out tl-out--error');
    box.dataset.role = 'error';
    if (error.line) box.dataset.line = String(error.line);
    box.textContent = `${error.name}${where}${when}: ${error.message}`;
    this.root.append(box);
  }

  updateChart(id: string, spec: ChartSpec): void {
    const chart = this.charts.get(id);
    if (!chart) return;
    chart.next = spec;
    if (chart.drawing) return;
    // Draw at most once a frame; the latest spec wins.
    chart.drawing = true;
    requestAnimationFrame(async () => {
      const latest = chart.next;
      chart.next = null;
      if (latest) await drawChart(chart.container, latest);
      chart.drawing = false;
      if (chart.next) this.updateChart(id, chart.next);
    });
  }

  private render(output: Output): HTMLElement {
    switch (output.kind) {
      case 'log': {
        const line = element('div', 'tl-out tl-out--log', output.text);
        line.dataset.level = output.level;
        return line;
      }
      case 'value':
        return element('div', 'tl-out tl-out--value', output.text);
      case 'note':
        return element('div', 'tl-out tl-out--note', output.text);
      case 'check': {
        const box = element('div', `tl-out tl-out--check`, `${output.passed ? '✓' : '✗'} ${output.message}`);
        box.dataset.passed = String(output.passed);
        return box;
      }
      case 'tensor': {
        const box = element('div', 'tl-out tl-out--tensor');
        box.append(
          element(
            'div',
            'tl-out__caption',
            `Tensor ${output.dtype} · shape [${output.shape.join(', ')}] · ${formatNumber(output.size)} values`,
          ),
          element('pre', 'tl-out__values', output.text),
        );
        return box;
      }
      case 'table': {
        const wrap = element('div', 'tl-out tl-out--table');
        const table = document.createElement('table');
        const head = table.createTHead().insertRow();
        for (const column of output.columns) head.append(element('th', '', column));
        const body = table.createTBody();
        for (const row of output.rows) {
          const tr = body.insertRow();
          row.forEach((value) => {
            const td = tr.insertCell();
            td.textContent = tableValue(value);
            if (typeof value === 'number') td.className = 'tl-num';
          });
        }
        wrap.append(table);
        if (output.total > output.rows.length) {
          wrap.append(
            element(
              'div',
              'tl-out__caption',
              `Showing ${output.rows.length} of ${formatNumber(output.total)} rows.`,
            ),
          );
        }
        return wrap;
      }
      case 'images': {
        const strip = element('div', 'tl-out tl-out--images');
        for (const image of output.images) {
          const figure = element('figure', 'tl-out__image');
          const canvas = document.createElement('canvas');
          canvas.width = image.width;
          canvas.height = image.height;
          canvas.style.width = `${image.width * output.scale}px`;
          canvas
            .getContext('2d')
            ?.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
          figure.append(canvas);
          if (image.label !== undefined) figure.append(element('figcaption', '', image.label));
          strip.append(figure);
        }
        return strip;
      }
      case 'chart': {
        const container = element('div', 'tl-out tl-out--chart');
        container.dataset.chart = output.chart;
        this.charts.set(output.chart, { container, next: null, drawing: false });
        // Through the same queue as updates, so a quick update cannot be overwritten by the first draw.
        this.updateChart(output.chart, output.spec);
        return container;
      }
    }
  }
}
