/**
 * One overall download figure for a model made of several files, instead of a flicker of per-file
 * bars: bytes loaded of bytes expected, and files finished of files started.
 */

export interface DownloadProgress {
  loadedBytes: number;
  /** 0 until the sizes are known. */
  totalBytes: number;
  filesDone: number;
  filesTotal: number;
  /** 0..1, from bytes when sizes are known, otherwise from files. */
  fraction: number;
  /** The file being read right now, for the status line. */
  currentFile: string | null;
}

/** The subset of transformers.js progress events we read. */
export interface TransformersProgressEvent {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
  files?: Record<string, { loaded: number; total: number }>;
}

/**
 * Adds up download progress across a model's files into one fraction and byte count.
 * @param report called with the total progress
 * @example
 * const tracker = new ProgressTracker((progress) => console.log(progress));
 */
export class ProgressTracker {
  private readonly files = new Map<string, { loaded: number; total: number; done: boolean }>();
  private current: string | null = null;

  constructor(private readonly report: (progress: DownloadProgress) => void) {}

  /** Feed every transformers.js progress event here. */
  readonly handle = (event: TransformersProgressEvent): void => {
    const file = event.file;
    if (event.status === 'progress_total' && event.files) {
      for (const [name, value] of Object.entries(event.files)) {
        const known = this.files.get(name);
        this.files.set(name, { loaded: value.loaded, total: value.total, done: known?.done ?? false });
      }
    } else if (file && (event.status === 'initiate' || event.status === 'download')) {
      if (!this.files.has(file)) this.files.set(file, { loaded: 0, total: 0, done: false });
      this.current = file;
    } else if (file && event.status === 'progress') {
      const known = this.files.get(file);
      this.files.set(file, {
        loaded: event.loaded ?? known?.loaded ?? 0,
        total: event.total ?? known?.total ?? 0,
        done: known?.done ?? false,
      });
      this.current = file;
    } else if (file && event.status === 'done') {
      const known = this.files.get(file) ?? { loaded: 0, total: 0, done: false };
      this.files.set(file, { ...known, loaded: Math.max(known.loaded, known.total), done: true });
    } else {
      return;
    }
    this.report(this.snapshot());
  };

  snapshot(): DownloadProgress {
    let loadedBytes = 0;
    let totalBytes = 0;
    let filesDone = 0;
    for (const file of this.files.values()) {
      loadedBytes += file.loaded;
      totalBytes += file.total;
      if (file.done) filesDone += 1;
    }
    const filesTotal = this.files.size;
    const fraction =
      totalBytes > 0 ? Math.min(1, loadedBytes / totalBytes) : filesTotal > 0 ? filesDone / filesTotal : 0;
    return { loadedBytes, totalBytes, filesDone, filesTotal, fraction, currentFile: this.current };
  }
}

/**
 * "1.2 MB", "850 KB": sizes the way a reader expects them (decimal units, like the Hub shows).
 * @param bytes a size
 * @returns it in words, e.g. "1.5 MB"
 * @example
 * formatBytes(1_500_000)
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
