/**
 * The `<tl-learning-curve>` custom element: reads the controls into a configuration, hands it to
 * the library's learning-curve experiment and draws what comes back. No ML here: the experiment
 * (and tfjs with it) is imported only when the reader presses Start.
 */
import {
  CURVE_STRATEGIES,
  type LearningCurveConfig,
  type LearningCurvePoint,
  STRATEGY_NAMES,
  validateLearningCurveConfig,
} from '../../lib/experiments/learning-curve-config';
import type { TransferStrategy } from '../../lib/transfer/prepare';
import { curveChartSvg } from './chart';
import { WidgetRun } from '../widget-run';

type Experiment = typeof import('../../lib/experiments/learning-curve');

const pct = (value: number) => `${(value * 100).toFixed(1)} %`;

/** The form's choices as a configuration (validated by the library's own rules). */
export function readCurveConfig(form: HTMLFormElement): LearningCurveConfig {
  const data = new FormData(form);
  const config: LearningCurveConfig = {
    labelsPerClass: data.getAll('perClass').map(Number),
    strategies: data.getAll('strategy').map(String) as TransferStrategy[],
    seeds: String(data.get('seeds') ?? '1')
      .split(',')
      .map(Number),
    testPerClass: data.get('testPerClass') === 'all' ? 'all' : Number(data.get('testPerClass')),
  };
  validateLearningCurveConfig(config);
  return config;
}

class LearningCurveWidget extends HTMLElement {
  #run!: WidgetRun;
  #experiment: Experiment | null = null;

  #part<T extends HTMLElement>(role: string): T {
    return this.querySelector<T>(`[data-role="${role}"]`)!;
  }

  connectedCallback(): void {
    const form = this.#part<HTMLFormElement>('controls');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#start(form);
    });
    this.#run = new WidgetRun(this);
  }

  async #start(form: HTMLFormElement): Promise<void> {
    if (this.#run.running) return;
    let config: LearningCurveConfig;
    try {
      // Read before the run disables the controls: disabled controls are left out of FormData.
      config = readCurveConfig(form);
    } catch (error) {
      this.#run.fail(error);
      return;
    }
    const sizes = [...config.labelsPerClass].sort((a, b) => a - b);
    this.#draw([], sizes);
    this.#fillTable([]);
    await this.#run.start(
      async (hooks) => {
        this.#say('Loading TensorFlow.js and the experiment…');
        this.#experiment ??= await import('../../lib/experiments/learning-curve');
        const outcome = await this.#experiment.runLearningCurve(config, {
          ...hooks,
          onRun: (_run, points) => {
            this.#draw(points, sizes);
            this.#fillTable(points);
          },
        });
        this.#draw(outcome.points, sizes);
        this.#fillTable(outcome.points);
        const seconds = `${outcome.seconds.toFixed(0)} s`;
        if (outcome.status === 'stopped') {
          this.dataset.state = 'stopped';
          this.#say(
            `Stopped after ${outcome.runs.length} of ${this.#experiment.plannedRuns(config).length} runs (${seconds}). Press Start to run again.`,
          );
        } else {
          this.dataset.state = 'done';
          this.#say(
            `Done: ${outcome.runs.length} models trained and tested in ${seconds}, on ${outcome.testImages} test digits.`,
          );
        }
        this.dataset.tensors = String(this.#experiment.liveTensorCount());
      },
      () => {
        if (this.#experiment) this.dataset.tensors = String(this.#experiment.liveTensorCount());
      },
    );
  }

  #draw(points: readonly LearningCurvePoint[], sizes: readonly number[]): void {
    this.#part('chart').innerHTML = curveChartSvg(points, {
      id: `${this.id || 'tl-learning-curve'}-yours`,
      title: 'Your run: test accuracy on 5 to 9 against labels per digit',
      sizes,
    });
  }

  /** One row per size: each strategy's accuracy (mean over the seeds run, with their range). */
  #fillTable(points: readonly LearningCurvePoint[]): void {
    const table = this.#part<HTMLTableElement>('table');
    const strategies = CURVE_STRATEGIES.filter((s) => points.some((p) => p.strategy === s));
    const head = document.createElement('tr');
    for (const text of ['labels per digit', ...strategies.map((s) => STRATEGY_NAMES[s])]) {
      const th = document.createElement('th');
      th.textContent = text;
      head.append(th);
    }
    table.tHead!.replaceChildren(head);
    const sizes = [...new Set(points.map((p) => p.perClass))].sort((a, b) => a - b);
    table.tBodies[0]!.replaceChildren(
      ...sizes.map((size) => {
        const row = document.createElement('tr');
        const label = document.createElement('td');
        label.textContent = String(size);
        row.append(label);
        for (const strategy of strategies) {
          const cell = document.createElement('td');
          const point = points.find((p) => p.perClass === size && p.strategy === strategy);
          if (point) {
            cell.dataset.strategy = strategy;
            cell.dataset.perClass = String(size);
            cell.dataset.mean = String(point.mean);
            cell.dataset.seeds = String(point.seeds.length);
            cell.textContent =
              point.seeds.length > 1
                ? `${pct(point.mean)} (${pct(point.min)}–${pct(point.max)})`
                : pct(point.mean);
          }
          row.append(cell);
        }
        return row;
      }),
    );
    table.hidden = points.length === 0;
  }

  #say(message: string): void {
    this.#run.say(message);
  }
}

export function defineLearningCurve(): void {
  if (!customElements.get('tl-learning-curve'))
    customElements.define('tl-learning-curve', LearningCurveWidget);
}
