/** Draws the phrasing figure: which words of a phrasing are new to its task, and measured accuracy. */
import { newWords, preTokenize } from '../../../lib/text/word-tokens';
import { barChart } from '../bars';
import { esc, fmt, type FigureKit } from '../kit';

interface PhrasingData {
  examples: number;
  tasks: Array<{
    task: string;
    seen: string[];
    heldOut: string[];
    accuracy: { seen: number; held_out: number };
  }>;
}

export function mount(kit: FigureKit): void {
  const data = kit.data<PhrasingData>();
  const task = kit.input<HTMLSelectElement>('task');
  const phrasing = kit.input<HTMLSelectElement>('phrasing');
  let shown = -1;
  kit.redrawOn(() => {
    const t = data.tasks[Number(task.value)]!;
    const all = [
      ...t.seen.map((p) => ({ p, heldOut: false })),
      ...t.heldOut.map((p) => ({ p, heldOut: true })),
    ];
    if (Number(task.value) !== shown) {
      shown = Number(task.value);
      phrasing.innerHTML = all
        .map(
          (a, i) =>
            `<option value="${i}" ${a.heldOut ? 'selected' : ''}>${esc(`${a.heldOut ? 'held out' : 'seen'}: ${a.p}`)}</option>`,
        )
        .join('');
    }
    const chosen = all[Number(phrasing.value)] ?? all[all.length - 1]!;
    // A seen phrasing is compared with the other seen ones, the held-out one with all the seen ones.
    const others = t.seen.filter((p) => p !== chosen.p);
    const fresh = new Set(newWords(chosen.p, others));
    const words = preTokenize(chosen.p.replace('{x}', ' ')).filter(Boolean);
    kit.root.dataset.newWords = String(fresh.size);
    const accuracy = chosen.heldOut ? t.accuracy.held_out : t.accuracy.seen;
    kit.part('headline').textContent =
      `${t.task}, ${chosen.heldOut ? 'held-out' : 'seen'} phrasing: ${fresh.size} of ${new Set(words).size} words never appear in the ${chosen.heldOut ? '' : 'other '}seen phrasings; ${fmt.pct(accuracy, 0)} right on ${data.examples} examples.`;
    kit.part('words').innerHTML = chosen.p
      .split(' ')
      .map((w) =>
        w === '{x}'
          ? '<em>(input)</em>'
          : fresh.has(w)
            ? `<mark style="background:var(--sl-color-accent-low);color:var(--sl-color-text);padding:0 0.2em;border-radius:3px">${esc(w)}</mark>`
            : esc(w),
      )
      .join(' ');
    kit.part('bars').innerHTML = barChart({
      title: 'The mini T5 on seen and held-out phrasings of every task',
      labels: data.tasks.map((x) => x.task.slice(0, 5)),
      series: [
        { name: 'seen', values: data.tasks.map((x) => x.accuracy.seen * 100), colour: 'var(--tl-fig-a)' },
        {
          name: 'held out',
          values: data.tasks.map((x) => x.accuracy.held_out * 100),
          colour: 'var(--tl-fig-b)',
        },
      ],
      min: 0,
      max: 100,
      axis: 'exact answers (%)',
      categories: 'task (chosen one shaded)',
      highlight: Number(task.value),
    });
    kit.say(
      `Task ${t.task}. Phrasing "${chosen.p}" (${chosen.heldOut ? 'held out of training' : 'seen in training'}). Words new to this task: ${[...fresh].join(', ') || 'none'}. The mini T5 answers ${fmt.pct(t.accuracy.seen, 0)} of seen-phrasing prompts and ${fmt.pct(t.accuracy.held_out, 0)} of held-out ones exactly right.`,
    );
  });
}
