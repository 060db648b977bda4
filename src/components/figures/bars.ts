/**
 * A small SVG bar chart as a string: one bar per label, a zero line, a value axis with units.
 * Text is at least 12 px at any width (the SVG is drawn at its real size and scrolls never).
 */
import { esc } from './kit';

export interface BarSeries {
  name: string;
  values: readonly number[];
  /** A CSS colour (use the figure palette: var(--tl-fig-a) ...). */
  colour: string;
}

export interface BarChartOptions {
  labels: readonly string[];
  series: readonly BarSeries[];
  /** Value range of the axis; a negative min draws bars down from a zero line. */
  min: number;
  max: number;
  /** The value axis title, with its unit. */
  axis: string;
  /** The category axis title. */
  categories: string;
  /** Marks one category (for example the true digit). */
  highlight?: number;
  title: string;
  height?: number;
}

const WIDTH = 320;

/** The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least `value`: a round axis end. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((v) => v >= value * (1 - 1e-9))!;
}

export function barChart(options: BarChartOptions): string {
  const { labels, series, min, max, highlight } = options;
  const height = options.height ?? 180;
  const left = 50;
  const right = 8;
  const top = series.length > 1 ? 26 : 10;
  const bottom = 40;
  const plotW = WIDTH - left - right;
  const plotH = height - top - bottom;
  const y = (v: number) => top + plotH * (1 - (Math.min(Math.max(v, min), max) - min) / (max - min));
  const band = plotW / labels.length;
  const barW = (band * 0.8) / series.length;
  const ticks = [min, (min + max) / 2, max];
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(
      `<line x1="${left}" x2="${WIDTH - right}" y1="${y(t)}" y2="${y(t)}" class="tl-fig__grid"/>`,
      `<text x="${left - 4}" y="${y(t) + 4}" text-anchor="end" class="tl-fig__tick">${esc(+t.toPrecision(3))}</text>`,
    );
  }
  labels.forEach((label, i) => {
    const x0 = left + i * band;
    if (i === highlight) {
      parts.push(`<rect x="${x0}" y="${top}" width="${band}" height="${plotH}" class="tl-fig__highlight"/>`);
    }
    series.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      const y0 = y(Math.max(0, min));
      const y1 = y(v);
      parts.push(
        `<rect x="${x0 + band * 0.1 + j * barW}" y="${Math.min(y0, y1)}" width="${barW}" height="${Math.abs(y1 - y0)}" fill="${s.colour}"><title>${esc(`${s.name}, ${label}: ${+v.toPrecision(3)}`)}</title></rect>`,
      );
    });
    parts.push(
      `<text x="${x0 + band / 2}" y="${top + plotH + 15}" text-anchor="middle" class="tl-fig__tick">${esc(label)}</text>`,
    );
  });
  parts.push(
    `<line x1="${left}" x2="${WIDTH - right}" y1="${y(Math.max(0, min))}" y2="${y(Math.max(0, min))}" class="tl-fig__axis"/>`,
    `<text x="${left + plotW / 2}" y="${height - 4}" text-anchor="middle" class="tl-fig__label">${esc(options.categories)}</text>`,
    `<text transform="translate(12 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" class="tl-fig__label">${esc(options.axis)}</text>`,
  );
  if (series.length > 1) {
    let x = left;
    for (const s of series) {
      parts.push(
        `<rect x="${x}" y="6" width="12" height="12" fill="${s.colour}"/>`,
        `<text x="${x + 16}" y="16" class="tl-fig__tick">${esc(s.name)}</text>`,
      );
      x += 24 + s.name.length * 7;
    }
  }
  return `<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${esc(options.title)}" class="tl-fig__svg">${parts.join('')}</svg>`;
}
