/** A small SVG line chart as a string, with a marker on one point; text at least 12 px. */
import { esc } from './kit';

export interface LineChartOptions {
  xs: readonly number[];
  ys: readonly number[];
  /** Index of the marked point. */
  mark: number;
  xAxis: string;
  yAxis: string;
  yMin: number;
  yMax: number;
  title: string;
  /** A dashed horizontal reference line and its label. */
  reference?: { y: number; label: string };
}

export function lineChart(o: LineChartOptions): string {
  const width = 320;
  const height = 170;
  const left = 46;
  const right = 10;
  const top = 10;
  const bottom = 40;
  const xMin = Math.min(...o.xs);
  const xMax = Math.max(...o.xs);
  const x = (v: number) => left + ((v - xMin) / (xMax - xMin || 1)) * (width - left - right);
  const y = (v: number) => top + (1 - (v - o.yMin) / (o.yMax - o.yMin)) * (height - top - bottom);
  const parts: string[] = [];
  for (const t of [o.yMin, (o.yMin + o.yMax) / 2, o.yMax]) {
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(t)}" y2="${y(t)}" class="tl-fig__grid"/>`,
      `<text x="${left - 4}" y="${y(t) + 4}" text-anchor="end" class="tl-fig__tick">${esc(+t.toPrecision(3))}</text>`,
    );
  }
  for (const t of [xMin, (xMin + xMax) / 2, xMax]) {
    parts.push(
      `<text x="${x(t)}" y="${height - bottom + 15}" text-anchor="middle" class="tl-fig__tick">${esc(+t.toPrecision(3))}</text>`,
    );
  }
  if (o.reference) {
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(o.reference.y)}" y2="${y(o.reference.y)}" stroke="var(--tl-fig-muted)" stroke-dasharray="4 3"/>`,
      `<text x="${left + 4}" y="${y(o.reference.y) - 4}" class="tl-fig__tick">${esc(o.reference.label)}</text>`,
    );
  }
  const path = o.xs
    .map((v, i) => `${i === 0 ? 'M' : 'L'}${x(v).toFixed(1)},${y(o.ys[i]!).toFixed(1)}`)
    .join('');
  parts.push(
    `<path d="${path}" fill="none" stroke="var(--tl-fig-a)" stroke-width="2"/>`,
    `<circle cx="${x(o.xs[o.mark]!)}" cy="${y(o.ys[o.mark]!)}" r="5" fill="var(--tl-fig-b)"/>`,
    `<text x="${left + (width - left - right) / 2}" y="${height - 4}" text-anchor="middle" class="tl-fig__label">${esc(o.xAxis)}</text>`,
    `<text transform="translate(12 ${top + (height - top - bottom) / 2}) rotate(-90)" text-anchor="middle" class="tl-fig__label">${esc(o.yAxis)}</text>`,
  );
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" class="tl-fig__svg" role="img" aria-label="${esc(o.title)}">${parts.join('')}</svg>`;
}
