/** Draws the LoRA figure: W beside the thin A and B, to scale, with weight and memory counts. */
import { adamTrainingBytes, loraCounts } from '../../../lib/lora/counts';
import { LORA_TARGETS } from '../lora-targets';
import { esc, fmt, type FigureKit } from '../kit';

const mib = (bytes: number) =>
  bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(2)} MiB`;

function shapes(inputs: number, outputs: number, rank: number): string {
  // W fits a 110 px box; A and B use the same scale, so they are to scale with W (at least 2 px
  // thick, or a rank-1 adapter on a 4,096-wide matrix would vanish). Each shape has its own column
  // wide enough for its label.
  const scale = 110 / Math.max(inputs, outputs);
  const w = outputs * scale;
  const h = inputs * scale;
  const r = Math.max(2, rank * scale);
  const top = 6;
  const columns = [Math.max(w, 92), 30, Math.max(r, 70), 20, Math.max(w, 92)];
  const at = columns.map((_, i) => columns.slice(0, i).reduce((a, b) => a + b, 0));
  const width = at[4]! + columns[4]!;
  const label = (x: number, lines: string[]) =>
    lines
      .map(
        (line, i) =>
          `<text x="${x}" y="${top + 110 + 18 + i * 16}" text-anchor="middle" class="${i === 0 ? 'tl-fig__label' : 'tl-fig__tick'}">${esc(line)}</text>`,
      )
      .join('');
  const mid = (i: number) => at[i]! + columns[i]! / 2;
  return `<svg viewBox="0 0 ${width} ${top + 110 + 42}" width="${width}" height="${top + 110 + 42}" class="tl-fig__svg" role="img" aria-label="${esc(`W of ${inputs} by ${outputs} beside A of ${inputs} by ${rank} and B of ${rank} by ${outputs}`)}">
  <rect x="${mid(0) - w / 2}" y="${top}" width="${w}" height="${h}" class="tl-fig__muted"/>${label(mid(0), ['W, frozen', `${inputs} × ${outputs}`])}
  <text x="${mid(1)}" y="${top + 60}" text-anchor="middle" class="tl-fig__label">+</text>
  <rect x="${mid(2) - r / 2}" y="${top}" width="${r}" height="${h}" fill="var(--tl-fig-a)"/>${label(mid(2), ['A', `${inputs} × ${rank}`])}
  <text x="${mid(3)}" y="${top + 60}" text-anchor="middle" class="tl-fig__label">·</text>
  <rect x="${mid(4) - w / 2}" y="${top}" width="${w}" height="${r}" fill="var(--tl-fig-b)"/>${label(mid(4), ['B', `${rank} × ${outputs}`])}
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
