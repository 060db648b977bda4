/**
 * How a quiz answer is judged. Kept apart from the schema (quiz.ts) because the page's script needs
 * it too, and the page must not ship the schema library.
 */

/** The right choices' indices, sorted: one for a single-answer question. */
export function rightChoices(question: { answer: number | readonly number[] }): number[] {
  const { answer } = question;
  return (typeof answer === 'number' ? [answer] : [...answer]).sort((a, b) => a - b);
}

/** The verdict on a reader's ticks: right only if exactly the right choices are ticked. */
export function judge(right: readonly number[], ticked: readonly number[]): 'right' | 'wrong' | 'unanswered' {
  if (ticked.length === 0) return 'unanswered';
  const a = [...new Set(ticked)].sort((x, y) => x - y);
  return a.length === right.length && a.every((value, i) => value === right[i]) ? 'right' : 'wrong';
}
