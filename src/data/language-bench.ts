/**
 * Typed access to bench/results/language.json (`npm run bench -- language`), the measurements
 * lessons 7 and 9 quote: heads on encoder vs bag-of-words features, k-shot prompting of the mini
 * T5. Formatting helpers keep the prose consistent.
 */
import { benchFile } from './bench';

export type SentenceLabel = 'sentiment' | 'topic';

export interface HeadRow {
  label: SentenceLabel;
  perClass: number;
  trainCount: number;
  testCount: number;
  encoderWidth: number;
  headParameters: number;
  encoder: number;
  encoderMin: number;
  encoderMax: number;
  bagOfWords: number;
  bagOfWordsMin: number;
  bagOfWordsMax: number;
  encoderWins: number;
  meanGain: number;
  seeds: { seed: number; encoder: number; bagOfWords: number; majority: number }[];
}

export interface PromptRow {
  label: SentenceLabel;
  shots: number;
  accuracy: number;
  min: number;
  max: number;
  /** Fraction of answers that named no class at all. */
  invalid: number;
  total: number;
  promptTokens: number;
  examplePrompt: string;
  answers: string[];
}

export interface LanguageBench {
  model: string;
  sentences: number;
  seeds: number[];
  heads: HeadRow[];
  prompting: PromptRow[];
}

function run() {
  const file = benchFile<LanguageBench>('language');
  const first = file.runs[0];
  if (!first) throw new Error('bench/results/language.json has no run: run `npm run bench -- language`');
  return { ...first, date: file.date };
}

/** The whole result, with where and when it was measured. */
export function languageBench(): LanguageBench & { backendLabel: string; date: string } {
  const { result, backendLabel, date } = run();
  return { ...result, backendLabel, date };
}

export function headRow(label: SentenceLabel, perClass: number): HeadRow {
  const row = languageBench().heads.find((h) => h.label === label && h.perClass === perClass);
  if (!row)
    throw new Error(`bench/results/language.json has no head row for ${label} at ${perClass} per class`);
  return row;
}

export function promptRow(label: SentenceLabel, shots: number): PromptRow {
  const row = languageBench().prompting.find((p) => p.label === label && p.shots === shots);
  if (!row)
    throw new Error(`bench/results/language.json has no prompting row for ${label} with ${shots} shots`);
  return row;
}

/** 0.8125 -> "81 %" (the lessons' style for accuracies). */
export const percent = (value: number) => `${Math.round(value * 100)} %`;
