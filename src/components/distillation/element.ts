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
import { currentPreference } from '../../lib/backend';
import { errorMessage } from '../../lib/util/errors';
import { drawConfusion, drawCurves, drawDarkKnowledge } from './charts';
import { readConfig } from './form';
import { fillResultsTable } from './results-table';
import { percent, seconds } from './format';
import { setControlsRunning } from '../widget-controls';

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
  #controller: AbortController | null = null;
  #last: FinishedDistillation | null = null;
  #tools: { experiment: Experiment; Plot: PlotModule } | null = null;

  #part<T extends HTMLElement>(role: string): T {
    return this.querySelector<T>(`[data-role="${role}"]`)!;
  }

  connectedCallback(): void {
    const form = this.#part<HTMLFormElement>('controls');
    const stop = this.#part<HTMLButtonElement>('stop');
    // Show the slider values as they move.
    form.addEventListener('input', () => {
      for (const name of ['temperature', 'alpha'] as const) {
        const output = form.elements.namedItem(`${name}Out`) as HTMLOutputElement | null;
        const input = form.elements.namedItem(name) as HTMLInputElement | null;
        if (output && input) output.value = input.value;
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#start(form);
    });
    stop.addEventListener('click', () => {
      this.#controller?.abort();
      this.#say('Stopping…');
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
    if (this.#controller) return;
    // Read the controls before disabling them: disabled controls are left out of FormData.
    let config: DistillationConfig;
    try {
      config = readConfig(form);
    } catch (error) {
      this.#fail(error);
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    this.#setRunning(true);
    const curves: CurvePoint[] = [];
    try {
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
        signal: controller.signal,
        backend: currentPreference().preference,
        onBackend: (choice) => {
          this.dataset.backend = choice.name;
          const skipped = choice.skipped.length > 0 ? ` (${choice.skipped.join('; ')})` : '';
          this.#part('backend').textContent = `Running on ${choice.label}${skipped}.`;
        },
        onProgress: ({ fraction, message }) => {
          this.#part<HTMLProgressElement>('progress').value = fraction;
          if (!controller.signal.aborted) this.#say(message);
        },
        onEpoch: (point) => {
          curves.push(point);
          // Redraw at most a few times a second: Plot rebuilds the whole SVG.
          const now = performance.now();
          if (now - drawn > 250 || point.epoch === config.epochs) {
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
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#controller = null;
      this.#setRunning(false);
    }
  }

  async #showResults(run: FinishedDistillation): Promise<void> {
    const { Plot } = this.#tools!;
    fillResultsTable(this.#part<HTMLTableElement>('table'), run);
    const batch1 = run.distilled.speedUp[0] ?? Number.NaN;
    const gap =
      run.gapRecovered === null
        ? 'The student alone already matched the teacher'
        : `Distillation recovered ${percent(run.gapRecovered, 0)} of the gap between the student alone and the teacher`;
    this.#part('summary').textContent =
      `Transfer set: ${run.transferSet.size} images${run.config.leaveOut.length ? ` (no ${run.config.leaveOut.join(', ')}s)` : ''}. ` +
      `The distilled student made ${run.distilled.errors} errors, the student alone ${run.alone.errors}, the teacher ${run.teacher.errors}. ` +
      `${gap}. The student has ${percent(run.distilled.params / run.teacher.params)} of the teacher's parameters and answers one image ${batch1.toFixed(1)}× as fast.`;
    const confusion = this.#part('confusion');
    confusion.replaceChildren();
    for (const report of [run.teacher, run.distilled, run.alone]) drawConfusion(Plot, confusion, report);
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

  #setRunning(running: boolean): void {
    if (running) this.dataset.state = 'running';
    setControlsRunning(this.#part<HTMLFormElement>('controls'), running);
  }

  #fail(error: unknown): void {
    this.dataset.state = 'error';
    this.#say(`The experiment failed: ${errorMessage(error)}`);
    if (this.#tools) this.dataset.tensors = String(this.#tools.experiment.liveTensorCount());
  }

  #say(message: string): void {
    this.#part('message').textContent = message;
  }
}

export function defineDistillationDemo(): void {
  if (!customElements.get('tl-distillation')) customElements.define('tl-distillation', DistillationDemo);
}
