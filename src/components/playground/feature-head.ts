/**
 * Behaviour of <tl-feature-head>: extract encoder features with the page's text model (the mini T5
 * unless the reader loaded another), train a small tfjs head on a few labelled sentences, and show
 * how well it labels the sentences it never saw.
 */
import { sharedTextModel, loadedTextModel } from './session';

class FeatureHeadDemo extends HTMLElement {
  connectedCallback() {
    const button = this.querySelector<HTMLButtonElement>('[data-role="train"]')!;
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await this.run();
      } catch (error) {
        this.status(
          `Could not train: ${error instanceof Error ? error.message : String(error)}. Press the button to try again.`,
        );
        this.dataset.error = 'true';
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
    const label = this.querySelector<HTMLSelectElement>('[data-role="label"]')!.value as
      'topic' | 'sentiment';
    const perClass = Number(this.querySelector<HTMLSelectElement>('[data-role="per-class"]')!.value);
    this.status('Loading the text model…');
    const [{ loadSentences, splitForHead }, { trainFeatureHead }] = await Promise.all([
      import('../../lib/text/sentences'),
      import('../../lib/text/head'),
    ]);
    const model = (await loadedTextModel()) ?? (await sharedTextModel({ model: 'mini-t5' }));
    const set = await loadSentences();
    const { train, test, classes } = splitForHead(set, label, perClass);
    this.status(`Running the ${model.entry.label} encoder on ${set.sentences.length} sentences…`);
    const started = performance.now();
    const [trainX, testX] = [
      await model.encoderFeatures(train.map((s) => s.text)),
      await model.encoderFeatures(test.map((s) => s.text)),
    ];
    const featureSeconds = (performance.now() - started) / 1000;
    const trainY = train.map((s) => classes.indexOf(s[label]));
    const testY = test.map((s) => classes.indexOf(s[label]));
    const head = await trainFeatureHead(trainX, trainY, classes.length, {
      epochs: 60,
      seed: 1,
      onEpoch: ({ epoch, epochs, loss }) =>
        this.status(`Training the head: epoch ${epoch} of ${epochs}, loss ${loss.toFixed(3)}`),
    });
    const predictions = head.predict(testX);
    const accuracy = head.accuracy(testX, testY);
    const parameters = head.parameters;
    head.dispose();
    const majority = Math.max(...classes.map((_, c) => testY.filter((y) => y === c).length)) / testY.length;
    this.dataset.accuracy = accuracy.toFixed(3);
    this.dataset.trainCount = String(train.length);
    this.dataset.testCount = String(test.length);
    this.dataset.features = String(trainX[0]?.length ?? 0);
    this.status(
      `${model.entry.label} turned each sentence into ${trainX[0]?.length} numbers (${featureSeconds.toFixed(2)} s for ${set.sentences.length} sentences on ${model.deviceLabel}). ` +
        `A head of ${parameters} weights trained on ${train.length} labelled sentences labels ${Math.round(accuracy * test.length)} of ${test.length} unseen sentences correctly (${(accuracy * 100).toFixed(0)}%; always guessing the commonest class would score ${(majority * 100).toFixed(0)}%).`,
    );
    const body = this.querySelector('tbody')!;
    body.replaceChildren(
      ...test.slice(0, 8).map((sentence, i) => {
        const row = document.createElement('tr');
        const cells = [
          sentence.text,
          sentence[label],
          classes[predictions[i].label],
          `${(Math.max(...predictions[i].probabilities) * 100).toFixed(0)}%`,
        ];
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
