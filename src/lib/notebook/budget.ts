/**
 * Caps what one run may print, so a runaway `console.log` loop cannot flood the page: past the cap
 * outputs are counted, not sent, and the reader is told how many were hidden.
 */
import type { Output } from './protocol';

export const MAX_OUTPUTS = 500;
export const MAX_CHARACTERS = 200_000;

export class OutputBudget {
  private shown = 0;
  private characters = 0;
  private hidden = 0;

  constructor(
    private readonly maxOutputs = MAX_OUTPUTS,
    private readonly maxCharacters = MAX_CHARACTERS,
  ) {}

  /** Whether everything from now on is hidden. */
  get exhausted(): boolean {
    return this.hidden > 0;
  }

  /** 'show' it, 'announce' the cap (first output over it), or 'drop' it silently. */
  admit(output: Output): 'show' | 'announce' | 'drop' {
    return this.admitSize('text' in output ? output.text.length : 200);
  }

  /** As `admit`, for an output whose size (characters) is known before it is built. */
  admitSize(size: number): 'show' | 'announce' | 'drop' {
    if (this.hidden === 0 && this.shown < this.maxOutputs && this.characters + size <= this.maxCharacters) {
      this.shown++;
      this.characters += size;
      return 'show';
    }
    this.hidden++;
    return this.hidden === 1 ? 'announce' : 'drop';
  }

  capNote(): string {
    return `Output capped at ${this.shown.toLocaleString('en-US')} items: the rest of this run's output is hidden so the page stays responsive.`;
  }

  /** Said once the run ends, when anything was hidden. */
  finalNote(): string | null {
    if (this.hidden === 0) return null;
    return `${this.hidden.toLocaleString('en-US')} more output items were not shown (the limit is ${this.maxOutputs.toLocaleString('en-US')} per run).`;
  }
}
