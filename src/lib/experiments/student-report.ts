/**
 * One student's report from a finished run. No tfjs here (types only), so the demo's page-load code
 * can use it without pulling the experiment, and tfjs with it, into the page before Start.
 */
import type { ModelReport, StudentRole } from './model-report';

/**
 * The report of one role, e.g. `studentReport(run, 'distilled')`.
 * @param run a finished distillation run
 * @param role 'alone', 'distilled', 'adjusted'...
 * @returns that student's report, if the run has it
 * @example
 * const outcome = await runDistillationExperiment({ ...DEFAULT_CONFIGS['same-data'], maxEpochs: 1 });
 * if (outcome.status === 'done') studentReport(outcome, 'distilled')?.errors
 */
export function studentReport(
  run: { readonly students: readonly ModelReport[] },
  role: StudentRole,
): ModelReport | undefined {
  return run.students.find((report) => report.role === role);
}
