import { describe, expect, it, vi } from 'vitest';
import { createHelpers } from '../../../src/notebook/kernel/helpers';
import { outputsFor } from '../../../src/notebook/kernel/format';
import type { ChartSpec, Output } from '../../../src/notebook/protocol';

function collect() {
  const outputs: Output[] = [];
  const updates: { chart: string; spec: ChartSpec }[] = [];
  const helpers = createHelpers({
    emit: (output) => outputs.push(output),
    emitValues: (values) => values.forEach((value) => outputs.push(...outputsFor(value))),
    emitLater: async (make) => void outputs.push(...(await make())),
    updateChart: (chart, spec) => updates.push({ chart, spec }),
  });
  return { outputs, updates, helpers };
}

describe('cell helpers', () => {
  it('describes Observable Plot charts as data the page can draw', () => {
    const { outputs, helpers } = collect();
    const { Plot } = helpers;
    const chart = Plot.plot({
      marks: [Plot.lineY([{ t: 0, v: 1 }], { x: 't', y: 'v' }), Plot.ruleY([0])],
      y: { grid: true },
    });
    expect(outputs).toEqual([
      {
        kind: 'chart',
        chart: chart.id,
        spec: {
          marks: [
            { mark: 'lineY', data: [{ t: 0, v: 1 }], options: { x: 't', y: 'v' } },
            { mark: 'ruleY', data: [0], options: {} },
          ],
          options: { y: { grid: true } },
        },
      },
    ]);
    // A cell ending with the chart handle shows nothing more: the chart is already there.
    expect(outputsFor(chart)).toEqual([]);
  });

  it('refuses functions in chart options with a reason a reader understands', () => {
    const { helpers } = collect();
    const { Plot } = helpers;
    expect(() => Plot.plot({ marks: [Plot.dot([], { x: (d: unknown) => d })] })).toThrow(/plain data/);
  });

  it('keeps Plot transforms as descriptors', () => {
    const { helpers } = collect();
    expect(helpers.Plot.binX({ y: 'count' }, { x: 'value' })).toEqual({
      __plotTransform: 'binX',
      args: [{ y: 'count' }, { x: 'value' }],
    });
  });

  it('grows a live chart from training callbacks, redrawing at most every 100 ms', () => {
    vi.useFakeTimers();
    try {
      const { updates, helpers } = collect();
      const chart = helpers.liveChart({ x: 'epoch', y: ['loss', 'accuracy'] });
      chart.onEpoch({ epoch: 1, loss: 2, accuracy: 0.2 });
      chart.onEpoch({ epoch: 2, loss: 1, accuracy: 0.6 });
      expect(updates).toHaveLength(0);
      vi.advanceTimersByTime(100);
      expect(updates).toHaveLength(1);
      const [line] = updates[0]!.spec.marks;
      expect(line!.data).toEqual([
        { epoch: 1, series: 'loss', value: 2 },
        { epoch: 1, series: 'accuracy', value: 0.2 },
        { epoch: 2, series: 'loss', value: 1 },
        { epoch: 2, series: 'accuracy', value: 0.6 },
      ]);
      expect(line!.options).toMatchObject({ x: 'epoch', y: 'value', stroke: 'series' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows digits from a digit set as labelled RGBA images', () => {
    const { outputs, helpers } = collect();
    const set = {
      size: 2,
      digitImage: (index: number) => ({
        width: 28,
        height: 28,
        data: new Uint8ClampedArray(28 * 28 * 4),
        label: index + 3,
      }),
    };
    helpers.digits(set, 2);
    expect(outputs).toHaveLength(1);
    const images = outputs[0] as Extract<Output, { kind: 'images' }>;
    expect(images.images.map((image) => image.label)).toEqual(['3', '4']);
  });
});
