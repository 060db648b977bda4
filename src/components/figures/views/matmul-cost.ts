/** Draws the matrix-product figure: operations and bytes on a log scale, and their ratio. */
import { matmulCost } from '../../../lib/backend/matmul-cost';
import { barChart } from '../bars';
import { fmt, type FigureKit } from '../kit';

const si = (value: number, unit: string) => {
  const prefixes: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  const [scale, prefix] = prefixes.find(([s]) => value >= s) ?? [1, ''];
  return `${+(value / scale).toPrecision(3)} ${prefix}${unit}`;
};

export function mount(kit: FigureKit): void {
  const power = kit.input('power');
  kit.redrawOn(() => {
    const n = 2 ** Number(power.value);
    const c = matmulCost(n, n, n);
    kit.part('n-out').textContent = fmt.int(n);
    kit.root.dataset.flops = String(c.flops);
    kit.root.dataset.intensity = c.intensity.toFixed(4);
    kit.part('headline').textContent =
      `n = ${fmt.int(n)}: ${si(c.flops, 'FLOP')} for ${si(c.bytes, 'B')} of float32, ${c.intensity.toFixed(1)} operations per byte.`;
    kit.part('bars').innerHTML = barChart({
      title: `Operations and bytes for n = ${n}, on a log scale`,
      labels: ['operations', 'bytes', 'ops per byte'],
      series: [
        {
          name: 'log10',
          values: [Math.log10(c.flops), Math.log10(c.bytes), Math.log10(c.intensity)],
          colour: 'var(--tl-fig-a)',
        },
      ],
      min: 0,
      max: 12,
      axis: 'log10 of the count',
      categories: 'one n × n by n × n product',
    });
    kit.say(
      `Multiplying two ${n} by ${n} matrices takes 2 × ${n}³ = ${fmt.int(c.flops)} floating-point operations and moves ${fmt.int(c.bytes)} bytes (three ${n} by ${n} float32 matrices): ${c.intensity.toFixed(2)} operations for each byte.`,
    );
  });
}
