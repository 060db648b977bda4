/**
 * The `<tl-distillation>` custom element: turns the controls into a configuration, hands it to the
 * library's distillation experiment, and draws what comes back. No ML here: the experiment module and
 * Observable Plot are imported only when the reader presses Start.
 */
import type {
  CurvePoint,
  DistillationConfig,
  DistillationOutcome,
  FinishedDistillation,
} from '../../lib/experiments/distillation';
import { errorMessage } from '../../lib/util/errors';
import { drawConfusion, drawCurves, drawDarkKnowledge } from './charts';
import { experimentOf, readConfig, showDefaults, showExperiment } from './form';
import { fillResultsTable, fillTeacherAnswers } from './results-table';
import { describeRun, describeMissingDigit } from './summary';
import { seconds } from './format';
import { WidgetRun } from '../widget-run';

type Experiment = typeof import('../../lib/experiments/distillation');
type PlotModule = typeof import('@observablehq/plot');

async function loadTools(): Promise<{ experiment: Experiment; Plot: PlotModule }> {
  const [experiment, Plot] = await Promise.all([
    import('../../lib/experiments/distillation'),
    import('@observablehq/plot'),
  ]);
  return { experiment, Plot };
}

class DistillationDemo extends HTMLElement {
  #run!: WidgetRun;
  #last: FinishedDistillation | null = null;
  #tools: { experiment: Experiment; Plot: PlotModule } | null = null;

