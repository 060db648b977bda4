/** Reads the demo's controls into an experiment configuration, and back (no tfjs: runs on page load). */
import {
  DEFAULT_CONFIGS,
  EXPERIMENT_KINDS,
  type DistillationConfig,
  type ExperimentKind,
  TRAINED_TEACHER,
  type StudentSpec,
  type TeacherSource,
} from '../../lib/experiments/distillation-config';

export function experimentOf(form: HTMLFormElement): ExperimentKind {
  const value = String(new FormData(form).get('experiment') ?? '');
  return (EXPERIMENT_KINDS as readonly string[]).includes(value) ? (value as ExperimentKind) : 'same-data';
}

export function readConfig(form: HTMLFormElement): DistillationConfig {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '');
  const number = (name: string) => Number(text(name));
  const countOrAll = (name: string): number | 'all' => (text(name) === 'all' ? 'all' : number(name));
  const [kind, size] = text('student').split(':');
  const student: StudentSpec =
    kind === 'mlp' ? { kind: 'mlp', hidden: Number(size) } : { kind: 'tiny-cnn', filters: Number(size) };
  const teacher: TeacherSource = text('teacher') === 'train' ? { ...TRAINED_TEACHER } : { kind: 'shipped' };
  const experiment = experimentOf(form);
  return {
    ...DEFAULT_CONFIGS[experiment],
    experiment,
    teacher,
    student,
    temperature: number('temperature'),
    alpha: number('alpha'),
    labelledPerClass: number('labelledPerClass'),
    transferImages: countOrAll('transferImages'),
    maxEpochs: number('maxEpochs'),
    patience: number('patience'),
    seed: number('seed'),
    testPerClass: countOrAll('testPerClass'),
    validationPerClass: number('validationPerClass'),
    latencyBatchSizes: [1, number('largeBatch')],
    latencyRuns: number('latencyRuns'),
  };
}

/** Puts an experiment's defaults into the controls that differ between experiments. */
export function showDefaults(form: HTMLFormElement, experiment: ExperimentKind): void {
  const defaults = DEFAULT_CONFIGS[experiment];
  const set = (name: string, value: string | number) => {
    const control = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    if (control) control.value = String(value);
  };
  set('temperature', defaults.temperature);
  set('temperatureOut', defaults.temperature);
  set('alpha', defaults.alpha);
  set('alphaOut', defaults.alpha);
  set('labelledPerClass', defaults.labelledPerClass);
  set('transferImages', defaults.transferImages);
  set('maxEpochs', defaults.maxEpochs);
  set('patience', defaults.patience);
  const { student } = defaults;
  set('student', student.kind === 'mlp' ? `mlp:${student.hidden}` : `tiny-cnn:${student.filters}`);
}

/** Shows the explanation and the data controls that belong to the chosen experiment. */
export function showExperiment(root: HTMLElement, experiment: ExperimentKind): void {
  root.dataset.experiment = experiment;
  for (const text of root.querySelectorAll<HTMLElement>('[data-explains]')) {
    text.hidden = text.dataset.explains !== experiment;
  }
  for (const label of root.querySelectorAll<HTMLElement>('[data-for]')) {
    label.hidden = !label.dataset.for!.split(' ').includes(experiment);
  }
}
