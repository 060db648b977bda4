/**
 * The demo's three kinds of chart, drawn with Observable Plot (loaded with the experiment, never on
 * page load). Each function replaces the container's content.
 */
import type { CurvePoint, DarkKnowledge, ModelReport } from '../../lib/experiments/distillation';
import { withGroupRoles } from '../plot-a11y';

type PlotModule = typeof import('@observablehq/plot');

const STUDENT_NAMES: Record<CurvePoint['student'], string> = {
  alone: 'student alone (hard labels)',
  pseudo: "pseudo-labels (teacher's top answer)",
  distilled: 'distilled student (soft targets)',
  adjusted: 'distilled, bias raised',
};

/** Axis text of at least 12 px on every chart (Plot's default is 10 px). */
const CHART_STYLE = { fontSize: '12px' };
/** How the page names each model, e.g. "Distilled student, 3s bias raised". */
export function roleName(role: ModelReport['role'], digit?: number): string {
  switch (role) {
    case 'teacher':
      return 'Teacher';
    case 'alone':
      return 'Student alone';
    case 'pseudo':
      return 'Student on pseudo-labels';
    case 'distilled':
      return 'Distilled student';
    case 'adjusted':
      return `Distilled student, ${digit ?? ''}s bias raised`;
  }
}

function place(container: HTMLElement, chart: Element): void {
  container.replaceChildren(withGroupRoles(chart));
}

/** The students' learning curves on one chart, plus the teacher's test accuracy once it is known. */
export function drawCurves(
  Plot: PlotModule,
  container: HTMLElement,
  points: CurvePoint[],
  teacherAccuracy?: number,
): void {
  const rows = points
    .filter((point) => Number.isFinite(point.valAccuracy))
    .map((point) => ({ ...point, thousands: point.images / 1000, who: STUDENT_NAMES[point.student] }));
  const marks = [
    Plot.lineY(rows, { x: 'thousands', y: 'valAccuracy', stroke: 'who', marker: 'circle' }),
    Plot.ruleY([0]),
  ];
  if (teacherAccuracy !== undefined) {
    marks.push(
      Plot.ruleY([teacherAccuracy], { stroke: 'currentColor', strokeDasharray: '4 3' }),
      Plot.text([teacherAccuracy], {
        y: (d: number) => d,
        frameAnchor: 'left',
        dy: -7,
        text: () => 'teacher',
      }),
    );
  }
  place(
    container,
    Plot.plot({
      style: CHART_STYLE,
      height: 260,
      marginLeft: 50,
      x: { label: 'training images seen (thousands)', type: 'symlog' },
      y: { label: 'validation accuracy', domain: [0, 1], grid: true, tickFormat: '.0%' },
      color: { legend: true, domain: [...new Set(rows.map((row) => row.who))] },
      marks,
    }),
  );
}

/** One confusion matrix as a heat map, with the counts written in the cells. */
export function drawConfusion(
  Plot: PlotModule,
  container: HTMLElement,
  report: ModelReport,
  digit?: number,
): void {
  const cells = report.confusion.flatMap((row, truth) =>
    row.map((count, predicted) => ({ truth, predicted, count })),
  );
  const errors = cells.filter((cell) => cell.truth !== cell.predicted);
  const chart = Plot.plot({
    style: CHART_STYLE,
    width: 260,
    height: 260,
    marginLeft: 36,
    marginTop: 30,
    x: { label: 'answer', axis: 'top', domain: [...Array(10).keys()] },
    y: { label: 'true digit', domain: [...Array(10).keys()] },
    color: { type: 'sqrt', scheme: 'oranges' },
    marks: [
      Plot.cell(errors, { x: 'predicted', y: 'truth', fill: 'count', inset: 0.5 }),
      Plot.cell(
        cells.filter((cell) => cell.truth === cell.predicted),
        { x: 'predicted', y: 'truth', fill: 'currentColor', fillOpacity: 0.08, inset: 0.5 },
      ),
      Plot.text(
        cells.filter((cell) => cell.count > 0),
        { x: 'predicted', y: 'truth', text: 'count', fontSize: 11 },
      ),
    ],
  });
  const figure = document.createElement('div');
  figure.dataset.model = report.role;
  // A plain caption rather than Plot's title, which would add a heading to the lesson's outline.
  const caption = document.createElement('p');
  caption.className = 'tl-dist__hint';
  caption.textContent = `${roleName(report.role, digit)}: ${report.errors} errors`;
  figure.append(caption, withGroupRoles(chart));
  container.append(figure);
}

/** The probabilities for one digit: teacher at T = 1 and at T, and both students at T. */
export function drawDarkKnowledge(Plot: PlotModule, container: HTMLElement, knowledge: DarkKnowledge): void {
  const T = knowledge.temperature;
  const series: [string, number[]][] = [
    ['teacher, T = 1', knowledge.teacherAt1],
    [`teacher, T = ${T}`, knowledge.teacherAtT],
    [`distilled student, T = ${T}`, knowledge.distilledAtT],
    [`student alone, T = ${T}`, knowledge.aloneAtT],
  ];
  const rows = series.flatMap(([name, probabilities]) =>
    probabilities.map((probability, digit) => ({ name, digit, probability })),
  );
  place(
    container,
    Plot.plot({
      style: CHART_STYLE,
      height: 240,
      marginLeft: 50,
      fx: { label: 'digit', padding: 0.15 },
      x: { axis: null, domain: series.map(([name]) => name) },
      y: { label: 'probability', domain: [0, 1], grid: true },
      color: { legend: true, domain: series.map(([name]) => name) },
      marks: [Plot.barY(rows, { fx: 'digit', x: 'name', y: 'probability', fill: 'name' }), Plot.ruleY([0])],
    }),
  );
}
