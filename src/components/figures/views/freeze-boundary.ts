/** Draws the freeze-boundary figure: the source CNN's layers, frozen ones grey, and measured cost. */
import { barChart } from '../bars';
import { esc, fmt, type FigureKit } from '../kit';

interface FreezeData {
  batchSize: number;
  backend: string;
  costs: Array<{ fromLayer: string; trainableWeights: number; weights: number; msPerBatch: number }>;
}

/** The source CNN's layers, input first, with what each is. */
const LAYERS: Array<[string, string]> = [
  ['conv1', '3×3, 16 filters'],
  ['pool1', 'max pool'],
  ['conv2', '3×3, 32 filters'],
  ['pool2', 'max pool'],
  ['flatten', ''],
  ['features', 'dense, 128'],
  ['logits', 'new head, 5'],
];

function layerDiagram(fromLayer: string): string {
  const from = LAYERS.findIndex(([name]) => name === fromLayer);
  const boxW = 300;
  const rowH = 30;
  const rows = LAYERS.map(([name, what], i) => {
    const trains = i >= from;
    const y = (LAYERS.length - 1 - i) * rowH;
    return `<g><rect x="0" y="${y + 2}" width="${boxW}" height="${rowH - 4}" rx="4" ${trains ? 'fill="var(--tl-fig-a)" fill-opacity="0.35" stroke="var(--tl-fig-a)"' : 'class="tl-fig__muted"'}/>
<text x="8" y="${y + 20}" class="tl-fig__label">${esc(name)}</text><text x="${boxW - 8}" y="${y + 20}" text-anchor="end" class="tl-fig__tick">${esc(`${what}${trains ? ' · learns' : ' · frozen'}`)}</text></g>`;
  });
  const boundaryY = (LAYERS.length - from) * rowH;
  return `<svg viewBox="0 -4 ${boxW} ${LAYERS.length * rowH + 8}" width="${boxW}" height="${LAYERS.length * rowH + 8}" class="tl-fig__svg" role="img" aria-label="${esc(
    `The source CNN: ${LAYERS.slice(from)
      .map(([n]) => n)
      .join(', ')} learn; the layers below ${fromLayer} are frozen`,
  )}">${rows.join('')}<line x1="0" x2="${boxW}" y1="${boundaryY}" y2="${boundaryY}" stroke="var(--tl-fig-b)" stroke-width="3" stroke-dasharray="6 4"/></svg>`;
}

export function mount(kit: FigureKit): void {
  const data = kit.data<FreezeData>();
  kit.redrawOn(() => {
    const checked = kit.root.querySelector<HTMLInputElement>('input[name="boundary"]:checked');
    const index = Number(checked?.value ?? 0);
    const cost = data.costs[index]!;
    kit.root.dataset.trainable = String(cost.trainableWeights);
    kit.part('headline').textContent =
      `From ${cost.fromLayer} up: ${fmt.int(cost.trainableWeights)} of ${fmt.int(cost.weights)} weights learn (${fmt.pct(cost.trainableWeights / cost.weights)}); ${cost.msPerBatch.toFixed(0)} ms per batch of ${data.batchSize}.`;
    kit.part('layers').innerHTML = layerDiagram(cost.fromLayer);
    kit.part('cost').innerHTML = barChart({
      title: 'Measured time per training batch for each boundary',
      labels: data.costs.map((c) => c.fromLayer),
      series: [
        { name: 'ms per batch', values: data.costs.map((c) => c.msPerBatch), colour: 'var(--tl-fig-b)' },
      ],
      min: 0,
      max: Math.ceil(Math.max(...data.costs.map((c) => c.msPerBatch)) / 50) * 50,
      axis: 'ms per batch',
      categories: `lowest layer that learns (${data.backend}, measured)`,
      highlight: index,
      height: 170,
    });
    kit.say(
      `Frozen: every layer below ${cost.fromLayer}. ${fmt.int(cost.trainableWeights)} of ${fmt.int(cost.weights)} weights learn. One training batch of ${data.batchSize} images took ${cost.msPerBatch.toFixed(0)} ms on ${data.backend} (median of the measured rounds); feature extraction (logits only) took ${data.costs[0]!.msPerBatch.toFixed(0)} ms.`,
    );
  });
}
