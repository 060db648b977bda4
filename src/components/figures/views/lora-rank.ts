/** Draws the LoRA figure: W beside the thin A and B, to scale, with weight and memory counts. */
import { adamTrainingBytes, loraCounts } from '../../../lib/lora/counts';
import { LORA_TARGETS } from '../lora-targets';
import { esc, fmt, type FigureKit } from '../kit';

const mib = (bytes: number) =>
  bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(2)} MiB`;

function shapes(inputs: number, outputs: number, rank: number): string {
  // W is drawn 120 px tall for d_in; every side uses the same scale, so A and B are to scale
  // (at least 2 px, or a rank-1 adapter on a 4,096-wide matrix would vanish).
  const scale = 120 / Math.max(inputs, outputs);
  const w = outputs * scale;
  const h = inputs * scale;
  const r = Math.max(2, rank * scale);
  const gap = 28;
  const ax = w + gap * 1.6;
  const bx = ax + r + gap;
  const width = bx + w + 10;
  const text = (x: number, y: number, s: string, anchor = 'middle') =>
    `<text x="${x}" y="${y}" text-anchor="${anchor}" class="tl-fig__label">${esc(s)}</text>`;
  return `<svg viewBox="0 0 ${width} ${h + 46}" width="${width}" height="${h + 46}" class="tl-fig__svg" role="img" aria-label="${esc(`W of ${inputs} by ${outputs} beside A of ${inputs} by ${rank} and B of ${rank} by ${outputs}`)}">
  <rect x="0" y="20" width="${w}" height="${h}" class="tl-fig__muted"/>${text(w / 2, 14, 'W (frozen)')}
  ${text(w + gap * 0.8, 20 + h / 2, '+')}
  <rect x="${ax}" y="20" width="${r}" height="${h}" fill="var(--tl-fig-a)"/>${text(ax + r / 2, 14, 'A')}
  <rect x="${bx}" y="20" width="${w}" height="${r}" fill="var(--tl-fig-b)"/>${text(bx + w / 2, 14, 'B')}
  ${text(0, h + 40, `${inputs} × ${outputs}`, 'start')}${text(bx + w, h + 40, `A: ${inputs} × ${rank}, B: ${rank} × ${outputs}`, 'end')}
</svg>`;
}

export function mount(kit: FigureKit): void {
  const rank = kit.input('rank');
  const target = kit.input<HTMLSelectElement>('target');
  kit.redrawOn(() => {
    const r = Number(rank.value);
    const t = LORA_TARGETS[Number(target.value)]!;
    const c = loraCounts(t.inputs, t.outputs, r);
    const full = c.full * t.matrices;
    const adapter = c.adapter * t.matrices;
    kit.part('r-out').textContent = String(r);
    kit.root.dataset.adapter = String(adapter);
    kit.root.dataset.full = String(full);
    kit.part('headline').textContent =
      `Rank ${r}: ${fmt.int(adapter)} trained weights instead of ${fmt.int(full)} (${fmt.pct(adapter / full, 2)}).`;
    kit.part('shapes').innerHTML = shapes(t.inputs, t.outputs, r);
    const rows: Array<[string, string, string]> = [
      ['', 'full fine-tuning', `LoRA, r = ${r}`],
      ['trained weights', fmt.int(full), fmt.int(adapter)],
      [
        'float32 weights, gradients and Adam state',
        mib(adamTrainingBytes(full)),
        mib(adamTrainingBytes(adapter)),
      ],
    ];
    kit.part<HTMLTableElement>('table').tBodies[0]!.innerHTML = rows
      .map(
        (row, i) =>
          `<tr>${row.map((cell) => (i === 0 ? `<th scope="col">${esc(cell)}</th>` : `<td>${esc(cell)}</td>`)).join('')}</tr>`,
      )
      .join('');
    kit.say(
      `${t.label}, ${t.matrices} matri${t.matrices === 1 ? 'x' : 'ces'}. At rank ${r}, A is ${t.inputs} by ${r} and B is ${r} by ${t.outputs}: ${fmt.int(adapter)} trained weights against ${fmt.int(full)}, ${fmt.pct(adapter / full, 2)}. The adapter would hold as many numbers as the matrix at rank ${Math.ceil(c.breakEvenRank)}.`,
    );
  });
}
