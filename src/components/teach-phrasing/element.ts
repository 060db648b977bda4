/**
 * The `<tl-teach-phrasing>` custom element: reads the controls, hands them to the library's
 * "teach a phrasing" experiment and draws what comes back. No ML here: the experiment, the
 * trainable T5 and Observable Plot are imported only when the reader presses Start.
 */
import { errorMessage } from '../../lib/util/errors';
import type { FineTuneStep, TextPair, TrainableT5 } from '../../lib/t5';
import type { TeachOutcome } from '../../lib/experiments/teach-phrasing';
import { asModelSees, parsePairs, splitTypedPairs, unknownWordsIn } from '../../lib/experiments/typed-pairs';
import { setControlsRunning } from '../widget-controls';
import { drawTraining } from './chart';
import { readTeachForm, showChoices, type TeachForm, type TeachModelId } from './form';

type Tools = {
  t5: typeof import('../../lib/t5');
  experiment: typeof import('../../lib/experiments/teach-phrasing');
  Plot: typeof import('@observablehq/plot');
  tensors: typeof import('../../lib/experiments/live-tensors');
};

/** Above this many seconds a step, the reader is told plainly and chooses whether to go on. */
const SLOW_STEP_SECONDS = 10;

async function loadTools(): Promise<Tools> {
  const [t5, experiment, Plot, tensors] = await Promise.all([
    import('../../lib/t5'),
    import('../../lib/experiments/teach-phrasing'),
    import('@observablehq/plot'),
    import('../../lib/experiments/live-tensors'),
  ]);
  return { t5, experiment, Plot, tensors };
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const secs = (x: number) =>
  x < 10 ? `${x.toFixed(1)} s` : x < 120 ? `${Math.round(x)} s` : `${(x / 60).toFixed(1)} min`;

class TeachPhrasing extends HTMLElement {
  #controller: AbortController | null = null;
  #tools: Tools | null = null;
  /** The model trained last (kept to answer questions and export its adapter). */
  #tuned: TrainableT5 | null = null;
  #tunedMethod: 'lora' | 'full' = 'lora';
  /** Hub downloads the reader agreed to, and slow runs they chose to train anyway. */
  #confirmed = new Set<string>();
  #pending: (() => void) | null = null;

  #part<T extends HTMLElement>(role: string): T {
    return this.querySelector<T>(`[data-role="${role}"]`)!;
  }

  connectedCallback(): void {
    const form = this.#part<HTMLFormElement>('controls');
    showChoices(this, form);
    form.addEventListener('change', (event) => {
      const name = (event.target as HTMLInputElement).name;
      showChoices(this, form, name === 'method');
      if (name === 'task' || name === 'pairs') this.#part('unknown').hidden = true;
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#start(form);
    });
    this.#part('stop').addEventListener('click', () => {
      this.#controller?.abort();
      this.#say('Stopping after the current step…');
    });
    this.#part('confirm').addEventListener('click', () => {
      const go = this.#pending;
      this.#pending = null;
      this.#part('confirm').hidden = true;
      go?.();
    });
    this.#part<HTMLFormElement>('ask-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#ask();
    });
    this.#part('download').addEventListener('click', () => this.#download('adapter'));
    this.#part('download-merged').addEventListener('click', () => this.#download('merged'));
  }

  async #start(form: HTMLFormElement): Promise<void> {
    if (this.#controller) return;
    let read: TeachForm;
    let typed: ReturnType<typeof splitTypedPairs> | null = null;
    try {
      read = readTeachForm(form);
      if (read.config.task === 'custom') {
        const { pairs, problems } = parsePairs(read.pairsText);
        if (problems.length > 0) {
          const first = problems[0]!;
          throw new Error(`Line ${first.line} ("${first.text}"): ${first.reason}.`);
        }
        if (pairs.length === 0)
          throw new Error(
            'There is nothing to train on: type at least one pair, one a line, as "input -> output".',
          );
        typed = splitTypedPairs(pairs);
      }
    } catch (error) {
      this.#fail(error, 'invalid');
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    this.#setRunning(true);
    try {
      this.#say('Loading TensorFlow.js and the trainable T5…');
      this.#tools ??= await loadTools();
      const { experiment } = this.#tools;
      if (read.model === 'flan-t5-small' && !(await this.#downloadAgreed(read.model))) return;
      this.#tuned?.dispose();
      this.#tuned = null;
      this.#part('results').hidden = true;
      const model = await this.#load(read.model, controller.signal);
      // FLAN-T5 answers slowly in a browser: fewer test pairs, and no forgetting table (it never
      // learnt the mini T5's tasks, so there is nothing of them to forget).
      if (read.model === 'flan-t5-small') read.config = { ...read.config, testCount: 20, forgettingCount: 0 };
      const data = typed ?? experiment.heldOutPhrasingData(read.config.task as never, read.config);
      if (
        typed &&
        !this.#vocabularyOk(model, typed.testIsTrain ? typed.train : [...typed.train, ...typed.test])
      ) {
        model.dispose();
        return;
      }
      await this.#train(model, read, data, controller);
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#controller = null;
      this.#setRunning(false);
    }
  }

  /** FLAN-T5 comes from the Hub: the first Start shows the download size and waits for a yes. */
  async #downloadAgreed(modelId: TeachModelId): Promise<boolean> {
    if (this.#confirmed.has(modelId)) return true;
    this.#say('Asking the Hub how big FLAN-T5 small is…');
    const [{ measureDownload, hubHostFromQuery, setRuntimeLocations }, { formatBytes }] = await Promise.all([
      import('../../lib/text/load').then(async (load) => ({
        ...load,
        ...(await import('../../lib/text/registry')),
        ...(await import('../../lib/text/runtime')),
      })),
      import('../../lib/text/progress'),
    ]);
    const hub = hubHostFromQuery(location.search);
    if (hub) setRuntimeLocations({ hubHost: hub });
    // The trainable T5 reads the full-precision files: measure exactly those.
    const plan = await measureDownload(modelId, { device: 'wasm', dtype: 'fp32' });
    const fresh = plan.totalBytes - plan.cachedBytes;
    this.dataset.downloadBytes = String(plan.totalBytes);
    this.#say(
      `FLAN-T5 small in full precision is ${formatBytes(plan.totalBytes)} in ${plan.files.length} files${
        plan.cachedBytes > 0 ? `, ${formatBytes(plan.cachedBytes)} already in this browser` : ''
      }. Press "Download and continue" to fetch ${formatBytes(fresh)}; the first training step is then timed.`,
    );
    this.#offer('Download and continue', () => {
      this.#confirmed.add(modelId);
      void this.#start(this.#part<HTMLFormElement>('controls'));
    });
    return false;
  }

  async #load(modelId: TeachModelId, signal: AbortSignal): Promise<TrainableT5> {
    const { t5, experiment } = this.#tools!;
    const progress = this.#part<HTMLProgressElement>('progress');
    const model = await t5.loadTrainableT5(experiment.trainableModelBase(modelId), {
      signal,
      onProgress: (fraction, status) => {
        progress.value = fraction;
        this.#say(status);
      },
    });
    this.dataset.variant = model.variant;
    return model;
  }

  /** Typed pairs with words the model does not know: show them as it would read them, and stop. */
  #vocabularyOk(model: TrainableT5, pairs: TextPair[]): boolean {
    const unknown = unknownWordsIn(pairs, (text) => model.unknownWords(text));
    const box = this.#part('unknown');
    if (unknown.length === 0) {
      box.hidden = true;
      return true;
    }
    const set = new Set(unknown);
    const list = document.createElement('ul');
    for (const pair of pairs.filter((p) => unknownWordsIn([p], (t) => model.unknownWords(t)).length > 0)) {
      const item = document.createElement('li');
      const seen = `${asModelSees(pair.input, set)} -> ${asModelSees(pair.target, set)}`;
      for (const [index, piece] of seen.split('<unk>').entries()) {
        if (index > 0) {
          const mark = document.createElement('mark');
          mark.textContent = '<unk>';
          item.append(mark);
        }
        item.append(piece);
      }
      list.append(item);
    }
    const text = document.createElement('p');
    text.textContent = `The model does not know ${unknown.length === 1 ? 'this word' : `these ${unknown.length} words`}: ${unknown.join(', ')}. It would read ${unknown.length === 1 ? 'it' : 'each'} as <unk>, as below. Use other words and press Start again.`;
    box.replaceChildren(text, list);
    box.hidden = false;
    this.dataset.state = 'unknown-words';
    this.dataset.unknown = unknown.join(' ');
    this.#say('Training did not start: some words are not in the vocabulary (listed above).');
    return false;
  }

  async #train(
    model: TrainableT5,
    read: TeachForm,
    data: ReturnType<typeof splitTypedPairs>,
    controller: AbortController,
  ): Promise<void> {
    const { experiment, Plot } = this.#tools!;
    const chart = this.#part('curve');
    const steps: FineTuneStep[] = [];
    let drawn = 0;
    const abandon = new AbortController();
    const checkSpeed = read.model === 'flan-t5-small' && !this.#confirmed.has(`${read.model}:slow`);
    drawTraining(Plot, chart, steps);
    const progress = this.#part<HTMLProgressElement>('progress');
    let outcome: TeachOutcome;
    try {
      outcome = await experiment.teachPhrasing(model, read.config, data, {
        signal: controller.signal,
        abandon: abandon.signal,
        onPhase: (_phase, message) => this.#say(message),
        onStep: (step) => {
          steps.push(step);
          progress.value = step.step / read.config.maxSteps;
          const perStep = step.seconds / step.step;
          this.#say(
            `Step ${step.step} of at most ${read.config.maxSteps}: loss ${step.loss.toFixed(3)}${
              step.evalAccuracy !== undefined ? `, validation accuracy ${pct(step.evalAccuracy)}` : ''
            } (${secs(perStep)} a step; all ${read.config.maxSteps} steps would take about ${secs(perStep * read.config.maxSteps)}).`,
          );
          if (step.step === 1 && checkSpeed && perStep > SLOW_STEP_SECONDS) {
            abandon.abort();
            controller.abort();
          }
          const now = performance.now();
          if (now - drawn > 250) {
            drawn = now;
            drawTraining(Plot, chart, steps);
          }
        },
      });
    } catch (error) {
      model.dispose();
      if (!abandon.signal.aborted) throw error;
      drawTraining(Plot, chart, steps);
      const perStep = steps[0]!.seconds;
      this.dataset.state = 'slow';
      this.#say(
        `One training step took ${secs(perStep)} on this machine, so ${read.config.maxSteps} steps would take about ${secs(perStep * read.config.maxSteps)}. Train anyway, or try fewer steps or a smaller batch.`,
      );
      this.#offer('Train anyway', () => {
        this.#confirmed.add(`${read.model}:slow`);
        void this.#start(this.#part<HTMLFormElement>('controls'));
      });
      return;
    }
    drawTraining(Plot, chart, steps);
    this.dataset.backend = outcome.backend;
    this.#part('backend').textContent = `Trained with TensorFlow.js on ${outcome.backend}.`;
    this.#tuned = model;
    this.#tunedMethod = read.config.method;
    this.#showResults(outcome, read);
    this.dataset.state = outcome.training.stopped === 'aborted' ? 'stopped' : 'done';
    this.dataset.steps = String(outcome.training.steps);
    this.dataset.before = String(outcome.before);
    this.dataset.after = String(outcome.after);
    this.dataset.tensors = String(this.#tools!.tensors.liveTensorCount());
    this.#say(
      outcome.training.stopped === 'aborted'
        ? `Stopped after ${outcome.training.steps} steps (${secs(outcome.training.seconds)}); the results below are for the model as it was then.`
        : `Done: ${outcome.training.steps} steps in ${secs(outcome.training.seconds)}.`,
    );
  }

  #showResults(outcome: TeachOutcome, read: TeachForm): void {
    const { training } = outcome;
    const on = outcome.data.testIsTrain
      ? 'your pairs (too few to keep any back, so these are the training pairs themselves)'
      : `${outcome.data.test.length} test pairs it did not train on`;
    const share = ((training.trainableParameters / training.totalParameters) * 100).toFixed(2);
    this.#part('summary').textContent =
      `Greedy exact-match accuracy on ${on}: ${pct(outcome.before)} before, ${pct(outcome.after)} after ` +
      `${training.steps} steps (${secs(training.seconds)}) of ${read.config.method === 'lora' ? `LoRA, rank ${read.config.rank} on ${read.config.targets.join(', ')}` : 'full fine-tuning'}, ` +
      `training ${training.trainableParameters.toLocaleString('en')} of ${training.totalParameters.toLocaleString('en')} weights (${share} %).`;
    const body = this.#part<HTMLTableElement>('samples').tBodies[0]!;
    body.replaceChildren(...outcome.samples.map((s) => row([s.input, s.target, s.output])));
    const forgetting = this.#part<HTMLTableElement>('forgetting').tBodies[0]!;
    this.#part('forgetting-block').hidden = outcome.forgetting.length === 0;
    forgetting.replaceChildren(
      ...outcome.forgetting.map((t) => {
        const change = Math.round((t.after - t.before) * 100);
        return row([t.task, pct(t.before), pct(t.after), `${change > 0 ? '+' : ''}${change} points`]);
      }),
    );
    const download = this.#part<HTMLButtonElement>('download');
    download.hidden = read.config.method !== 'lora';
    this.#part('saved').textContent =
      read.config.method === 'lora'
        ? ''
        : 'Full fine-tuning changed every weight: there is no separate adapter to download.';
    this.#part('answer').textContent = '';
    this.#part('results').hidden = false;
  }

  async #ask(): Promise<void> {
    const model = this.#tuned;
    const answer = this.#part('answer');
    const question = this.#part<HTMLInputElement>('question').value.trim().toLowerCase();
    if (!model || !this.#tools) return;
    if (!question) {
      answer.textContent = 'Type a question first.';
      return;
    }
    try {
      const unknown = model.unknownWords(question);
      const text = await this.#tools.t5.generateWithT5(model, question);
      answer.textContent = `${text || '(an empty answer)'}${unknown.length ? ` (it read ${unknown.join(', ')} as <unk>)` : ''}`;
    } catch (error) {
      answer.textContent = `Could not answer: ${errorMessage(error)}`;
    }
  }

  /** The LoRA adapter alone, or every weight with the adapter folded in (both safetensors files). */
  #download(what: 'adapter' | 'merged'): void {
    const model = this.#tuned;
    if (!model || !this.#tools || (what === 'adapter' && this.#tunedMethod !== 'lora')) return;
    try {
      const { t5 } = this.#tools;
      const bytes = what === 'adapter' ? t5.loraAdapterFile(model) : t5.mergedWeightsFile(model);
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `t5-${what === 'adapter' ? 'lora-adapter' : 'merged-weights'}-${model.variant}.safetensors`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.#part('saved').textContent =
        `Saved ${link.download} (${bytes.byteLength.toLocaleString('en')} bytes).`;
    } catch (error) {
      this.#part('saved').textContent = `Could not save: ${errorMessage(error)}`;
    }
  }

  #offer(label: string, action: () => void): void {
    const button = this.#part<HTMLButtonElement>('confirm');
    button.textContent = label;
    button.hidden = false;
    button.disabled = false;
    this.#pending = action;
  }

  #setRunning(running: boolean): void {
    if (running) {
      this.dataset.state = 'running';
      this.#part('confirm').hidden = true;
    }
    setControlsRunning(this.#part<HTMLFormElement>('controls'), running);
    // The confirm button is outside the running/idle rule: it is shown only when it means something.
    this.#part<HTMLButtonElement>('confirm').disabled = running;
  }

  #fail(error: unknown, state = 'error'): void {
    this.dataset.state = state;
    this.#say(state === 'invalid' ? errorMessage(error) : `The experiment failed: ${errorMessage(error)}`);
  }

  #say(message: string): void {
    this.#part('message').textContent = message;
  }
}

function row(cells: string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

export function defineTeachPhrasing(): void {
  if (!customElements.get('tl-teach-phrasing')) customElements.define('tl-teach-phrasing', TeachPhrasing);
}
