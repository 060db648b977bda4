/**
 * The settings of lesson 8's "teach a phrasing" experiment and their defaults. No model code: the
 * widget's page imports this at build time and on load, before any ML is fetched.
 */
import type { MiniT5Task, T5Target } from '../t5';

export interface TeachConfig {
  /** A task of the mini T5 (its held-out phrasing is taught), or pairs the reader typed. */
  task: MiniT5Task | 'custom';
  method: 'lora' | 'full';
  rank: number;
  targets: T5Target[];
  learningRate: number;
  batchSize: number;
  maxSteps: number;
  /** Stop as soon as the running accuracy on the test pairs reaches this (0 to 1), or null. */
  stopAtAccuracy: number | null;
  /** Mix examples of the other tasks' trained phrasings into every batch. */
  rehearsal: boolean;
  seed: number;
  /** How many fresh examples of a task to train on and to test on. */
  trainCount: number;
  testCount: number;
  /** Examples per other task when measuring forgetting. */
  forgettingCount: number;
}

export const DEFAULT_TEACH_CONFIG: Readonly<TeachConfig> = Object.freeze({
  task: 'translate',
  method: 'lora',
  rank: 8,
  targets: ['q', 'v'] as T5Target[],
  learningRate: 3e-3,
  batchSize: 16,
  maxSteps: 60,
  stopAtAccuracy: 0.95,
  rehearsal: false,
  seed: 1,
  trainCount: 128,
  testCount: 50,
  forgettingCount: 30,
});

/** Learning rates that suit each method (full fine-tuning moves every weight: a smaller step). */
export const DEFAULT_LEARNING_RATES = Object.freeze({ lora: 3e-3, full: 3e-4 });
