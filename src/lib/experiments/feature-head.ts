/**
 * Transfer learning by feature extraction, on text: the T5 encoder (frozen) turns each sentence into
 * one vector, and a one-layer head learns a label from a few labelled sentences per class, then
 * labels the sentences it never saw. The feature-head widget only draws what this returns. The head
 * is plain JavaScript (src/lib/text/head.ts), so this loads no tfjs.
 */
import { trainFeatureHead } from '../text/head';
import type { TextModel } from '../text/load';
import { loadSentences, splitForHead, type SentenceSet } from '../text/sentences';

export interface FeatureHeadConfig {
  /** Which label of the sentence set the head learns. */
  label: 'topic' | 'sentiment';
  /** Labelled sentences per class the head trains on; the rest are the test set. */
  perClass: number;
  epochs?: number;
  seed?: number;
}

export interface FeatureHeadHooks {
  signal?: AbortSignal;
  /** The sentences (default: the site's `/data/sentences.json`). */
  sentences?: SentenceSet;
  onStatus?(message: string): void;
  onEpoch?(event: { epoch: number; epochs: number; loss: number; accuracy: number }): void;
}

export interface LabelledGuess {
  text: string;
  truth: string;
  predicted: string;
  /** The head's probability for its prediction, 0..1. */
  confidence: number;
}

export interface FeatureHeadResult {
  config: Required<FeatureHeadConfig>;
  classes: string[];
  /** The text model whose encoder made the features, and where it ran. */
  encoder: { label: string; device: string };
  featureWidth: number;
  /** Seconds the encoder took for every sentence (training and test). */
  featureSeconds: number;
  trainCount: number;
  testCount: number;
  parameters: number;
  /** Share of the test sentences the head labels correctly, 0..1. */
  accuracy: number;
  /** What always guessing the commonest test class would score, 0..1. */
  majority: number;
  /** Every test sentence with the head's guess. */
  guesses: LabelledGuess[];
}

/**
 * Trains a small head on the frozen mini T5 encoder's sentence features (lesson 7's BERT recipe) and scores it on held-out sentences.
 * @param model a loaded text model
 * @param config the label (topic or sentiment), labelled sentences per class, epochs and seed
 * @param hooks a signal to stop, the sentences, and progress callbacks
 * @returns the head's test accuracy, its guesses and its size
 * @example
 * const model = await loadTextModel();
 * (await runFeatureHeadExperiment(model, { label: 'topic', perClass: 4 })).accuracy
 */
export async function runFeatureHeadExperiment(
  model: TextModel,
  config: FeatureHeadConfig,
  hooks: FeatureHeadHooks = {},
): Promise<FeatureHeadResult> {
  const full: Required<FeatureHeadConfig> = { epochs: 60, seed: 1, ...config };
  const set = hooks.sentences ?? (await loadSentences({ signal: hooks.signal }));
  const { train, test, classes } = splitForHead(set, full.label, full.perClass);
  hooks.onStatus?.(`Running the ${model.entry.label} encoder on ${set.sentences.length} sentences…`);
  const started = performance.now();
  const trainX = await model.encoderFeatures(
    train.map((s) => s.text),
    { signal: hooks.signal },
  );
  const testX = await model.encoderFeatures(
    test.map((s) => s.text),
    { signal: hooks.signal },
  );
  const featureSeconds = (performance.now() - started) / 1000;
  const trainY = train.map((s) => classes.indexOf(s[full.label]));
  const testY = test.map((s) => classes.indexOf(s[full.label]));
  const head = await trainFeatureHead(trainX, trainY, classes.length, {
    epochs: full.epochs,
    seed: full.seed,
    signal: hooks.signal,
    onEpoch: (event) => {
      hooks.onEpoch?.(event);
      hooks.onStatus?.(
        `Training the head: epoch ${event.epoch} of ${event.epochs}, loss ${event.loss.toFixed(3)}`,
      );
    },
  });
  try {
    const predictions = head.predict(testX);
    const accuracy = head.accuracy(testX, testY);
    const majority = Math.max(...classes.map((_, c) => testY.filter((y) => y === c).length)) / testY.length;
    return {
      config: full,
      classes,
      encoder: { label: model.entry.label, device: model.deviceLabel },
      featureWidth: trainX[0]?.length ?? 0,
      featureSeconds,
      trainCount: train.length,
      testCount: test.length,
      parameters: head.parameters,
      accuracy,
      majority,
      guesses: test.map((sentence, i) => ({
        text: sentence.text,
        truth: sentence[full.label],
        predicted: classes[predictions[i].label],
        confidence: Math.max(...predictions[i].probabilities),
      })),
    };
  } finally {
    head.dispose();
  }
}
