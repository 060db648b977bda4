/** The sentences under the results table: what this run measured, in words. */
import type { FinishedDistillation, MissingDigitReport } from '../../lib/experiments/distillation';
import { studentReport } from '../../lib/experiments/student-report';
import { integer, percent, times } from './format';

export function describeRun(run: FinishedDistillation): string {
  const { data } = run;
  const alone = studentReport(run, 'alone')!;
  const distilled = studentReport(run, 'distilled')!;
  const pseudo = studentReport(run, 'pseudo');
  const images =
    `The students learned from ${integer(data.labelled)} labelled images` +
    (data.unlabelled ? ` and ${integer(data.unlabelled)} images only the teacher labelled` : '') +
    `; ${integer(data.validation)} more were held out for early stopping.`;
  const errors =
    `Test errors: teacher ${integer(run.teacher.errors)}, student alone ${integer(alone.errors)}` +
    (pseudo ? `, on pseudo-labels ${integer(pseudo.errors)}` : '') +
    `, distilled ${integer(distilled.errors)}.`;
  const gap = run.gapRecovered.distilled;
  const gapText =
    gap === null || gap === undefined
      ? 'The student alone already matched the teacher.'
      : `Soft targets recovered ${percent(gap, 0)} of the gap between the student alone and the teacher` +
        (pseudo ? `; pseudo-labels ${percent(run.gapRecovered.pseudo ?? Number.NaN, 0)}.` : '.');
  const batch1 = distilled.speedUp?.[0] ?? Number.NaN;
  const cost =
    `The student has ${percent(distilled.params / run.teacher.params)} of the teacher's parameters and ` +
    `${percent(distilled.multiplyAdds / run.teacher.multiplyAdds)} of its multiply-adds, and answers one image ${times(batch1)} as fast here.`;
  return [images, errors, gapText, cost].join(' ');
}

export function describeMissingDigit(m: MissingDigitReport): string {
  const d = m.digit;
  return (
    `Of the ${m.count} test ${d}s, the teacher gets ${m.right.teacher} right and the student alone ${m.right.alone}: ` +
    `it never saw a ${d}. The distilled student gets ${m.right.before} right as trained, and ${m.right.after} after ` +
    `its ${d}s bias is raised by ${m.bias.toFixed(2)}, an amount chosen on the validation slice ` +
    `(validation accuracy ${percent(m.validationBefore)} before, ${percent(m.validationAfter)} after).`
  );
}
