/** Draws the shift figure: the transformed digit, the teacher's answer on it, its accuracy curve. */
import { invert, rotate } from '../../../lib/data/shifts';
import data from '../../../data/figures/teacher-shifts.json';
import { barChart } from '../bars';
import { lineChart } from '../line';
import { bytesOf, fmt, paintDigit, type FigureKit } from '../kit';

type Kind = 'rotate' | 'invert';
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const amountText = (kind: Kind, amount: number) => (kind === 'rotate' ? `${amount}°` : fmt.pct(amount, 0));

export function mount(kit: FigureKit): void {
  const step = kit.input('step');
  const digit = kit.input<HTMLSelectElement>('digit');
  const images = data.digits.map((d) => bytesOf(d.image));
  let shownKind: Kind = 'rotate';
  kit.redrawOn(() => {
    const kind = (kit.root.querySelector<HTMLInputElement>('input[name="kind"]:checked')?.value ??
      'rotate') as Kind;
    const shift = data[kind];
    if (kind !== shownKind) {
      // A new shift starts from no change at all.
      step.max = String(shift.steps.length - 1);
      step.value = String(shift.steps.indexOf(0));
      shownKind = kind;
    }
    const i = Number(step.value);
    const d = Number(digit.value);
    const amount = shift.steps[i]!;
    const chosen = data.digits[d]!;
    const p = shift.probabilities[i]![d]!;
    const answer = p.indexOf(Math.max(...p));
    const image = kind === 'rotate' ? rotate(images[d]!, amount) : invert(images[d]!, amount);
    paintDigit(kit.part<HTMLCanvasElement>('digit'), image);
    kit.part('amount-out').textContent = amountText(kind, amount);
    kit.root.dataset.answer = String(answer);
    kit.root.dataset.accuracy = String(shift.accuracy[i]);
    kit.part('headline').textContent =
      `${kind === 'rotate' ? 'Rotated' : 'Inverted'} ${amountText(kind, amount)}: the teacher says ${answer} (${fmt.pct(p[answer]!)}) for this ${chosen.label}; ${fmt.pct(shift.accuracy[i]!)} right on all ${fmt.int(data.testImages)} test digits.`;
    kit.part('probabilities').innerHTML = barChart({
      title: `The teacher's probabilities for this digit, ${kind === 'rotate' ? 'rotated' : 'inverted'} ${amountText(kind, amount)}`,
      labels: DIGITS,
      series: [{ name: 'probability', values: p, colour: 'var(--tl-fig-a)' }],
      min: 0,
      max: 1,
      axis: 'probability',
      categories: 'the teacher\u2019s answer (true digit shaded)',
      highlight: chosen.label,
      height: 160,
    });
    kit.part('curve').innerHTML = lineChart({
      title: `The teacher's accuracy on the test split against the ${kind === 'rotate' ? 'rotation' : 'inversion'}`,
      xs: shift.steps.map((s) => (kind === 'rotate' ? s : s * 100)),
      ys: shift.accuracy.map((a) => a * 100),
      mark: i,
      xAxis: kind === 'rotate' ? 'rotation (degrees)' : 'inversion (%)',
      yAxis: 'accuracy (%)',
      yMin: 0,
      yMax: 100,
      reference: { y: 10, label: 'guessing: 10 %' },
    });
    kit.say(
      `Test image #${chosen.index}, a ${chosen.label}, ${kind === 'rotate' ? 'rotated' : 'inverted'} ${amountText(kind, amount)}. The teacher answers ${answer} with ${fmt.pct(p[answer]!)}; it gives the true digit ${fmt.pct(p[chosen.label]!)}. On all ${fmt.int(data.testImages)} test digits shifted the same way it is right ${fmt.pct(shift.accuracy[i]!)} of the time.`,
    );
  });
}
