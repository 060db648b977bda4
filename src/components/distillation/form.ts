/** Reads the demo's controls into an experiment configuration (no tfjs: runs on page load). */
import {
  DEFAULT_DISTILLATION_CONFIG,
  type DistillationConfig,
  type StudentSpec,
  type TeacherSource,
} from '../../lib/experiments/distillation-config';

export function readConfig(form: HTMLFormElement): DistillationConfig {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '');
  const number = (name: string) => Number(text(name));
  const countOrAll = (name: string): number | 'all' => (text(name) === 'all' ? 'all' : number(name));
  const [kind, size] = text('student').split(':');
  const student: StudentSpec =
    kind === 'tiny-cnn' ? { kind: 'tiny-cnn', filters: Number(size) } : { kind: 'mlp', hidden: Number(size) };
  const teacher: TeacherSource =
    text('teacher') === 'train' ? { kind: 'train', epochs: 3, perClass: 800 } : { kind: 'shipped' };
  return {
    ...DEFAULT_DISTILLATION_CONFIG,
    teacher,
    student,
    temperature: number('temperature'),
    alpha: number('alpha'),
    transferPerClass: countOrAll('transferPerClass'),
    leaveOut: data.get('leaveOut3') ? [3] : [],
    epochs: number('epochs'),
    seed: number('seed'),
    testPerClass: countOrAll('testPerClass'),
    latencyBatchSizes: [1, number('largeBatch')],
    latencyRuns: number('latencyRuns'),
  };
}
