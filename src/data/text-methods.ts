/**
 * Typed access to bench/results/text-methods.json (`npm run bench -- text-methods`), the comparison
 * lesson 9 quotes: zero-shot, k-shot prompting, a head on the frozen encoder, LoRA and full
 * fine-tuning on the translate task's held-out phrasing, over five seeds; and
 * bench/results/text-lora-sweep.json, the LoRA settings its exercise is checked against.
 */
import { benchFile } from './bench';

export interface SeedSpread {
  mean: number;
  min: number;
  max: number;
  values: number[];
}

export type TextMethod = 'zero-shot' | '1-shot' | '2-shot' | '4-shot' | 'head' | 'lora' | 'full';

export interface TextMethodRow {
  method: TextMethod;
  accuracy: SeedSpread;
  seconds: SeedSpread;
  trainable: number;
  total: number;
}

export interface ForgettingRow {
  method: 'lora' | 'full';
  tasks: { task: string; before: number; after: number; worstDrop: number }[];
}

/** One LoRA setting the sweep tried: its accuracy on each seed until one fell below 90 %. */
export interface SweepRow {
  rank: number;
  targets: string[];
  trainable: number;
  accuracies: number[];
  allReach90: boolean;
}

export interface LoraSweepBench {
  task: string;
  labelled: number;
  test: number;
  seeds: number[];
  tried: SweepRow[];
}

export interface TextMethodsBench {
  task: string;
  phrasing: string;
  labelled: number;
  test: number;
  otherTaskPairs: number;
  /** Encoder positions the head reads. */
  headPositions: number;
  seeds: number[];
  trainingBackend: string;
  settings: Record<
    'lora' | 'full',
    { rank?: number; targets?: string[]; learningRate: number; batchSize: number; maxSteps: number }
  >;
  promptTokens: Record<string, number>;
  methods: TextMethodRow[];
  forgetting: ForgettingRow[];
  perSeed: {
    seed: number;
    method: 'lora' | 'full';
    steps: number;
    stopped: string;
    accuracy: number;
    seconds: number;
  }[];
}

export function textMethodsBench(): TextMethodsBench & { date: string; quick: boolean } {
  const file = benchFile<TextMethodsBench>('text-methods');
  const first = file.runs[0];
  if (!first)
    throw new Error('bench/results/text-methods.json has no run: run `npm run bench -- text-methods`');
  return { ...first.result, date: file.date, quick: file.quick };
}

export function methodRow(method: TextMethod): TextMethodRow {
  const row = textMethodsBench().methods.find((r) => r.method === method);
  if (!row) throw new Error(`bench/results/text-methods.json has no row for ${method}`);
  return row;
}

/** The largest drop, in points, of any other task's mean accuracy after a method trained. */
export function largestDrop(method: 'lora' | 'full'): {
  task: string;
  points: number;
  worstSeedPoints: number;
} {
  const row = textMethodsBench().forgetting.find((r) => r.method === method);
  if (!row) throw new Error(`bench/results/text-methods.json has no forgetting row for ${method}`);
  const worst = row.tasks.reduce((a, b) => (b.before - b.after > a.before - a.after ? b : a));
  return {
    task: worst.task,
    points: Math.round((worst.before - worst.after) * 1000) / 10,
    worstSeedPoints: Math.round(Math.max(...row.tasks.map((t) => t.worstDrop)) * 1000) / 10,
  };
}

/** bench/results/text-lora-sweep.json: the LoRA settings tried for lesson 9's exercise. */
export function loraSweep(): LoraSweepBench {
  const first = benchFile<LoraSweepBench>('text-lora-sweep').runs[0];
  if (!first)
    throw new Error('bench/results/text-lora-sweep.json has no run: run `npm run bench -- text-lora-sweep`');
  return first.result;
}

/** The LoRA setting with the fewest trainable weights that reached 90 % on every seed. */
export function smallestLoraAt90(): SweepRow | null {
  const reaching = loraSweep().tried.filter((row) => row.allReach90);
  if (reaching.length === 0) return null;
  return reaching.reduce((a, b) => (b.trainable < a.trainable ? b : a));
}

/** 0.8125 -> "81 %" (the lessons' style for accuracies). */
export const percent = (value: number) => `${Math.round(value * 100)} %`;
