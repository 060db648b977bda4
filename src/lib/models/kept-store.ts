/**
 * Where the page keeps models it shares with code cells: one IndexedDB database of this site,
 * written only by the page (`keepForCodeCells`). Code cells run in an opaque origin and never open
 * it; they ask the page for a model by name (src/notebook/host/bridge.ts), which reads it here.
 * Light on purpose (no tfjs), so a page can answer without loading the ML library.
 */
const DATABASE = 'transfer-lab-kept-models';
const STORE = 'models';

/** A tfjs model's artifacts with its weights in one buffer, as kept for code cells. */
export interface KeptModel {
  name: string;
  savedAt: string;
  artifacts: {
    modelTopology: unknown;
    weightSpecs: unknown[];
    weightData: ArrayBuffer;
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    trainingConfig?: unknown;
  };
}

/** Names cells can ask for: letters, digits, dot, dash and underscore. */
export const KEPT_MODEL_NAME = /^[\w.-]{1,100}$/;

/** Opens the database; for reading only, a database that does not exist yet is not created (null). */
function open(create: boolean): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      if (create) request.result.createObjectStore(STORE, { keyPath: 'name' });
      else request.transaction?.abort();
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () =>
      create ? reject(request.error ?? new Error('IndexedDB could not be opened.')) : resolve(null);
  });
}

async function transaction<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T | undefined> {
  const db = await open(mode === 'readwrite');
  if (!db) return undefined;
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = work(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed.'));
    });
  } finally {
    db.close();
  }
}

export async function putKeptModel(model: KeptModel): Promise<void> {
  await transaction('readwrite', (store) => store.put(model));
}

export async function getKeptModel(name: string): Promise<KeptModel | null> {
  if (!KEPT_MODEL_NAME.test(name)) return null;
  return (await transaction<KeptModel | undefined>('readonly', (store) => store.get(name))) ?? null;
}
