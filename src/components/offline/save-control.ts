/**
 * The "Save the course for offline use" control's behaviour (SaveForOffline.astro): Save with
 * progress and Stop, Remove, and a list of what is stored. Loaded after the page, so the page
 * itself ships only the button.
 */
import { formatBytes } from '../../lib/text/progress';
import { errorMessage } from '../../lib/util/errors';
import type { OfflineManifest } from './files';
import {
  OfflineSaveError,
  inspectStored,
  loadManifest,
  removeSaved,
  saveCourse,
  type SaveProgress,
} from './save';

function part<T extends HTMLElement>(root: HTMLElement, role: string): T {
  return root.querySelector<T>(`[data-role="${role}"]`)!;
}

export function startSaveControl(root: HTMLElement): void {
  const save = part<HTMLButtonElement>(root, 'save');
  const stop = part<HTMLButtonElement>(root, 'stop');
  const remove = part<HTMLButtonElement>(root, 'remove');
  const bar = part<HTMLProgressElement>(root, 'progress');
  const status = part<HTMLElement>(root, 'status');
  const summary = part<HTMLElement>(root, 'summary');
  const list = part<HTMLUListElement>(root, 'list');
  let manifest: OfflineManifest | null = null;
  let controller: AbortController | null = null;

  const say = (text: string, state: 'idle' | 'saving' | 'saved' | 'stopped' | 'error') => {
    status.textContent = text;
    root.dataset.state = state;
  };
  const manifestOnce = async () => (manifest ??= await loadManifest());

  const showProgress = (progress: SaveProgress) => {
    bar.hidden = false;
    bar.max = progress.totalBytes;
    bar.value = progress.savedBytes;
    say(
      `Saving: ${formatBytes(progress.savedBytes)} of ${formatBytes(progress.totalBytes)}` +
        (progress.current ? ` (${progress.current})` : ''),
      'saving',
    );
  };

  const refresh = async () => {
    try {
      const report = await inspectStored(await manifestOnce());
      summary.textContent =
        `${formatBytes(report.bytes)} stored in this browser` +
        (report.quotaBytes !== undefined
          ? `; the browser lets this site use ${formatBytes(report.quotaBytes)} (${formatBytes(report.usageBytes ?? 0)} in use).`
          : '.') +
        (report.complete
          ? ' The whole course is saved: every page opens without a network.'
          : ` Of the course, ${formatBytes(report.savedBytes)} of ${formatBytes(manifest!.totalBytes)} is stored.`);
      list.replaceChildren(
        ...report.groups.map((group) => {
          const item = document.createElement('li');
          item.textContent = `${group.label}: ${group.files} files, ${formatBytes(group.bytes)}`;
          return item;
        }),
      );
      root.dataset.complete = String(report.complete);
      root.dataset.storedBytes = String(report.bytes);
    } catch (error) {
      summary.textContent = `Could not read what is stored (${errorMessage(error)}).`;
    }
  };

  save.addEventListener('click', async () => {
    controller = new AbortController();
    save.disabled = true;
    remove.disabled = true;
    stop.hidden = false;
    try {
      const done = await saveCourse(await manifestOnce(), {
        signal: controller.signal,
        onProgress: showProgress,
      });
      say(
        `Saved: ${formatBytes(done.totalBytes)}. Every page of the course now opens without a network.`,
        'saved',
      );
    } catch (error) {
      const stopped = error instanceof OfflineSaveError && error.reason === 'stopped';
      say(
        error instanceof OfflineSaveError ? error.message : `Saving failed: ${errorMessage(error)}`,
        stopped ? 'stopped' : 'error',
      );
      if (error instanceof OfflineSaveError) root.dataset.reason = error.reason;
    } finally {
      controller = null;
      save.disabled = false;
      remove.disabled = false;
      stop.hidden = true;
      await refresh();
    }
  });
  stop.addEventListener('click', () => controller?.abort());
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    try {
      await removeSaved();
      bar.hidden = true;
      say('Removed. Pages you open from now on are stored again as you read them.', 'idle');
    } catch (error) {
      say(`Could not remove the saved copy: ${errorMessage(error)}`, 'error');
    } finally {
      remove.disabled = false;
      await refresh();
    }
  });
  save.disabled = false;
  remove.disabled = false;
  root.dataset.ready = 'true';
  void refresh();
}
