/**
 * Runs the source text the kernel built from a cell (see transform.ts) in the kernel's global
 * scope, inside the sandboxed frame, never on the page. Named apart from the library's model
 * `evaluate` on purpose: this one runs code. Each run is named `cell-<run>.js` in stack traces,
 * which is how an error finds the reader's line and a late error finds the cell it came from.
 */
import { LINE_OFFSET } from './transform';

export function cellFile(run: number): string {
  return `cell-${run}.js`;
}

export function checkFile(run: number): string {
  return `check-${run}.js`;
}

export function runSource<T>(source: string, file: string): T {
  // Indirect eval: global scope, not this module's. sourceURL names the cell in stack traces.
  return (0, eval)(`${source}\n//# sourceURL=${file}`) as T;
}

function stackOf(error: unknown): string {
  try {
    return error instanceof Error ? (error.stack ?? '') : '';
  } catch {
    return '';
  }
}

/** The reader's line for an error thrown while their cell ran, from the stack's frame in `file`. */
export function lineIn(error: unknown, file: string): number | null {
  const match = new RegExp(`${file.replace('.', '\\.')}:(\\d+):\\d+`).exec(stackOf(error));
  if (!match) return null;
  const line = Number(match[1]) - LINE_OFFSET;
  return line >= 1 ? line : null;
}

/** The run whose cell code threw `error` (its first frame in a cell), when the stack says so. */
export function runInStack(error: unknown): number | null {
  const match = /cell-(\d+)\.js:\d+:\d+/.exec(stackOf(error));
  return match ? Number(match[1]) : null;
}
