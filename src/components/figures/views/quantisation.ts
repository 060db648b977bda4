/**
 * Draws the quantisation figure: the teacher's last-layer kernel rounded to the chosen number of
 * bits (per-tensor affine, as the library's quantizeWeights does), its histogram before and after,
 * the rounding error, and the whole quantised teacher's measured test errors (precomputed).
 */
import data from '../../../data/figures/teacher-quantised.json';
import { barChart, niceCeil } from '../bars';
import { fmt, type FigureKit } from '../kit';

const BINS = 16;
const weights = data.layer.weights;
const min = Math.min(...weights);
const max = Math.max(...weights);

/** The weights stored with `bits` bits: the minimum plus a whole number of equal steps. */
function rounded(bits: number): { values: number[]; step: number } {
  const step = Math.max(max - min, 1e-12) / (2 ** bits - 1);
  return { values: weights.map((w) => min + Math.round((w - min) / step) * step), step };
}

function histogram(values: readonly number[]): number[] {
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values) counts[Math.min(BINS - 1, Math.floor(((v - min) / (max - min)) * BINS))]!++;
  return counts;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export function mount(kit: FigureKit): void {
  const slider = kit.input('bits');
  const original = histogram(weights);
  const labels = Array.from({ length: BINS }, (_, i) =>
    i % 5 === 0 || i === BINS - 1 ? (min + ((i + 0.5) * (max - min)) / BINS).toFixed(2) : '',
  );
  kit.redrawOn(() => {
    const bits = Number(slider.value);
    const { values, step } = rounded(bits);
    const rms = Math.sqrt(values.reduce((s, v, i) => s + (v - weights[i]!) ** 2, 0) / weights.length);
    const used = new Set(values.map((v) => Math.round((v - min) / step))).size;
    const row = data.bits.find((b) => b.bits === bits)!;
    kit.part('bits-out').textContent = String(bits);
    kit.root.dataset.rms = rms.toPrecision(6);
    kit.root.dataset.levels = String(used);
    kit.root.dataset.errors = String(row.errors);
    kit.part('headline').textContent =
      `${bits} bits: ${2 ** bits} levels ${fmt.num(step, 4)} apart, rounding error ${fmt.num(rms, 4)} (root mean square). Whole teacher: ${row.errors} test errors (32 bits: ${data.float32.errors}), ${kb(row.bytes)} of weights instead of ${kb(data.float32.bytes)}.`;
    const counts = histogram(values);
    kit.part('histogram').innerHTML = barChart({
      title: `The last layer's ${fmt.int(weights.length)} weights, before and after rounding`,
      labels,
      series: [
        { name: '32-bit', values: original, colour: 'var(--tl-fig-a)' },
        { name: `${bits}-bit`, values: counts, colour: 'var(--tl-fig-b)' },
      ],
      min: 0,
      max: niceCeil(Math.max(...original, ...counts)),
      axis: 'weights in the bin',
      categories: 'weight value (bin centre)',
    });
    kit.part('errors').innerHTML = barChart({
      title: `Whole teacher's test errors on ${fmt.int(data.testImages)} digits, by bits per weight`,
      labels: data.bits.map((b) => String(b.bits)),
      series: [{ name: 'test errors', values: data.bits.map((b) => b.errors), colour: 'var(--tl-fig-a)' }],
      min: 0,
      max: niceCeil(Math.max(...data.bits.map((b) => b.errors))),
      axis: 'test errors',
      categories: 'bits per weight (chosen one shaded)',
      highlight: bits - 1,
      height: 170,
    });
    kit.say(
      `At ${bits} bits the last layer's ${weights.length} weights, from ${fmt.num(min, 3)} to ${fmt.num(max, 3)}, fall on ${used} of ${2 ** bits} levels ${fmt.num(step, 4)} apart; the root-mean-square rounding error is ${fmt.num(rms, 4)}. The whole teacher rounded to ${bits} bits makes ${row.errors} errors on ${data.testImages} test digits (${data.float32.errors} at 32 bits) and gives the 32-bit teacher's answer on ${row.agreement} of them.`,
    );
  });
}
