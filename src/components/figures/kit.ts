/**
 * What every explorable figure shares: finding its parts, redrawing on input with the time it took
 * recorded in the page (a benchmark number the e2e suite reads), and reading its embedded data.
 * Figures never train: they redraw from precomputed numbers or cheap arithmetic in src/lib.
 */
export interface FigureTiming {
  figure: string;
  ms: number;
  /** The first drawing when the figure loads, not a response to the reader. */
  initial: boolean;
}

declare global {
  interface Window {
    /** Every redraw of every figure on the page, in order (read by tests/e2e/figures.spec.ts). */
    tlFigureTimings?: FigureTiming[];
  }
}

export class FigureKit {
  constructor(readonly root: HTMLElement) {}

  get name(): string {
    return this.root.dataset.figure ?? 'figure';
  }

  part<T extends Element = HTMLElement>(role: string): T {
    const found = this.root.querySelector<T>(`[data-role="${role}"]`);
    if (!found) throw new Error(`The ${this.name} figure has no part "${role}".`);
    return found;
  }

  /** A named form control inside the figure. */
  input<T extends HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement = HTMLInputElement>(
    name: string,
  ): T {
    const found = this.root.querySelector<T>(`[name="${name}"]`);
    if (!found) throw new Error(`The ${this.name} figure has no control "${name}".`);
    return found;
  }

  /** JSON the Astro component embedded at build time (<script type="application/json" data-role="data">). */
  data<T>(): T {
    return JSON.parse(this.part('data').textContent ?? 'null') as T;
  }

  /** Runs `draw` now and after every input in the figure, timing each redraw. */
  redrawOn(draw: () => void, events: readonly string[] = ['input']): void {
    let initial = true;
    const run = () => {
      const start = performance.now();
      try {
        draw();
        this.root.dataset.state = 'ready';
      } catch (error) {
        this.root.dataset.state = 'error';
        this.say(error instanceof Error ? error.message : String(error));
      }
      const ms = performance.now() - start;
      this.root.dataset.redrawMs = ms.toFixed(2);
      (window.tlFigureTimings ??= []).push({ figure: this.name, ms, initial });
      initial = false;
    };
    for (const event of events) this.root.addEventListener(event, run);
    run();
  }

  /** The sentence that says in words what the drawing shows (also the text alternative). */
  say(text: string): void {
    this.part('readout').textContent = text;
  }
}

export const fmt = {
  pct: (value: number, digits = 1) => `${(value * 100).toFixed(digits)} %`,
  // Thousands separators by hand: the first toLocaleString call in a page loads locale data and
  // took over 100 ms here, longer than a redraw may.
  int: (value: number) => String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ','),
  num: (value: number, digits = 2) => value.toFixed(digits),
};

/** Escapes text for SVG/HTML strings. */
export function esc(text: string | number): string {
  return String(text).replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!,
  );
}

/** Decodes a base64 string of bytes (the figures' digit images). */
export function bytesOf(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** Paints 28x28 grey levels (0..255, white on black) onto a canvas of 28x28 pixels. */
export function paintDigit(canvas: HTMLCanvasElement, grey: ArrayLike<number>, side = 28): void {
  const rgba = new Uint8ClampedArray(side * side * 4);
  for (let i = 0; i < side * side; i++) {
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = grey[i]!;
    rgba[i * 4 + 3] = 255;
  }
  canvas.width = side;
  canvas.height = side;
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, side, side), 0, 0);
}
