/**
 * Reading values a cell made without trusting them: every read may hit a Proxy trap, a revoked
 * Proxy or a getter, so each goes through `attempt`, getters are never invoked, and an object's
 * keys are listed at most once per formatting job.
 */
import { errorMessage } from '../../lib/util/errors';

export function messageOf(error: unknown): string {
  try {
    // A getter on a thrown object may itself throw: then no message.
    return errorMessage(error);
  } catch {
    return 'unknown error';
  }
}

/** Runs `read`, or says why it failed: a Proxy trap or a revoked Proxy must not break an output. */
export function attempt<T>(read: () => T, fallback: (error: unknown) => T): T {
  try {
    return read();
  } catch (error) {
    return fallback(error);
  }
}

// Enumerating an object's keys is the one step whose cost grows with the value (there is no lazy
// way to take the first few keys of an object), so it happens at most once per object per
// formatting job: the keys are remembered until the current task ends.
let keysMemo = new WeakMap<object, string[]>();
let memoArmed = false;

export function ownKeys(value: object): string[] {
  const known = keysMemo.get(value);
  if (known) return known;
  if (!memoArmed) {
    memoArmed = true;
    queueMicrotask(() => {
      keysMemo = new WeakMap();
      memoArmed = false;
    });
  }
  const keys = Object.keys(value);
  keysMemo.set(value, keys);
  return keys;
}

/** An own property without invoking getters: `{ getter: true }` for accessors. */
export function ownProperty(value: object, key: string): { value?: unknown; getter?: true } {
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  if (!descriptor) return {};
  if (descriptor.get || descriptor.set) return { getter: true };
  return { value: descriptor.value };
}

/** Up to `limit` own elements of an array (holes skipped), read without walking its length. */
export function firstElements(value: readonly unknown[], limit: number): unknown[] {
  const length = value.length;
  const found: unknown[] = [];
  for (let i = 0; i < length && i < limit; i++) if (i in value) found.push(value[i]);
  return found;
}

/** Characters of one output's text; longer text is cut and says how much more there was. */
export const MAX_TEXT = 4000;

export function clip(text: string): string {
  return text.length > MAX_TEXT
    ? `${text.slice(0, MAX_TEXT)}… (${(text.length - MAX_TEXT).toLocaleString('en-US')} more characters)`
    : text;
}
