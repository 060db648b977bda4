/**
 * The results table: one row per model. Each row also carries its raw numbers as data attributes,
 * so tests (and curious readers in the console) can check them without parsing the text.
 */
import type { FinishedDistillation, ModelReport, StudentRole } from '../../lib/experiments/distillation';
import { roleName } from './charts';
import { integer, kilobytes, milliseconds, percent, times } from './format';

export function fillResultsTable(table: HTMLTableElement, run: FinishedDistillation): void {
  const batchSizes = run.teacher.latency.map((point) => point.batchSize);
  const digit = run.missingDigit?.digit;
  const headers = [
    'Model',
    'Test accuracy',
    `Errors (of ${integer(run.teacher.count)})`,
    'Gap recovered',
    'Epochs (best)',
    'Parameters',
    'Multiply-adds per image',
    'Size on disk',
    ...batchSizes.map((size) => `ms per image, batch ${size}`),
    ...batchSizes.map((size) => `Speed-up, batch ${size}`),
    'Agrees with teacher',
    ...(digit === undefined ? [] : [`Accuracy on ${digit}s`]),
  ];
  const head = table.tHead!;
  head.replaceChildren(row(headers.map((text) => cell('th', text, { scope: 'col' }))));
  const body = table.tBodies[0]!;
  body.replaceChildren(
    ...[run.teacher, ...run.students].map((report) => {
      const gap = report.role === 'teacher' ? undefined : run.gapRecovered[report.role as StudentRole];
      const training = report.training;
      const tr = row([
        cell('th', `${roleName(report.role, digit)} (${report.description})`, { scope: 'row' }),
        cell('td', percent(report.accuracy, 2)),
        cell('td', integer(report.errors)),
        cell('td', gap === undefined || gap === null ? '–' : percent(gap, 0)),
        cell('td', training ? `${training.epochs} (${training.bestEpoch})` : '–'),
        cell('td', integer(report.params)),
        cell('td', integer(report.multiplyAdds)),
        cell('td', kilobytes(report.kilobytes)),
        ...report.latency.map((point) => cell('td', milliseconds(point.msPerImage))),
        ...batchSizes.map((_, i) => cell('td', report.speedUp ? times(report.speedUp[i]!) : '–')),
        cell('td', report.agreementWithTeacher === undefined ? '–' : percent(report.agreementWithTeacher)),
        ...(digit === undefined ? [] : [cell('td', percent(report.perClass[digit] ?? Number.NaN))]),
      ]);
      describeRow(tr, report);
      return tr;
    }),
  );
}

/** What the teacher answers for the test images of the missing digit: one column per answer. */
export function fillTeacherAnswers(table: HTMLTableElement, answers: number[]): void {
  table.tHead!.replaceChildren(
    row([
      cell('th', 'Answer', { scope: 'row' }),
      ...answers.map((_, d) => cell('th', String(d), { scope: 'col' })),
    ]),
  );
  table.tBodies[0]!.replaceChildren(
    row([cell('th', 'Test images', { scope: 'row' }), ...answers.map((count) => cell('td', String(count)))]),
  );
}

function describeRow(tr: HTMLTableRowElement, report: ModelReport): void {
  Object.assign(tr.dataset, {
    model: report.role,
    accuracy: String(report.accuracy),
    errors: String(report.errors),
    count: String(report.count),
    params: String(report.params),
    multiplyAdds: String(report.multiplyAdds),
    kilobytes: String(report.kilobytes),
    latency: JSON.stringify(report.latency),
    epochs: String(report.training?.epochs ?? ''),
    ...(report.speedUp ? { speedUp: JSON.stringify(report.speedUp) } : {}),
    ...(report.agreementWithTeacher === undefined ? {} : { agreement: String(report.agreementWithTeacher) }),
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
