/**
 * What one run may show, so a runaway `console.log` loop or a flood of chart updates cannot bury
 * the page: past the cap outputs are counted, not drawn, and the reader is told how many were
 * hidden. The kernel keeps a budget per run (the friendly count) and the page keeps its own (the
 * enforcement: reader code can post to the page without going through the kernel's counter).
 */
import type { Output } from './protocol';

export const MAX_OUTPUTS = 500;
export const MAX_CHARACTERS = 200_000;
/** Redraws of live charts per run: ten a second for over fifteen minutes. */
export const MAX_CHART_UPDATES = 10_000;

/** Size limits of single outputs, checked on the page (host/validate.ts). */
export const LIMITS = Object.freeze({
  /** Characters of a log line, value or note (the kernel clips at 4,000 and says how much more). */
  text: 10_000,
  tableRows: 100,
  tableColumns: 50,
  tableCell: 1_000,
  /** Width or height of one image, in pixels. */
  imageSide: 1_024,
  /** All the pixels of one images output. */
  imagePixels: 4_000_000,
  images: 200,
  /** Values (rows x fields) of all the marks of one chart. */
  chartValues: 200_000,
  marks: 50,
  tensorDims: 8,
});

export type Verdict = 'show' | 'announce' | 'drop';

export class OutputBudget {
  private shown = 0;
  private characters = 0;
  private hidden = 0;
  private updates = 0;
  private hiddenUpdates = 0;

  constructor(
    private readonly maxOutputs = MAX_OUTPUTS,
    private readonly maxCharacters = MAX_CHARACTERS,
    private readonly maxUpdates = MAX_CHART_UPDATES,
  ) {}

  /** Whether everything from now on is hidden. */
  get exhausted(): boolean {
    return this.hidden > 0;
  }

  /** 'show' it, 'announce' the cap (first output over it), or 'drop' it silently. */
  admit(output: Output): Verdict {
    return this.admitSize('text' in output ? output.text.length : 200);
  }

  /** As `admit`, for an output whose size (characters) is known before it is built. */
  admitSize(size: number): Verdict {
    if (this.hidden === 0 && this.shown < this.maxOutputs && this.characters + size <= this.maxCharacters) {
      this.shown++;
      this.characters += size;
      return 'show';
    }
    this.hidden++;
    return this.hidden === 1 ? 'announce' : 'drop';
  }

  /** A live chart's redraw: counted apart from outputs, so a long training run keeps its curve. */
  admitUpdate(): Verdict {
    if (this.hiddenUpdates === 0 && this.updates < this.maxUpdates) {
      this.updates++;
      return 'show';
    }
    this.hiddenUpdates++;
    return this.hiddenUpdates === 1 ? 'announce' : 'drop';
  }

  capNote(): string {
    return `Output capped at ${this.shown.toLocaleString('en-US')} items: the rest of this run's output is hidden so the page stays responsive.`;
  }

  updateCapNote(): string {
    return `Chart updates capped at ${this.updates.toLocaleString('en-US')} for this run: the chart keeps its last picture.`;
  }

  /** Said once the run ends, when anything was hidden. */
  finalNote(): string | null {
    if (this.hidden === 0) return null;
    return `${this.hidden.toLocaleString('en-US')} more output items were not shown (the limit is ${this.maxOutputs.toLocaleString('en-US')} per run).`;
  }
}
