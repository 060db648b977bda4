/** Draws the temperature figure: soft targets, their entropy and the pull on a fresh student. */
import { entropyBits, softLossPull, softmaxAt } from '../../../lib/distill/soft-targets';
import data from '../../../data/figures/teacher-logits.json';
import { barChart, niceCeil } from '../bars';
import { bytesOf, fmt, paintDigit, type FigureKit } from '../kit';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** A student that has learned nothing yet scores every digit alike. */
const FRESH_STUDENT = new Array<number>(10).fill(0);

export function mount(kit: FigureKit): void {
  const temperature = kit.input('temperature');
  const digit = kit.input<HTMLSelectElement>('digit');
  kit.redrawOn(() => {
    const T = Number(temperature.value);
    const chosen = data.digits[Number(digit.value)]!;
    const p = softmaxAt(chosen.logits, T);
    const h = entropyBits(p);
    const pull = softLossPull(chosen.logits, FRESH_STUDENT, T);
    const order = p.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
    const runnerUp = order[1]!;
    kit.part('t-out').textContent = String(T);
    kit.root.dataset.entropy = h.toFixed(4);
    kit.root.dataset.top = p[chosen.label]!.toFixed(4);
    paintDigit(kit.part<HTMLCanvasElement>('digit'), bytesOf(chosen.image));
    kit.part('headline').textContent =
      `T = ${T}: entropy ${h.toFixed(2)} bits (at most 3.32); the ${chosen.label} gets ${fmt.pct(p[chosen.label]!)}, the runner-up ${runnerUp[1]} ${fmt.pct(runnerUp[0])}.`;
    kit.part('targets').innerHTML = barChart({
      title: `Soft targets at T = ${T}`,
      labels: DIGITS,
      series: [{ name: 'soft target', values: p, colour: 'var(--tl-fig-a)' }],
      min: 0,
      max: 1,
      axis: 'probability',
      categories: 'digit (true digit shaded)',
      highlight: chosen.label,
    });
    const scale = niceCeil(Math.max(0.05, ...pull.map(Math.abs)));
    kit.part('pull').innerHTML = barChart({
      title: `Pull of the soft loss on a fresh student's outputs at T = ${T}`,
      labels: DIGITS,
      series: [{ name: 'pull', values: pull, colour: 'var(--tl-fig-b)' }],
      min: -scale,
      max: scale,
      axis: 'pull (−gradient)',
      categories: 'digit: up pushes that output up',
      highlight: chosen.label,
      height: 170,
    });
    kit.say(
      `Test image #${chosen.index}, a ${chosen.label}. At T = ${T} the teacher's soft targets give ${p
        .map((v, i) => `${i}: ${fmt.pct(v)}`)
        .join(
          ', ',
        )}. Entropy ${h.toFixed(2)} bits. The soft loss pulls a fresh student's output for the ${chosen.label} by ${pull[chosen.label]!.toFixed(2)} and for the runner-up ${runnerUp[1]} by ${pull[runnerUp[1]]!.toFixed(2)}.`,
    );
  });
}
