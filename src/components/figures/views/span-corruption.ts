/** Draws the span-corruption figure: the reader's words, the hidden spans, input and target. */
import { corruptSpans, sentinel } from '../../../lib/text/span-corruption';
import { esc, fmt, type FigureKit } from '../kit';

export function mount(kit: FigureKit): void {
  const sentence = kit.input<HTMLTextAreaElement>('sentence');
  const density = kit.input('density');
  const span = kit.input('span');
  const seed = kit.input('seed');
  kit.redrawOn(() => {
    kit.part('d-out').textContent = fmt.pct(Number(density.value), 0);
    kit.part('s-out').textContent = span.value;
    kit.part('seed-out').textContent = seed.value;
    const result = corruptSpans(sentence.value, {
      density: Number(density.value),
      meanSpan: Number(span.value),
      seed: Number(seed.value),
    });
    const hidden = result.spans.reduce((n, [a, b]) => n + b - a, 0);
    kit.root.dataset.hidden = String(hidden);
    kit.root.dataset.spans = String(result.spans.length);
    kit.part('headline').textContent =
      `${hidden} of ${result.words.length} words hidden in ${result.spans.length} span${result.spans.length === 1 ? '' : 's'}; the target is ${result.target.split(' ').length} tokens long.`;
    const spanOf = (i: number) => result.spans.findIndex(([a, b]) => i >= a && i < b);
    kit.part('words').innerHTML = result.words
      .map((word, i) => {
        const s = spanOf(i);
        return s < 0
          ? esc(word)
          : `<mark title="${esc(sentinel(s))}" style="background:var(--sl-color-accent-low);color:var(--sl-color-text);padding:0 0.2em;border-radius:3px">${esc(word)}<sub>${s}</sub></mark>`;
      })
      .join(' ');
    kit.part('input').textContent = result.input;
    kit.part('target').textContent = result.target;
    kit.say(`Input: ${result.input}. Target: ${result.target}.`);
  });
}
