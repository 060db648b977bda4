/**
 * What the lessons say about the learning curve, derived from the benchmark at build time, so the
 * prose and the measurement cannot disagree. tests/unit/lessons/learning-curve-claims.test.ts holds
 * the committed results to the qualitative claims the prose makes around these numbers.
 */
import type { TransferStrategy } from '../lib/transfer/prepare';
import { QUICK_LEARNING_CURVE, trainingBudget } from '../lib/experiments/learning-curve-config';
import { learningCurveBench, type LearningCurveBench } from './bench';

/** 0.0241 -> "2.4" (points of accuracy). */
export const points = (difference: number, digits = 1) => (difference * 100).toFixed(digits);
/** 0.9316 -> "93.2 %". */
export const percent = (accuracy: number, digits = 1) => `${(accuracy * 100).toFixed(digits)} %`;

export function learningCurveFacts(bench: LearningCurveBench = learningCurveBench()) {
  const point = (strategy: TransferStrategy, perClass: number) => {
    const found = bench.points.find((p) => p.strategy === strategy && p.perClass === perClass);
    if (!found)
      throw new Error(`The learning-curve bench has no ${strategy} point at ${perClass} labels per class.`);
    return found;
  };
  const sizes = [...new Set(bench.points.map((p) => p.perClass))].sort((a, b) => a - b);
  // The sizes the widget runs by default are the ones the lesson discusses.
  const lessonSizes = sizes.filter((n) => QUICK_LEARNING_CURVE.labelsPerClass.includes(n));
  const gainAt = (perClass: number) => {
    const gain = bench.gains.find((g) => g.perClass === perClass);
    if (!gain) throw new Error(`The learning-curve bench has no gain at ${perClass} labels per class.`);
    return gain;
  };
  const peak = bench.gains.reduce((best, gain) => (gain.mean > best.mean ? gain : best));
  // The second-largest mean gain: when it is closer to the peak than the seeds spread, the "peak"
  // is a tie and the lesson must not name one size as best.
  const runnerUp = bench.gains
    .filter((gain) => gain !== peak)
    .reduce((best, gain) => (gain.mean > best.mean ? gain : best));
  const featureGaps = lessonSizes.map(
    (n) => point('fine-tune', n).mean - point('feature-extraction', n).mean,
  );
  /** Single seeds' paired gains (fine-tuning minus scratch) at the lesson's sizes: lowest and highest. */
  const paired = lessonSizes.flatMap((n) => gainAt(n).paired);
  const lessonGains = lessonSizes.map((n) => gainAt(n).mean);
  /** The largest distance between the best and worst seed of one strategy at this size. */
  const rangeAt = (perClass: number) =>
    Math.max(...bench.points.filter((p) => p.perClass === perClass).map((p) => p.max - p.min));
  return {
    bench,
    seeds: bench.config.seeds,
    sizes,
    lessonSizes,
    smallest: sizes[0]!,
    largest: sizes[sizes.length - 1]!,
    point,
    gainAt,
    peak,
    runnerUp,
    featureGap: { min: Math.min(...featureGaps), max: Math.max(...featureGaps) },
    /** Mean gains at the lesson's sizes, lowest and highest. */
    lessonGain: { min: Math.min(...lessonGains), max: Math.max(...lessonGains) },
    pairedGain: { min: Math.min(...paired), max: Math.max(...paired) },
    rangeAt,
    /** Whether the peak's lead over the runner-up is smaller than the spread between seeds there. */
    peakIsTie: peak.mean - runnerUp.mean < rangeAt(peak.perClass),
    /** How long each run at this size trains (the same recipe as the benchmark). */
    budgetAt: trainingBudget,
  };
}
