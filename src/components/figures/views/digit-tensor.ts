/** Draws the tensor figure: the digit as grey cells, the chosen row outlined, its 28 values. */
import data from '../../../data/figures/teacher-logits.json';
import { bytesOf, type FigureKit } from '../kit';

const SIDE = 28;
const CELL = 9;

export function mount(kit: FigureKit): void {
  const row = kit.input('row');
  const digit = kit.input<HTMLSelectElement>('digit');
  // The 784 grey cells are drawn once per digit; moving the row only moves the outline.
  let drawnDigit = -1;
  kit.redrawOn(() => {
    const r = Number(row.value);
    const d = Number(digit.value);
    const chosen = data.digits[d]!;
    const pixels = Array.from(bytesOf(chosen.image), (b) => b / 255);
    const values = pixels.slice(r * SIDE, (r + 1) * SIDE);
    const sum = values.reduce((a, b) => a + b, 0);
    const lit = values.filter((v) => v > 0).length;
    kit.part('row-out').textContent = String(r);
    kit.root.dataset.rowSum = sum.toFixed(4);
    kit.part('headline').textContent =
      `Row ${r}: ${lit} of 28 values above 0; they add up to ${sum.toFixed(2)}.`;
    if (d !== drawnDigit) {
      drawnDigit = d;
      const cells = pixels
        .map((v, i) => {
          const g = Math.round(v * 255);
          return `<rect x="${(i % SIDE) * CELL}" y="${Math.floor(i / SIDE) * CELL}" width="${CELL}" height="${CELL}" fill="rgb(${g},${g},${g})"/>`;
        })
        .join('');
      kit.part('image').innerHTML =
        `<svg viewBox="0 0 ${SIDE * CELL} ${SIDE * CELL}" width="${SIDE * CELL}" height="${SIDE * CELL}" class="tl-fig__svg" role="img">${cells}<rect data-role="outline" x="0" width="${SIDE * CELL}" height="${CELL}" fill="none" stroke="var(--tl-fig-b)" stroke-width="2"/></svg>`;
    }
    kit.part('outline').setAttribute('y', String(r * CELL));
    kit
      .part('image')
      .querySelector('svg')!
      .setAttribute('aria-label', `Test image #${chosen.index}, a ${chosen.label}, with row ${r} outlined`);
    kit.part('values').textContent = `image[${r}] = [${values.map((v) => v.toFixed(2)).join(', ')}]`;
    kit.say(
      `Test image #${chosen.index}, a ${chosen.label}. Row ${r} holds ${values.map((v) => v.toFixed(2)).join(', ')}.`,
    );
  });
}
