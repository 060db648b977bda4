/**
 * The head start transfer gives on two targets, side by side, read from bench/results/ at build
 * time: fine-tuning minus training from scratch on the same labels, per seed and on average, on the
 * MNIST digits 5 to 9 (lesson 3's own example) and on the UCI optical digits (lesson 6's real domain
 * shift). Lesson 3 opens with it, so that a reader sees the strongest result and the weakest one at
 * once, each with how much the seeds vary.
 */
import { optDigitsCurve } from './bench';
import { learningCurveFacts } from './learning-curve';

export interface HeadStart {
  perClass: number;
  fineTune: number;
  scratch: number;
  /** Mean of the per-seed differences (0.02 = 2 points). */
  gain: number;
  /** Seeds on which fine-tuning scored higher than scratch, out of `seeds`. */
  wins: number;
  seeds: number;
  /** The widest best-to-worst distance between seeds of either strategy at this size. */
  spread: number;
  /** The smallest and largest per-seed difference. */
  lowest: number;
  highest: number;
}

/** One strategy at one size: its spread and its accuracy on each seed (seed -> accuracy). */
interface Measured {
  mean: number;
  min: number;
  max: number;
  bySeed: Map<number, number>;
}

const pairedRow = (perClass: number, fineTune: Measured, scratch: Measured): HeadStart => {
  // Paired by seed: the same labelled images and the same order for both strategies.
  const seeds = [...fineTune.bySeed.keys()].filter((seed) => scratch.bySeed.has(seed));
  if (seeds.length === 0) throw new Error(`Head start at ${perClass}: no seed ran both strategies.`);
  const paired = seeds.map((seed) => fineTune.bySeed.get(seed)! - scratch.bySeed.get(seed)!);
  return {
    perClass,
    fineTune: fineTune.mean,
    scratch: scratch.mean,
    gain: paired.reduce((a, b) => a + b, 0) / paired.length,
    wins: paired.filter((d) => d > 0).length,
    seeds: paired.length,
    spread: Math.max(fineTune.max - fineTune.min, scratch.max - scratch.min),
    lowest: Math.min(...paired),
    highest: Math.max(...paired),
  };
};

/** The optical digits: the MNIST teacher adapted with 1, 5 and 10 labels per digit. */
export function opticalHeadStart(): HeadStart[] {
  const curve = optDigitsCurve();
  const sizes = [...new Set(curve.points.map((p) => p.perClass))].sort((a, b) => a - b);
  return sizes.map((perClass) => {
    const at = (strategy: 'fine-tune' | 'scratch') => {
      const point = curve.points.find((p) => p.perClass === perClass && p.strategy === strategy);
      if (!point)
        throw new Error(`The optical-digits bench has no ${strategy} point at ${perClass} labels per class.`);
      return { ...point.accuracy, bySeed: new Map(curve.seeds.map((seed, i) => [seed, point.seeds[i]!])) };
    };
    return pairedRow(perClass, at('fine-tune'), at('scratch'));
  });
}

/** MNIST 0-4 -> 5-9: the source CNN fine-tuned, at the sizes lesson 3 discusses. */
export function mnistHeadStart(): HeadStart[] {
  const facts = learningCurveFacts();
  return facts.lessonSizes.map((perClass) => {
    const at = (strategy: 'fine-tune' | 'scratch') => {
      const point = facts.point(strategy, perClass);
      const bySeed = new Map(point.seeds.map((seed, i) => [seed, point.accuracies[i]!]));
      return { mean: point.mean, min: point.min, max: point.max, bySeed };
    };
    return pairedRow(perClass, at('fine-tune'), at('scratch'));
  });
}

/** Both, with the summary lesson 3's opening sentences quote. */
export function headStartFacts() {
  const optical = opticalHeadStart();
  const mnist = mnistHeadStart();
  const range = (rows: HeadStart[]) => ({
    min: Math.min(...rows.map((r) => r.gain)),
    max: Math.max(...rows.map((r) => r.gain)),
  });
  // "Every seed" only where it is true at every size.
  const everySeed = (rows: HeadStart[]) => rows.every((r) => r.wins === r.seeds);
  // A gain no larger than the spread between seeds is small: one run can show the opposite.
  const insideSpread = (rows: HeadStart[]) => rows.every((r) => r.gain < r.spread);
  return {
    optical,
    mnist,
    opticalGain: range(optical),
    mnistGain: range(mnist),
    opticalEverySeed: everySeed(optical),
    mnistEverySeed: everySeed(mnist),
    mnistInsideSpread: insideSpread(mnist),
    opticalInsideSpread: insideSpread(optical),
    opticalZeroShot: optDigitsCurve().zeroShot,
    seeds: { optical: optical[0]!.seeds, mnist: mnist[0]!.seeds },
  };
}
