/**
 * The learning-curve chart as an SVG string: accuracy against labels per class (log scale), one
 * line per strategy, each point the mean over seeds with a bar from the lowest to the highest seed.
 * Plain string building with no DOM, so the same code draws the benchmark at build time and the
 * reader's run in the page, and the two charts look alike side by side.
 */
import type { LearningCurvePoint } from '../../lib/experiments/learning-curve-config';
import { CURVE_STRATEGIES, STRATEGY_NAMES } from '../../lib/experiments/learning-curve-config';
import type { TransferStrategy } from '../../lib/transfer/prepare';

export type ChartPoint = Pick<LearningCurvePoint, 'perClass' | 'strategy' | 'mean' | 'min' | 'max'> & {
  seeds: readonly number[];
};

export interface CurveChartOptions {
  /** Unique in the page: the SVG's title and description are referenced by id. */
  id: string;
  title: string;
  /** The x axis runs over these sizes even before every point is measured. */
  sizes: readonly number[];
  /** Lowest accuracy on the y axis (the top is 100 %); lowered to fit points below it. */
  yMin?: number;
}

/** Colour and dash per strategy: told apart by dash too, not by colour alone. */
export const STRATEGY_STYLE: Readonly<Record<TransferStrategy, { colour: string; dash: string }>> = {
  scratch: { colour: '#8a8f98', dash: '5 4' },
  'feature-extraction': { colour: '#e08a1e', dash: '1 3' },
  'fine-tune': { colour: '#2f7de1', dash: '' },
};

// Drawn at about the width it is shown at (a phone's column is about 320 px), so 13-unit text
// stays at least 12 px on screen.
const WIDTH = 320;
const HEIGHT = 300;
const MARGIN = { left: 46, right: 12, top: 14, bottom: 100 };

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fixed = (value: number) => Number(value.toFixed(1));
const pct = (value: number) => `${(value * 100).toFixed(1)} %`;

/** One sentence per strategy listing its means: the chart's text alternative. */
export function describeCurve(points: readonly ChartPoint[]): string {
  if (points.length === 0) return 'No points measured yet.';
  const seeds = new Set(points.flatMap((p) => p.seeds));
  return (
    CURVE_STRATEGIES.flatMap((strategy) => {
      const own = points.filter((p) => p.strategy === strategy).sort((a, b) => a.perClass - b.perClass);
      if (own.length === 0) return [];
      const values = own.map((p) => {
        const range = p.seeds.length > 1 ? ` (seeds from ${pct(p.min)} to ${pct(p.max)})` : '';
        return `${pct(p.mean)} at ${p.perClass}${range}`;
      });
      return [`${STRATEGY_NAMES[strategy]}: ${values.join(', ')}`];
    }).join('. ') +
    `. Test accuracy on the digits 5 to 9 against labelled examples per digit, ${seeds.size === 1 ? 'one seed' : `mean of ${seeds.size} seeds`}.`
  );
}

export function curveChartSvg(points: readonly ChartPoint[], options: CurveChartOptions): string {
  const sizes = [...new Set([...options.sizes, ...points.map((p) => p.perClass)])].sort((a, b) => a - b);
  const lowest = Math.min(options.yMin ?? 0.3, ...points.map((p) => p.min));
  const yMin = Math.max(0, Math.floor(lowest * 10) / 10);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const logMin = Math.log(sizes[0] ?? 1);
  const logMax = Math.log(sizes[sizes.length - 1] ?? 1);
  const x = (perClass: number) =>
    MARGIN.left +
    (logMax === logMin ? plotW / 2 : 12 + ((Math.log(perClass) - logMin) / (logMax - logMin)) * (plotW - 24));
  const y = (accuracy: number) => MARGIN.top + ((1 - accuracy) / (1 - yMin)) * plotH;
  const parts: string[] = [];
  const ids = { title: `${options.id}-title`, desc: `${options.id}-desc` };
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${ids.title} ${ids.desc}" class="tl-curve-chart" font-size="13" font-family="inherit">`,
    `<title id="${ids.title}">${escape(options.title)}</title>`,
    `<desc id="${ids.desc}">${escape(describeCurve(points))}</desc>`,
  );
  // Grid and axes.
  for (let tick = Math.ceil(yMin * 10) / 10; tick <= 1.0001; tick += 0.1) {
    const at = fixed(y(tick));
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${at}" y2="${at}" stroke="currentColor" stroke-opacity="0.15"/>`,
      `<text x="${MARGIN.left - 6}" y="${at}" text-anchor="end" dominant-baseline="middle" fill="currentColor">${Math.round(tick * 100)} %</text>`,
    );
  }
  const axisY = MARGIN.top + plotH;
  parts.push(
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${axisY}" y2="${axisY}" stroke="currentColor" stroke-opacity="0.6"/>`,
  );
  for (const size of sizes) {
    parts.push(
      `<text x="${fixed(x(size))}" y="${axisY + 15}" text-anchor="middle" fill="currentColor">${size}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${axisY + 32}" text-anchor="middle" fill="currentColor">labelled examples per digit (log scale)</text>`,
  );
  // One line per strategy, dodged sideways a little so the seed bars do not hide each other.
  CURVE_STRATEGIES.forEach((strategy, index) => {
    const own = points.filter((p) => p.strategy === strategy).sort((a, b) => a.perClass - b.perClass);
    if (own.length === 0) return;
    const { colour, dash } = STRATEGY_STYLE[strategy];
    const dx = (index - 1) * 4;
    const path = own.map((p, i) => `${i === 0 ? 'M' : 'L'}${fixed(x(p.perClass) + dx)},${fixed(y(p.mean))}`);
    parts.push(
      `<g data-strategy="${strategy}">`,
      `<path d="${path.join('')}" fill="none" stroke="${colour}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/>`,
    );
    for (const p of own) {
      const cx = fixed(x(p.perClass) + dx);
      if (p.max > p.min) {
        parts.push(
          `<line x1="${cx}" x2="${cx}" y1="${fixed(y(p.min))}" y2="${fixed(y(p.max))}" stroke="${colour}" stroke-width="1.5"/>`,
          `<line x1="${cx - 3}" x2="${cx + 3}" y1="${fixed(y(p.min))}" y2="${fixed(y(p.min))}" stroke="${colour}" stroke-width="1.5"/>`,
          `<line x1="${cx - 3}" x2="${cx + 3}" y1="${fixed(y(p.max))}" y2="${fixed(y(p.max))}" stroke="${colour}" stroke-width="1.5"/>`,
        );
      }
      parts.push(
        `<circle cx="${cx}" cy="${fixed(y(p.mean))}" r="3.2" fill="${colour}" data-per-class="${p.perClass}" data-mean="${p.mean.toFixed(4)}"/>`,
      );
    }
    parts.push('</g>');
    // Legend: one row per strategy under the axis title.
    const lx = MARGIN.left;
    const ly = axisY + 52 + index * 17;
    parts.push(
      `<line x1="${lx}" x2="${lx + 26}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/>`,
      `<text x="${lx + 31}" y="${ly}" dominant-baseline="middle" fill="currentColor">${escape(STRATEGY_NAMES[strategy])}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
