import { BACKEND_PREFERENCES, type BackendPreference, isBackendPreference } from './names';

/**
 * localStorage key for the reader's backend override.
 * @example
 * PREFERENCE_KEY // 'transfer-lab:backend'
 */
export const PREFERENCE_KEY = 'transfer-lab:backend';

export interface PreferenceSource {
  /** `location.search`, e.g. `?backend=webgl`. */
  search?: string;
  storage?: Pick<Storage, 'getItem'> | null;
}

export interface ResolvedPreference {
  preference: BackendPreference;
  /** Where the preference came from, for the indicator's explanation. */
  source: 'query' | 'saved' | 'default';
  /** Set when the reader asked for something we do not know; we fall back instead of throwing. */
  warning?: string;
}

/**
 * The reader's backend preference: `?backend=` wins over a saved choice, which wins over `auto`.
 * Never throws: a bad value becomes `auto` with a warning the page can show.
 * @param source the address's query string and a storage to read the saved choice from
 * @returns the preference, where it came from, and a warning if the query named no backend
 * @example
 * readPreference({ search: '?backend=cpu', storage: null }).preference // 'cpu'
 */
export function readPreference({ search = '', storage = null }: PreferenceSource): ResolvedPreference {
  const fromQuery = new URLSearchParams(search).get('backend');
  if (fromQuery !== null) {
    const value = fromQuery.trim().toLowerCase();
    if (isBackendPreference(value)) return { preference: value, source: 'query' };
    return {
      preference: 'auto',
      source: 'default',
      warning: `Ignored ?backend=${fromQuery}: use ${BACKEND_PREFERENCES.join(', ')}.`,
    };
  }
  let saved: string | null = null;
  try {
    saved = storage?.getItem(PREFERENCE_KEY) ?? null;
  } catch {
    // Storage can throw in private modes; a missing preference is the honest fallback.
  }
  if (saved && isBackendPreference(saved)) return { preference: saved, source: 'saved' };
  return { preference: 'auto', source: 'default' };
}

/**
 * The preference for the current page, in a browser (or `auto` elsewhere).
 * @returns the preference, where it came from ('query', 'saved' or 'default') and any warning
 * @example
 * currentPreference().preference
 */
export function currentPreference(): ResolvedPreference {
  if (typeof location === 'undefined') return { preference: 'auto', source: 'default' };
  let storage: Storage | null = null;
  try {
    storage = typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    storage = null;
  }
  return readPreference({ search: location.search, storage });
}

/**
 * Remembers the reader's backend choice for the next visit (in the page's storage; a no-op where there is none).
 * @param preference the backend to remember
 * @example
 * savePreference('webgl');
 */
export function savePreference(preference: BackendPreference): void {
  try {
    if (preference === 'auto') localStorage.removeItem(PREFERENCE_KEY);
    else localStorage.setItem(PREFERENCE_KEY, preference);
  } catch {
    // Not saved; the choice still applies to this page.
  }
}
