import { describe, expect, it } from 'vitest';
import { learningCurveFacts } from '../../../src/data/learning-curve';

// The "What transfer learning is" lesson fills its numbers in from bench/results/learning-curve.json
// at build time, but its sentences also make qualitative claims around them ("fine-tuning beats
// scratch at every size, but by little", "the gain is largest at N, not at 1"...). When someone
// reruns `npm run bench -- learning-curve`, this test says whether the sentences still hold.
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

  it('supports "the gain is largest in the middle, not where labels are scarcest, and shrinks again"', () => {
    expect(facts.peak.perClass).not.toBe(facts.smallest);
    expect(facts.peak.perClass).not.toBe(facts.largest);
    expect(facts.gainAt(facts.largest).mean).toBeLessThan(facts.peak.mean);
  });

  it('supports "feature extraction is below fine-tuning at 1 to 50 labels per digit"', () => {
    expect(facts.lessonSizes).toEqual([1, 5, 10, 50]);
    expect(facts.featureGap.min).toBeGreaterThan(0);
  });

  it('supports "at 1 label per digit the seeds differ by more than the gain itself"', () => {
    expect(facts.rangeAt(1)).toBeGreaterThan(facts.gainAt(1).mean);
  });
});
