/**
 * Behaviour of <tl-feature-head>: runs the feature-head experiment (src/lib/experiments/feature-head)
 * with the page's text model (the mini T5 unless the reader loaded another) and draws its result.
 */
import { showTextError } from './errors';
import { sharedTextModel, loadedTextModel } from './session';

class FeatureHeadDemo extends HTMLElement {
  connectedCallback() {
    const button = this.querySelector<HTMLButtonElement>('[data-role="train"]')!;
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await this.run();
      } catch (error) {
        this.status('');
        showTextError(
          this,
          error,
          'Could not extract features and train the head. Press the button to try again.',
        );
        this.dataset.error = (error as { kind?: string }).kind ?? 'unknown';
      } finally {
        button.disabled = false;
      }
    });
  }

  private status(text: string) {
    this.querySelector('[data-role="status"]')!.textContent = text;
  }

  private async run() {
    delete this.dataset.error;
    showTextError(this, null);
    this.querySelector('[data-role="headline"]')!.textContent = '';
    const label = this.querySelector<HTMLSelectElement>('[data-role="label"]')!.value as
      'topic' | 'sentiment';
    const perClass = Number(this.querySelector<HTMLSelectElement>('[data-role="per-class"]')!.value);
    this.status('Loading the text model…');
    const [{ runFeatureHeadExperiment }, model] = await Promise.all([
      import('../../lib/experiments/feature-head'),
      loadedTextModel().then((loaded) => loaded ?? sharedTextModel({ model: 'mini-t5' })),
    ]);
    const result = await runFeatureHeadExperiment(
      model,
      { label, perClass, epochs: 60, seed: 1 },
      { onStatus: (message) => this.status(message) },
    );
    this.dataset.accuracy = result.accuracy.toFixed(3);
    this.dataset.trainCount = String(result.trainCount);
    this.dataset.testCount = String(result.testCount);
    this.dataset.features = String(result.featureWidth);
    const correct = Math.round(result.accuracy * result.testCount);
    this.querySelector('[data-role="headline"]')!.textContent =
      `${correct} of ${result.testCount} unseen sentences labelled right (${(result.accuracy * 100).toFixed(0)}%), ` +
      `against ${(result.majority * 100).toFixed(0)}% for always guessing the commonest class.`;
    this.status(
      `${result.encoder.label} turned each sentence into ${result.featureWidth} numbers (${result.featureSeconds.toFixed(2)} s for ${result.trainCount + result.testCount} sentences on ${result.encoder.device}). ` +
        `A head of ${result.parameters} weights trained on ${result.trainCount} labelled sentences labels ${correct} of ${result.testCount} unseen sentences correctly (${(result.accuracy * 100).toFixed(0)}%; always guessing the commonest class would score ${(result.majority * 100).toFixed(0)}%).`,
    );
    const body = this.querySelector('tbody')!;
    body.replaceChildren(
      ...result.guesses.slice(0, 8).map((guess) => {
        const row = document.createElement('tr');
        const cells = [guess.text, guess.truth, guess.predicted, `${(guess.confidence * 100).toFixed(0)}%`];
        row.append(
          ...cells.map((text) => Object.assign(document.createElement('td'), { textContent: text })),
        );
        return row;
      }),
    );
    this.querySelector<HTMLTableElement>('[data-role="table"]')!.hidden = false;
  }
}

export function defineFeatureHead() {
  if (!customElements.get('tl-feature-head')) customElements.define('tl-feature-head', FeatureHeadDemo);
}
