import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { learningCurveFacts } from '../../../src/data/learning-curve';

// The "What transfer learning is" lesson fills its numbers in from bench/results/learning-curve.json
// at build time, but its sentences also make qualitative claims around them ("fine-tuning beats
// scratch at every size, but by little", "the gain is largest at N, not at 1"...). When someone
// reruns the learning-curve benchmark, this test says whether the sentences still hold.
const facts = learningCurveFacts();
const { bench } = facts;

describe('the learning-curve benchmark the lesson quotes', () => {
  it('is a full run: three seeds, the lesson sizes and 200 labels per digit, every strategy', () => {
    expect(bench.config.seeds).toEqual([1, 2, 3]);
    expect(facts.sizes).toEqual([1, 5, 10, 50, 200]);
    expect(bench.runs).toHaveLength(5 * 3 * 3);
    expect(bench.testImages).toBe(975);
  });

  it('summarises its own runs correctly (means recomputed by hand)', () => {
    for (const point of bench.points) {
      const own = bench.runs.filter((r) => r.perClass === point.perClass && r.strategy === point.strategy);
      expect(own.map((r) => r.seed)).toEqual(bench.config.seeds);
      let sum = 0;
      let low = Infinity;
      let high = -Infinity;
      for (const r of own) {
        sum += r.accuracy;
        low = r.accuracy < low ? r.accuracy : low;
        high = r.accuracy > high ? r.accuracy : high;
      }
      expect(point.mean).toBeCloseTo(sum / own.length, 10);
      expect([point.min, point.max]).toEqual([low, high]);
    }
  });

  it('supports "fine-tuning beats training from scratch at every size, but by little"', () => {
    for (const size of facts.sizes) {
      const gain = facts.gainAt(size).mean;
      expect(gain, `gain at ${size}`).toBeGreaterThan(0);
      expect(gain, `gain at ${size}`).toBeLessThan(0.05);
    }
  });

  it('supports "the gains differ between sizes by less than single seeds differ, and shrink at 200"', () => {
    // Recomputed from the per-seed paired gains, not from the facts' own min/max.
    const sizes = [1, 5, 10, 50];
    const paired = bench.gains.filter((g) => sizes.includes(g.perClass)).flatMap((g) => g.paired);
    const means = sizes.map((n) => bench.gains.find((g) => g.perClass === n)!.mean);
    expect(facts.pairedGain).toEqual({ min: Math.min(...paired), max: Math.max(...paired) });
    expect(facts.lessonGain).toEqual({ min: Math.min(...means), max: Math.max(...means) });
    expect(Math.max(...means) - Math.min(...means)).toBeLessThan(Math.max(...paired) - Math.min(...paired));
    expect(facts.gainAt(facts.largest).mean).toBeLessThan(Math.min(...means));
  });

  it('supports "feature extraction is below fine-tuning at 1 to 50 labels per digit"', () => {
    expect(facts.lessonSizes).toEqual([1, 5, 10, 50]);
    expect(facts.featureGap.min).toBeGreaterThan(0);
  });

  it('supports "at 1 label per digit the seeds differ by more than the gain itself"', () => {
    expect(facts.rangeAt(1)).toBeGreaterThan(facts.gainAt(1).mean);
  });
});

describe('the head start lesson 3 opens with', () => {
  // Recomputed from the raw runs, independently of src/data/head-start.ts's pairing.
  const raw = JSON.parse(readFileSync('bench/results/learning-curve.json', 'utf8')) as {
    runs: { result: { runs: { perClass: number; strategy: string; seed: number; accuracy: number }[] } }[];
  };
  const runs = raw.runs[0]!.result.runs;
  const gain = (perClass: number) => {
    const at = (strategy: string) =>
      new Map(
        runs
          .filter((r) => r.perClass === perClass && r.strategy === strategy)
          .map((r) => [r.seed, r.accuracy]),
      );
    const fine = at('fine-tune');
    const scratch = at('scratch');
    const paired = [...fine.keys()].map((seed) => fine.get(seed)! - scratch.get(seed)!);
    return paired.reduce((a, b) => a + b, 0) / paired.length;
  };

  it('names no single best size when the top two gains are closer than the seeds spread (a tie)', () => {
    const gains = facts.sizes.map((n) => ({ n, gain: gain(n) })).sort((a, b) => b.gain - a.gain);
    const [first, second] = gains;
    const spread = Math.max(
      ...['scratch', 'feature-extraction', 'fine-tune'].map((strategy) => {
        const values = runs
          .filter((r) => r.perClass === first!.n && r.strategy === strategy)
          .map((r) => r.accuracy);
        return Math.max(...values) - Math.min(...values);
      }),
    );
    expect(facts.peak.perClass).toBe(first!.n);
    expect(facts.runnerUp.perClass).toBe(second!.n);
    expect(facts.peakIsTie).toBe(first!.gain - second!.gain < spread);
    // As committed: 50 and 10 labels per digit tie.
    expect(facts.peakIsTie).toBe(true);
  });

  it('supports "no larger at 1 label per digit than at 10 or 50"', () => {
    expect(gain(1)).toBeLessThan(gain(10));
    expect(gain(1)).toBeLessThan(gain(50));
  });
});
