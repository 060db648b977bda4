/**
 * The address of the built text worker script, for hosts that must create the worker themselves
 * (see `setTextWorkerFactory`), e.g. a code-cell kernel in an opaque origin that starts its workers
 * from `blob:` URLs importing the site's scripts.
 */
import scriptUrl from './text.worker.ts?worker&url';

/**
 * A full URL, resolved against this module's own address (which works in a `blob:` worker too).
 * @returns the address of the text worker's script
 * @example
 * textWorkerScriptUrl()
 */
export function textWorkerScriptUrl(): string {
  return new URL(scriptUrl, import.meta.url).href;
}
