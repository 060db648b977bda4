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

let compiled = 0;

/**
 * Runs `source` as a script of its own, made from a blob: URL, and resolves to what it evaluates
 * to. Not `eval`: the page's Content-Security-Policy (which the kernel's frame inherits) allows
 * blob: scripts but never `unsafe-eval`. The script's `//# sourceURL` names it in stack traces.
 */
export async function runSource<T>(source: string, file: string): Promise<T> {
  const key = `__transferLabCompiled${++compiled}`;
  const scope = globalThis as unknown as Record<string, unknown>;
  // The key goes on the first line, so the reader's lines keep their numbers.
  const url = URL.createObjectURL(
    new Blob([`globalThis[${JSON.stringify(key)}] = ${source}\n//# sourceURL=${file}`], {
      type: 'text/javascript',
    }),
  );
  try {
    const importScripts = (scope as { importScripts?: (url: string) => void }).importScripts;
    if (typeof importScripts === 'function') importScripts(url);
    else await loadScript(url);
    if (!(key in scope)) throw new SyntaxError('The cell could not be compiled.');
    return scope[key] as T;
  } finally {
    delete scope[key];
    URL.revokeObjectURL(url);
  }
}

function loadScript(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => {
      script.remove();
      resolve();
    };
    script.onerror = () => {
      script.remove();
      reject(new Error("The cell's script could not be loaded."));
    };
    document.head.append(script);
  });
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
