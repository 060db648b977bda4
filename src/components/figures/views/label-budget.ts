/** Draws the label-budget figure: test accuracy of each strategy at the chosen labels per digit. */
import { CURVE_STRATEGIES, STRATEGY_NAMES } from '../../../lib/experiments/learning-curve-config';
import { barChart } from '../bars';
import { fmt, type FigureKit } from '../kit';

/** Names short enough to sit under a bar at 13 px. */
const SHORT_NAMES: Record<string, string> = {
  scratch: 'scratch',
  'feature-extraction': 'feature extr.',
  'fine-tune': 'fine-tuning',
};

interface Point {
  perClass: number;
  strategy: string;
  mean: number;
  min: number;
  max: number;
}
interface BudgetData {
  settings: Array<{ name: string; seeds: number; points: Point[] }>;
}

export function mount(kit: FigureKit): void {
  const data = kit.data<BudgetData>();
  const size = kit.input('size');
  let shown = -1;
  kit.redrawOn(() => {
    const index = Number(
      kit.root.querySelector<HTMLInputElement>('input[name="setting"]:checked')?.value ?? 0,
    );
    const setting = data.settings[index]!;
    const sizes = [...new Set(setting.points.map((p) => p.perClass))].sort((a, b) => a - b);
    if (index !== shown) {
      size.max = String(sizes.length - 1);
      size.value = String(Math.min(Number(size.value), sizes.length - 1));
      shown = index;
    }
    const n = sizes[Number(size.value)]!;
    const at = CURVE_STRATEGIES.map((s) => setting.points.find((p) => p.perClass === n && p.strategy === s)!);
    kit.part('n-out').textContent = String(n);
    const [scratch, head, tune] = at as [Point, Point, Point];
    kit.root.dataset.fineTuneLead = ((tune.mean - scratch.mean) * 100).toFixed(1);
    kit.part('headline').textContent =
      `${n} labels per digit: fine-tuning ${fmt.pct(tune.mean)}, from scratch ${fmt.pct(scratch.mean)} (${tune.mean >= scratch.mean ? '+' : '−'}${Math.abs((tune.mean - scratch.mean) * 100).toFixed(1)} points), feature extraction ${fmt.pct(head.mean)}.`;
    kit.part('bars').innerHTML = barChart({
      title: `Test accuracy at ${n} labels per digit, mean of ${setting.seeds} seeds`,
      labels: at.map((p) => SHORT_NAMES[p.strategy] ?? p.strategy),
      series: [{ name: 'accuracy', values: at.map((p) => p.mean * 100), colour: 'var(--tl-fig-a)' }],
      min: 0,
      max: 100,
      axis: 'test accuracy (%)',
      categories: `strategy, mean of ${setting.seeds} seeds`,
    });
    kit.say(
      `${setting.name}, ${n} labels per digit, mean of ${setting.seeds} seeds: ${at
        .map(
          (p) =>
            `${STRATEGY_NAMES[p.strategy as keyof typeof STRATEGY_NAMES]} ${fmt.pct(p.mean)} (${fmt.pct(p.min)} to ${fmt.pct(p.max)})`,
        )
        .join('; ')}.`,
    );
  });
}
