/**
 * The results table: one row per model. Each row also carries its raw numbers as data attributes,
 * so tests (and curious readers in the console) can check them without parsing the text.
 */
import type { FinishedDistillation, ModelReport } from '../../lib/experiments/distillation';
import { ROLE_NAMES } from './charts';
import { integer, kilobytes, milliseconds, percent, times } from './format';

export function fillResultsTable(table: HTMLTableElement, run: FinishedDistillation): void {
  const batchSizes = run.teacher.latency.map((point) => point.batchSize);
  const leftOut = run.config.leaveOut;
  const headers = [
    'Model',
    'Test accuracy',
    `Errors (of ${integer(run.teacher.count)})`,
    'Parameters',
    'Size on disk',
    ...batchSizes.map((size) => `ms per image, batch ${size}`),
    ...batchSizes.map((size) => `Speed-up, batch ${size}`),
    'Agrees with teacher',
    ...leftOut.map((digit) => `Accuracy on ${digit}s`),
  ];
  const head = table.tHead!;
  head.replaceChildren(row(headers.map((text) => cell('th', text, { scope: 'col' }))));
  const body = table.tBodies[0]!;
  body.replaceChildren(
    ...[run.teacher, run.distilled, run.alone].map((report) => {
      const tr = row([
        cell('th', `${ROLE_NAMES[report.role]} (${report.description})`, { scope: 'row' }),
        cell('td', percent(report.accuracy, 2)),
        cell('td', integer(report.errors)),
        cell('td', integer(report.params)),
        cell('td', kilobytes(report.kilobytes)),
        ...report.latency.map((point) => cell('td', milliseconds(point.msPerImage))),
        ...report.speedUp.map((ratio) => cell('td', times(ratio))),
        cell('td', percent(report.agreementWithTeacher)),
        ...leftOut.map((digit) => cell('td', percent(report.perClass[digit] ?? Number.NaN))),
      ]);
      describeRow(tr, report);
      return tr;
    }),
  );
}

function describeRow(tr: HTMLTableRowElement, report: ModelReport): void {
  Object.assign(tr.dataset, {
    model: report.role,
    accuracy: String(report.accuracy),
    errors: String(report.errors),
    count: String(report.count),
    params: String(report.params),
    kilobytes: String(report.kilobytes),
    latency: JSON.stringify(report.latency),
    speedUp: JSON.stringify(report.speedUp),
    agreement: String(report.agreementWithTeacher),
  });
}

function row(cells: HTMLElement[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.append(...cells);
  return tr;
}

function cell(tag: 'th' | 'td', text: string, attributes: Record<string, string> = {}): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}
