/** Draws the prompt figure: the k-shot prompt's tokens, the count against the limit, measured accuracy. */
import { FEW_SHOT_FORMATS, fewShotPrompt, type FewShotLabel } from '../../../lib/text/presets';
import { wordTokens } from '../../../lib/text/word-tokens';
import { esc, fmt, type FigureKit } from '../kit';

interface PromptData {
  limit: number;
  vocabulary: string[];
  sentences: Array<{ text: string; topic: string; sentiment: string }>;
  measured: Array<{ label: string; shots: number; accuracy: number; min: number; max: number }>;
  seeds: number;
}

export function mount(kit: FigureKit): void {
  const data = kit.data<PromptData>();
  const vocabulary = new Set(data.vocabulary);
  const shots = kit.input('shots');
  const question = kit.input<HTMLSelectElement>('question');
  kit.redrawOn(() => {
    const label = (kit.root.querySelector<HTMLInputElement>('input[name="label"]:checked')?.value ??
      'sentiment') as FewShotLabel;
    const k = Number(shots.value);
    const asked = data.sentences[Number(question.value)]!;
    // Examples alternate between the two answers, taken from the sentences after the question.
    const others = data.sentences.filter((s) => s !== asked);
    const values = [...new Set(data.sentences.map((s) => s[label]))];
    const examples = Array.from({ length: k }, (_, i) => {
      const wanted = values[i % values.length];
      const pick = others.filter((s) => s[label] === wanted)[Math.floor(i / values.length)]!;
      return { text: pick.text, answer: pick[label] };
    });
    const prompt = fewShotPrompt(FEW_SHOT_FORMATS.mini[label], examples, asked.text);
    const tokens = wordTokens(prompt, vocabulary);
    const unknown = tokens.filter((t) => !t.known).length;
    const measured = data.measured.find((m) => m.label === label && m.shots === k);
    kit.part('k-out').textContent = String(k);
    kit.root.dataset.tokens = String(tokens.length);
    kit.part('headline').textContent =
      `k = ${k}: ${tokens.length} tokens of ${data.limit}${unknown ? `, ${unknown} unknown to the model` : ''}. ` +
      (measured
        ? `Measured: ${fmt.pct(measured.accuracy)} right (${fmt.pct(measured.min)} to ${fmt.pct(measured.max)} over ${data.seeds} seeds).`
        : 'Not measured at this k.');
    const share = tokens.length / data.limit;
    kit.part('budget').innerHTML =
      `<svg viewBox="0 0 300 34" width="300" height="34" class="tl-fig__svg" role="img" aria-label="${esc(`${tokens.length} of ${data.limit} tokens used`)}"><rect x="0" y="4" width="300" height="12" class="tl-fig__muted"/><rect x="0" y="4" width="${Math.max(1, 300 * share)}" height="12" fill="var(--tl-fig-a)"/><text x="0" y="31" class="tl-fig__tick">${esc(`${fmt.pct(share)} of the ${data.limit}-token limit`)}</text></svg>`;
    kit.part('tokens').innerHTML = tokens
      .map(
        (t) =>
          `<span style="border:1px solid ${t.known ? 'var(--sl-color-gray-5)' : 'var(--tl-fig-b)'};border-radius:3px;padding:0 0.2em;white-space:nowrap">${esc(t.known ? t.text : `${t.text} (unknown)`)}</span>`,
      )
      .join(' ');
    kit.say(`The prompt: ${prompt}. ${kit.part('headline').textContent}`);
  });
}
