/**
 * Reads the widget's controls into the experiment's settings, with a plain message for anything out
 * of range. Light: no ML, runs on page load.
 */
import {
  DEFAULT_LEARNING_RATES,
  DEFAULT_TEACH_CONFIG,
  type TeachConfig,
} from '../../lib/experiments/teach-phrasing-config';
import type { MiniT5Task, T5Target } from '../../lib/t5';

export type TeachModelId = 'mini-t5' | 'flan-t5-small';

export interface TeachForm {
  config: TeachConfig;
  model: TeachModelId;
  /** The typed pairs, as text (only for the "my own pairs" task). */
  pairsText: string;
}

function value(form: HTMLFormElement, name: string): string {
  const field = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | RadioNodeList | null;
  return field ? String(field.value) : '';
}

function numberIn(form: HTMLFormElement, name: string, label: string, min: number, max: number): number {
  const number = Number(value(form, name));
  if (!Number.isFinite(number) || number < min || number > max)
    throw new Error(`${label} must be a number from ${min} to ${max}.`);
  return number;
}

export function readTeachForm(form: HTMLFormElement): TeachForm {
  const data = new FormData(form);
  const method = value(form, 'method') === 'full' ? 'full' : 'lora';
  const targets = data.getAll('targets').map(String) as T5Target[];
  if (method === 'lora' && targets.length === 0)
    throw new Error('Choose at least one kind of layer for LoRA (for example q and v).');
  const model = value(form, 'model') === 'flan-t5-small' ? 'flan-t5-small' : 'mini-t5';
  if (model === 'flan-t5-small' && method === 'full')
    throw new Error(
      'FLAN-T5 small is trained with LoRA here: full fine-tuning of its 77 million weights needs more memory than a browser tab can count on.',
    );
  const config: TeachConfig = {
    ...DEFAULT_TEACH_CONFIG,
    task: value(form, 'task') as MiniT5Task | 'custom',
    method,
    rank: numberIn(form, 'rank', 'The rank', 1, 64),
    targets,
    learningRate: numberIn(form, 'learningRate', 'The learning rate', 1e-6, 0.1),
    batchSize: Math.round(numberIn(form, 'batchSize', 'The batch size', 1, 64)),
    maxSteps: Math.round(numberIn(form, 'maxSteps', 'The number of steps', 1, 2000)),
    stopAtAccuracy: data.get('stopEarly') ? (DEFAULT_TEACH_CONFIG.stopAtAccuracy ?? 0.95) : null,
    rehearsal: data.get('rehearsal') !== null,
    seed: Math.round(numberIn(form, 'seed', 'The seed', 0, 1e9)),
  };
  return { config, model, pairsText: value(form, 'pairs') };
}

/** Shows the parts that belong to the chosen task and method, and the method's usual learning rate. */
export function showChoices(root: HTMLElement, form: HTMLFormElement, methodChanged = false): void {
  const task = value(form, 'task');
  const method = value(form, 'method');
  for (const part of Array.from(root.querySelectorAll<HTMLElement>('[data-for]')))
    part.hidden = part.dataset.for !== task;
  for (const part of Array.from(root.querySelectorAll<HTMLElement>('[data-for-method]')))
    part.hidden = part.dataset.forMethod !== method;
  if (methodChanged) {
    const rate = form.elements.namedItem('learningRate') as HTMLInputElement;
    rate.value = String(method === 'full' ? DEFAULT_LEARNING_RATES.full : DEFAULT_LEARNING_RATES.lora);
  }
}
