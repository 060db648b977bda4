/**
 * What went wrong, as text a reader can see. Anything can be thrown in JavaScript (a string, a
 * number, an object), so every message line goes through here rather than assuming an `Error`.
 * Light: no tfjs, so components import it on page load.
 */

/** The message alone: `error.message` for an `Error`, the value as text otherwise. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The kind and the message, e.g. "TypeError: x is not a function" (for details and logs). */
export function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
