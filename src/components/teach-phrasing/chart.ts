/**
 * The live training chart of the "teach a phrasing" widget: the loss after each step and, where it
 * was measured, the running accuracy on the test pairs. Observable Plot is loaded with the
 * experiment, never on page load; each call replaces the container's content.
 */
import type { FineTuneStep } from '../../lib/t5';
import { withGroupRoles } from '../plot-a11y';

type PlotModule = typeof import('@observablehq/plot');

export function drawTraining(Plot: PlotModule, container: HTMLElement, steps: readonly FineTuneStep[]): void {
  const loss = steps.filter((s) => Number.isFinite(s.loss));
  const accuracy = steps.filter((s) => s.evalAccuracy !== undefined && Number.isFinite(s.evalAccuracy));
  const lossChart = Plot.plot({
    height: 220,
    width: 320,
    marginLeft: 50,
    x: { label: 'step', domain: [0, Math.max(5, ...steps.map((s) => s.step))] },
    y: { label: 'training loss', grid: true, zero: true },
    marks: [Plot.lineY(loss, { x: 'step', y: 'loss', marker: 'circle' }), Plot.ruleY([0])],
  });
  const accuracyChart = Plot.plot({
    height: 220,
    width: 320,
    marginLeft: 50,
    x: { label: 'step', domain: [0, Math.max(5, ...steps.map((s) => s.step))] },
    y: { label: 'validation accuracy (teacher-forced)', domain: [0, 1], grid: true, tickFormat: '.0%' },
    marks: [Plot.lineY(accuracy, { x: 'step', y: 'evalAccuracy', marker: 'circle' }), Plot.ruleY([0])],
  });
  const wrap = (chart: Element, role: string) => {
    const div = document.createElement('div');
    div.dataset.chart = role;
    div.append(withGroupRoles(chart));
    return div;
  };
  container.replaceChildren(wrap(lossChart, 'loss'), wrap(accuracyChart, 'accuracy'));
}
