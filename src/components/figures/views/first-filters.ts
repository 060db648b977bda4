/**
 * Draws the first-layer figure: the reader's digit (a 28x28 pad) through the source CNN's 16 real
 * first-layer filters (src/data/figures/source-filters.json), each activation map redrawn as they draw.
 */
import { convolveValid } from '../../../lib/models/first-layer';
import filters from '../../../data/figures/source-filters.json';
import samples from '../../../data/figures/teacher-logits.json';
import { bytesOf, esc, paintDigit, type FigureKit } from '../kit';

const SIDE = 28;
const OUT = SIDE - filters.size + 1;

/** Activations scaled to grey levels against the largest one of the same filter. */
function paintMap(canvas: HTMLCanvasElement, map: Float32Array, top: number): void {
  const grey = Array.from(map, (v) => (top > 0 ? Math.round((v / top) * 255) : 0));
  paintDigit(canvas, grey, OUT);
}

export function mount(kit: FigureKit): void {
  const pad = kit.part<HTMLCanvasElement>('pad');
  const sample = kit.input<HTMLSelectElement>('sample');
  const filter = kit.input('filter');
  const pixels = new Float32Array(SIDE * SIDE);
  const maps = kit.part('maps');
  const small = filters.kernels.map((_, f) => {
    const canvas = document.createElement('canvas');
    canvas.style.width = '44px';
    canvas.style.height = '44px';
    canvas.title = `filter ${f + 1}`;
    maps.append(canvas);
    return canvas;
  });
  const loadSample = () => {
    const bytes = bytesOf(samples.digits[Number(sample.value)]!.image);
    for (let i = 0; i < pixels.length; i++) pixels[i] = bytes[i]! / 255;
  };
  loadSample();
  const draw = () => {
    paintDigit(
      pad,
      Array.from(pixels, (v) => Math.round(v * 255)),
    );
    const chosen = Number(filter.value);
    let best = { value: 0, row: 0, column: 0 };
    filters.kernels.forEach((kernel, f) => {
      const map = convolveValid(pixels, SIDE, kernel, filters.size, filters.biases[f]!);
      const top = Math.max(...map);
      paintMap(small[f]!, map, top);
      small[f]!.style.outline = f === chosen ? '3px solid var(--tl-fig-b)' : 'none';
      if (f === chosen) {
        paintMap(kit.part<HTMLCanvasElement>('big'), map, top);
        const at = map.indexOf(top);
        best = { value: top, row: Math.floor(at / OUT), column: at % OUT };
      }
    });
    const kernel = filters.kernels[chosen]!;
    kit.part('f-out').textContent = String(chosen + 1);
    kit.root.dataset.peak = best.value.toFixed(4);
    kit.part('kernel').innerHTML = `<table aria-label="Filter ${chosen + 1}'s 3 by 3 weights"><tbody>${[
      0, 1, 2,
    ]
      .map(
        (r) => `<tr>${[0, 1, 2].map((c) => `<td>${esc(kernel[r * 3 + c]!.toFixed(2))}</td>`).join('')}</tr>`,
      )
      .join('')}</tbody></table>`;
    kit.part('headline').textContent =
      `Filter ${chosen + 1}: strongest response ${best.value.toFixed(2)}, at row ${best.row}, column ${best.column}.`;
    kit.say(
      `Your digit passed through the source CNN's 16 first-layer filters (3 by 3 weights each, then ReLU). Filter ${chosen + 1} has weights ${kernel.map((w) => w.toFixed(2)).join(', ')} (row by row) and bias ${filters.biases[chosen]!.toFixed(2)}; on your digit it responds most at row ${best.row}, column ${best.column}, with ${best.value.toFixed(2)}.`,
    );
  };
  kit.redrawOn(draw, ['change']);
  filter.addEventListener('input', () => kit.root.dispatchEvent(new Event('change')));
  sample.addEventListener('change', loadSample, { capture: true });
  kit.part('clear').addEventListener('click', () => {
    pixels.fill(0);
    kit.root.dispatchEvent(new Event('change'));
  });
  // Drawing: a soft round brush, about two pixels wide, like a pen stroke in MNIST.
  let drawing = false;
  const paint = (event: PointerEvent) => {
    const box = pad.getBoundingClientRect();
    const cx = ((event.clientX - box.left) / box.width) * SIDE;
    const cy = ((event.clientY - box.top) / box.height) * SIDE;
    for (let y = Math.floor(cy - 2); y <= cy + 2; y++) {
      for (let x = Math.floor(cx - 2); x <= cx + 2; x++) {
        if (x < 0 || y < 0 || x >= SIDE || y >= SIDE) continue;
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        const ink = Math.max(0, Math.min(1, 1.6 - d));
        pixels[y * SIDE + x] = Math.max(pixels[y * SIDE + x]!, ink);
      }
    }
    kit.root.dispatchEvent(new Event('change'));
  };
  pad.addEventListener('pointerdown', (event) => {
    drawing = true;
    pad.setPointerCapture(event.pointerId);
    paint(event);
  });
  pad.addEventListener('pointermove', (event) => drawing && paint(event));
  pad.addEventListener('pointerup', () => (drawing = false));
}