  #part<T extends HTMLElement>(role: string): T {
    return this.querySelector<T>(`[data-role="${role}"]`)!;
  }

  connectedCallback(): void {
    const form = this.#part<HTMLFormElement>('controls');
    this.#run = new WidgetRun(this);
    // Show the slider values as they move.
    form.addEventListener('input', () => {
      for (const name of ['temperature', 'alpha'] as const) {
        const output = form.elements.namedItem(`${name}Out`) as HTMLOutputElement | null;
        const input = form.elements.namedItem(name) as HTMLInputElement | null;
        if (output && input) output.value = input.value;
      }
    });
    form.addEventListener('change', (event) => {
      if ((event.target as HTMLInputElement).name !== 'experiment') return;
      const experiment = experimentOf(form);
      showExperiment(this, experiment);
      showDefaults(form, experiment);
    });
    this.#part<HTMLButtonElement>('reset').addEventListener('click', () =>
      showDefaults(form, experimentOf(form)),
    );
    showExperiment(this, experimentOf(form));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#start(form);
    });
    this.#part<HTMLSelectElement>('digit-choice').addEventListener('change', (event) => {
      void this.#showDigit(Number((event.target as HTMLSelectElement).value));
    });
    this.#part<HTMLInputElement>('digit-index').addEventListener('change', (event) => {
      void this.#showDigit(Number((event.target as HTMLInputElement).value));
    });
    this.#part<HTMLButtonElement>('download').addEventListener('click', () => void this.#save('download'));
    this.#part<HTMLButtonElement>('keep').addEventListener('click', () => void this.#save('keep'));
  }

  async #start(form: HTMLFormElement): Promise<void> {
    if (this.#run.running) return;
    // Read the controls before the run disables them: disabled controls are left out of FormData.
    let config: DistillationConfig;
    try {
      config = readConfig(form);
    } catch (error) {
      this.#run.fail(error);
      return;
    }
    const curves: CurvePoint[] = [];
    await this.#run.start(
      async (hooks) => {
        this.#say('Loading TensorFlow.js and the experiment…');
        this.#tools ??= await loadTools();
        const { experiment, Plot } = this.#tools;
        // The previous run's students are freed before new ones are made, so memory stays flat.
        this.#last?.models.dispose();
        this.#last = null;
        this.#part('results').hidden = true;
        const chart = this.#part('curves');
        drawCurves(Plot, chart, curves);
        let drawn = 0;
        const outcome: DistillationOutcome = await experiment.runDistillationExperiment(config, {
          ...hooks,
          onEpoch: (point) => {
            curves.push(point);
            // Redraw at most a few times a second: Plot rebuilds the whole SVG.
            const now = performance.now();
            if (now - drawn > 250) {
              drawn = now;
              drawCurves(Plot, chart, curves);
            }
          },
        });
        drawCurves(
          Plot,
          chart,
          outcome.curves,
          outcome.status === 'done' ? outcome.teacher.accuracy : undefined,
        );
        if (outcome.status === 'stopped') {
          this.dataset.state = 'stopped';
          this.#say(
            `Stopped during ${outcome.phase} after ${seconds(outcome.seconds)}. Change anything and press Start again.`,
          );
        } else {
          this.#last = outcome;
          await this.#showResults(outcome);
          this.dataset.state = 'done';
          this.#say(`Done in ${seconds(outcome.seconds)}.`);
        }
        this.dataset.tensors = String(experiment.liveTensorCount());
      },
      () => {
        if (this.#tools) this.dataset.tensors = String(this.#tools.experiment.liveTensorCount());
      },
    );
  }

  async #showResults(run: FinishedDistillation): Promise<void> {
    const { Plot } = this.#tools!;
    fillResultsTable(this.#part<HTMLTableElement>('table'), run);
    this.#part('summary').textContent = describeRun(run);
    const missing = this.#part('missing');
    missing.hidden = run.missingDigit === null;
    if (run.missingDigit) {
      this.#part('missing-text').textContent = describeMissingDigit(run.missingDigit);
      fillTeacherAnswers(this.#part<HTMLTableElement>('teacher-answers'), run.missingDigit.teacherAnswers);
    }
    const confusion = this.#part('confusion');
    confusion.replaceChildren();
    for (const report of [run.teacher, ...run.students]) {
      drawConfusion(Plot, confusion, report, run.missingDigit?.digit);
    }
    const choices = run.models.revealingDigits();
    const select = this.#part<HTMLSelectElement>('digit-choice');
    select.replaceChildren(
      ...choices.map((index) => {
        const option = document.createElement('option');
        option.value = String(index);
        option.textContent = `#${index}, a ${run.models.test.labels[index]}`;
        return option;
      }),
    );
    this.#part<HTMLInputElement>('digit-index').max = String(run.models.test.size - 1);
    this.#part('saved').textContent = '';
    this.#part('results').hidden = false;
    if (choices.length > 0) await this.#showDigit(choices[0]!);
  }

  async #showDigit(index: number): Promise<void> {
    const run = this.#last;
    if (!run || !this.#tools || run.models.disposed) return;
    try {
      const knowledge = await run.models.darkKnowledge(index, run.config.temperature);
      this.#part<HTMLInputElement>('digit-index').value = String(index);
      const canvas = this.#part<HTMLCanvasElement>('digit');
      canvas
        .getContext('2d')!
        .putImageData(new ImageData(knowledge.image.data as ImageDataArray, 28, 28), 0, 0);
      canvas.setAttribute('aria-label', `Test digit #${index}, a ${knowledge.label}`);
      this.dataset.digit = String(index);
      drawDarkKnowledge(this.#tools.Plot, this.#part('dark'), knowledge);
    } catch (error) {
      this.#part('dark').textContent = errorMessage(error);
    }
  }

  async #save(how: 'download' | 'keep'): Promise<void> {
    const run = this.#last;
    const status = this.#part('saved');
    if (!run) return;
    try {
      if (how === 'download') {
        await run.models.download('distilled-student');
        status.textContent =
          'Saved distilled-student.json and distilled-student.weights.bin. To load them in a code cell, keep them in the browser too, or serve them and call tf.loadLayersModel(url).';
      } else {
        const url = await run.models.keepInBrowser('distilled-student');
        status.textContent = `Kept in this browser. In a code cell: const student = await tf.loadLayersModel('${url}');`;
      }
    } catch (error) {
      status.textContent = `Could not save: ${errorMessage(error)}`;
    }
  }

  #say(message: string): void {
    this.#run.say(message);
  }
}

export function defineDistillationDemo(): void {
  if (!customElements.get('tl-distillation')) customElements.define('tl-distillation', DistillationDemo);
}
