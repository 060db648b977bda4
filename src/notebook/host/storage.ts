/**
 * Keeps a reader's edits to a cell across reloads. The key holds the lesson, the cell and a hash
 * of the cell's original code, so when an author changes a cell, stale edits are not restored.
 * Light (no tfjs): the page reads it before any editor loads, and the build computes keys with it.
 */

/** FNV-1a, 32 bits, as 8 hex digits: enough to tell versions of one cell apart. */
export function hashCode(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export function cellStorageKey(lesson: string, cell: string, original: string): string {
  return `transfer-lab:cell:${lesson}:${cell}:${hashCode(original)}`;
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storage(): Store | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The reader's edited code, or null when they have not changed the cell. */
export function loadEdit(key: string, store: Store | null = storage()): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Saves the code, or forgets the edit when it equals the original again. */
export function saveEdit(key: string, code: string, original: string, store: Store | null = storage()): void {
  try {
    if (code === original) store?.removeItem(key);
    else store?.setItem(key, code);
  } catch {
    // Storage full or blocked: the edit stays in the editor for this visit.
  }
}

export function clearEdit(key: string, store: Store | null = storage()): void {
  try {
    store?.removeItem(key);
  } catch {
    // Nothing to clear.
  }
}
