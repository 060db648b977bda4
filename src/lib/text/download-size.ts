/**
 * How much a model will download before the reader commits to it: the files transformers.js will
 * fetch for this weight format, their sizes (asked of the server with a one-byte range request, so
 * nothing big is downloaded), and which of them this browser already has in its cache. Runs in the
 * text runtime; the format comes from the same plan the load uses (`measureDownload` in load.ts).
 */
import type { TextDevice, TextDtype } from '../backend/text-device';
import { isCached } from './cache';
import { explainLoadError } from './errors';
import { textModelEntry } from './registry';
import { runtimeLocations, withModelSource } from './runtime';

export interface DownloadPlan {
  /** The weight format and first device measured: exactly what a load with the same choice fetches. */
  dtype: TextDtype;
  device: TextDevice;
  files: { file: string; bytes: number | null; cached: boolean }[];
  totalBytes: number;
  /** Bytes already in the browser's cache (a reload reads them from disk). */
  cachedBytes: number;
  /** Files whose size the server did not report. */
  unknownSizes: number;
}

function fileUrl(source: 'site' | 'hub', repo: string, file: string): string {
  const where = runtimeLocations();
  return source === 'site'
    ? `${where.siteModels}${repo}/${file}`
    : `${where.hubHost}${repo}/resolve/main/${file}`;
}

export async function measureModelFiles(
  modelId: string,
  options: { dtype: TextDtype; device: TextDevice },
): Promise<DownloadPlan> {
  const entry = textModelEntry(modelId);
  try {
    return await withModelSource(entry, async ({ ModelRegistry }) => {
      const device = options.device === 'cpu' ? undefined : options.device;
      const names = await ModelRegistry.get_files(entry.repo, {
        dtype: options.dtype,
        device,
        include_processor: false,
      });
      const files = await Promise.all(
        names.map(async (file) => {
          const meta = await ModelRegistry.get_file_metadata(entry.repo, file);
          if (!meta.exists) throw new Error(`Could not locate file: "${entry.repo}/${file}".`);
          return {
            file,
            bytes: meta.size ?? null,
            cached: await isCached(fileUrl(entry.source, entry.repo, file)),
          };
        }),
      );
      const known = files.filter((f) => f.bytes !== null);
      return {
        dtype: options.dtype,
        device: options.device,
        files,
        totalBytes: known.reduce((sum, f) => sum + (f.bytes ?? 0), 0),
        cachedBytes: known.filter((f) => f.cached).reduce((sum, f) => sum + (f.bytes ?? 0), 0),
        unknownSizes: files.length - known.length,
      };
    });
  } catch (error) {
    throw explainLoadError(error, entry, runtimeLocations().hubHost);
  }
}
