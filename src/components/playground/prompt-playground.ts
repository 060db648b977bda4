/**
 * Behaviour of <tl-prompt-playground>. A thin view: the library loads, counts, generates and
 * measures; this file reads the controls, shows progress and the prompt's length against the
 * model's limit, streams text into the page and explains errors in plain words.
 * Light at page load (registry, presets, cache inspection); the library loads on first use.
 */
import type { TextDevicePreference, TextDtype } from '../../lib/backend/text-device';
import { parseTextDtype, textDeviceFromQuery } from '../../lib/backend/text-device';
import { inspectModelCache, removeCachedModels } from '../../lib/text/cache';
import type { DecodingStrategy } from '../../lib/text/generate';
import type { FittedPrompt, TextModel } from '../../lib/text/load';
import { PROMPT_PRESETS } from '../../lib/text/presets';
import { formatBytes, type DownloadProgress } from '../../lib/text/progress';
import { textModelEntry } from '../../lib/text/registry';
import { errorMessage } from '../../lib/util/errors';
import { showTextError } from './errors';
import { applyHubOverride, loadedTextModel, sharedTextModel, textLibrary } from './session';

interface PromptCounter {
  limit: number;
  count(text: string): Promise<number>;
  fit(text: string): Promise<FittedPrompt>;
}

const number = new Intl.NumberFormat('en');

type Role = string;

class PromptPlayground extends HTMLElement {
  private abort: AbortController | null = null;
  private confirmedDownload = new Set<string>();
  private lastAction: (() => Promise<void>) | null = null;
  private countTimer: ReturnType<typeof setTimeout> | undefined;
  private countRequest = 0;
  private restartsSeen = 0;

  private el<T extends HTMLElement = HTMLElement>(role: Role): T {
    const found = this.querySelector<T>(`[data-role="${role}"]`);
    if (!found) throw new Error(`playground is missing [data-role="${role}"]`);
    return found;
  }

  connectedCallback() {
    const query = textDeviceFromQuery(location.search);
    if (query.device) this.el<HTMLSelectElement>('device').value = query.device;
    if (query.dtype) this.el<HTMLSelectElement>('dtype').value = query.dtype;
    this.el<HTMLSelectElement>('model').addEventListener('change', () => this.modelChanged());
    this.el<HTMLSelectElement>('dtype').addEventListener('change', () => this.describeSize());
    this.el<HTMLSelectElement>('device').addEventListener('change', () => this.describeSize());
    this.el<HTMLSelectElement>('preset').addEventListener('change', () => this.presetChanged());
    this.el<HTMLSelectElement>('strategy').addEventListener('change', () => this.strategyChanged());
    this.el('load').addEventListener('click', () => this.act(async () => void (await this.load())));
    this.el('run').addEventListener('click', () => this.act(() => this.run()));
    this.el('stop').addEventListener('click', () => this.abort?.abort());
    this.el('show-tokens').addEventListener('click', () => this.act(() => this.showTokens()));
    this.el('fit').addEventListener('click', () => this.act(() => this.fitPrompt()));
    const prompt = this.el<HTMLTextAreaElement>('prompt');
    prompt.addEventListener('input', () => this.scheduleCount());
    prompt.addEventListener('focus', () => this.scheduleCount(), { once: true });
    this.el('retry').addEventListener('click', () => {
      const again = this.lastAction;
      if (again) void this.act(again);
    });
    this.el('clear-cache').addEventListener('click', async () => {
      const removed = await removeCachedModels();
      this.el('cache-summary').textContent = `removed ${removed} files`;
      await this.refreshCache();
    });
    this.setBusy(false); // The markup renders the controls disabled until this script handles them.
    this.modelChanged();
    this.strategyChanged();
    void this.refreshCache();
  }

  private get modelId(): string {
    return this.el<HTMLSelectElement>('model').value;
  }

  private get device(): TextDevicePreference {
    return this.el<HTMLSelectElement>('device').value as TextDevicePreference;
  }

  private get dtype(): TextDtype | undefined {
    const value = this.el<HTMLSelectElement>('dtype').value;
    return value ? parseTextDtype(value) : undefined;
  }

  private modelChanged() {
    const entry = textModelEntry(this.modelId);
    this.el('about').textContent = entry.description;
    const dtypeSelect = this.el<HTMLSelectElement>('dtype');
    for (const option of Array.from(dtypeSelect.options)) {
      option.disabled = option.value !== '' && !entry.dtypes.includes(option.value as TextDtype);
    }
    if (dtypeSelect.selectedOptions[0]?.disabled) dtypeSelect.value = '';
    this.showLimit(entry.maxInputTokens);
    const preset = this.el<HTMLSelectElement>('preset');
    const current = PROMPT_PRESETS.find((p) => p.id === preset.value);
    if (current && current.group !== entry.presetGroup) {
      const first = PROMPT_PRESETS.find((p) => p.group === entry.presetGroup);
      if (first) {
        preset.value = first.id;
        this.presetChanged();
      }
    }
    this.describeSize();
  }

  private presetChanged() {
    const preset = PROMPT_PRESETS.find((p) => p.id === this.el<HTMLSelectElement>('preset').value);
    if (preset) this.el<HTMLTextAreaElement>('prompt').value = preset.prompt;
    if (this.dataset.promptTokens !== undefined) this.scheduleCount();
  }

  private showLimit(limit: number) {
    delete this.dataset.promptTokens;
    delete this.dataset.overLimit;
    this.el('token-count').textContent =
      `Limit: ${number.format(limit)} tokens. The count appears as you type.`;
  }

  /** Counts with the loaded model's tokenizer, or the tokenizer alone (not for an unconfirmed Hub download). */
  private async counter(): Promise<PromptCounter | null> {
    const entry = textModelEntry(this.modelId);
    const loaded = await loadedTextModel();
    if (loaded && loaded.entry.id === entry.id) {
      return {
        limit: loaded.maxInputTokens,
        count: (text) => loaded.countTokens(text),
        fit: (text) => loaded.fitPrompt(text),
      };
    }
    if (
      entry.source === 'hub' &&
      ![...this.confirmedDownload].some((key) => key.startsWith(`${entry.id}|`))
    ) {
      return null;
    }
    const { textTokenizer } = await textLibrary();
    await applyHubOverride();
    const tokenizer = textTokenizer(entry.id);
    return { limit: tokenizer.maxInputTokens, count: tokenizer.count, fit: (text) => tokenizer.fit(text) };
  }

  private scheduleCount() {
    clearTimeout(this.countTimer);
    this.countTimer = setTimeout(() => void this.updateCount(), 120);
  }

  /** Shows the prompt's length against the model's limit (the latest request wins). */
  private async updateCount() {
    const request = ++this.countRequest;
    const entry = textModelEntry(this.modelId);
    const line = this.el('token-count');
    try {
      const counter = await this.counter();
      if (!counter) {
        line.textContent = `Limit: ${number.format(entry.maxInputTokens)} tokens. Load the model to count this prompt's tokens.`;
        return;
      }
      const tokens = await counter.count(this.el<HTMLTextAreaElement>('prompt').value);
      if (request !== this.countRequest) return;
      const over = tokens > counter.limit;
      this.dataset.promptTokens = String(tokens);
      this.dataset.overLimit = String(over);
      line.textContent = `Prompt length: ${number.format(tokens)} of ${number.format(counter.limit)} tokens${
        over ? ': too long for this model. Generate offers to cut it.' : '.'
      }`;
    } catch (error) {
      if (request !== this.countRequest) return;
      line.textContent = `Could not count tokens (${errorMessage(error)}).`;
    }
  }

  /** Keeps the start of the prompt, up to the model's limit (cut between words). */
  private async fitPrompt() {
    const counter = await this.counter();
    if (!counter) return;
    const prompt = this.el<HTMLTextAreaElement>('prompt');
    const fitted = await counter.fit(prompt.value);
    prompt.value = fitted.text;
    this.el('timings').textContent =
      `Cut the prompt from ${number.format(fitted.originalTokens)} to ${number.format(fitted.tokens)} tokens, keeping its start. Press Generate.`;
    await this.updateCount();
  }

  private strategyChanged() {
    const strategy = this.el<HTMLSelectElement>('strategy').value;
    for (const label of Array.from(this.querySelectorAll<HTMLElement>('[data-for]'))) {
      label.hidden = label.dataset.for !== strategy;
    }
  }

  /** Before any download: say where the model comes from. Sizes are measured when Load is pressed. */
  private describeSize() {
    const entry = textModelEntry(this.modelId);
    this.el('size').textContent =
      entry.source === 'site'
        ? 'Ships with these lessons: works offline. Press Load to see its size.'
        : 'Downloaded from the Hugging Face Hub. Press Load: you will see the download size before anything big is fetched.';
    this.dataset.sizeChecked = 'false';
  }

  private async act(action: () => Promise<void>) {
    this.lastAction = action;
    this.el('error').hidden = true;
    this.el('fit').hidden = true;
    this.setBusy(true);
    try {
      await action();
    } catch (error) {
      this.showError(error);
    } finally {
      this.setBusy(false);
      void this.refreshCache();
    }
  }

  private setBusy(busy: boolean) {
    for (const role of ['load', 'run', 'show-tokens', 'fit', 'model', 'device', 'dtype']) {
      (this.el(role) as HTMLButtonElement).disabled = busy;
    }
    this.el<HTMLButtonElement>('stop').disabled = !busy;
    this.dataset.busy = String(busy);
  }

  private showError(error: unknown) {
    const kind = (error as { kind?: string }).kind ?? 'unknown';
    if (kind === 'stopped') return;
    showTextError(this, error);
    this.dataset.error = kind;
    this.el('fit').hidden = kind !== 'too-long';
    this.el('retry').hidden = kind === 'too-long';
    this.el('progress').hidden = true;
  }

  private showProgress(progress: DownloadProgress) {
    this.el('progress').hidden = false;
    this.el<HTMLProgressElement>('progress').querySelector('progress')!.value = progress.fraction;
    const bytes =
      progress.totalBytes > 0
        ? `${formatBytes(progress.loadedBytes)} of ${formatBytes(progress.totalBytes)}`
        : formatBytes(progress.loadedBytes);
    this.el('progress-text').textContent = `${bytes} · ${progress.filesDone} of ${progress.filesTotal} files`;
    this.dataset.progress = progress.fraction.toFixed(3);
  }

  /** Loads the chosen model; for Hub models the first press only measures and asks to confirm. */
  private async load(): Promise<TextModel | null> {
    const entry = textModelEntry(this.modelId);
    const key = `${entry.id}|${this.dtype ?? ''}`;
    if (entry.source === 'hub' && !this.confirmedDownload.has(key)) {
      await this.measure();
      this.confirmedDownload.add(key);
      this.el('load').textContent = 'Download and load';
      return null;
    }
    this.el('size').textContent = this.el('size').textContent || 'Loading…';
    this.el('timings').textContent = 'Loading the model…';
    this.abort = new AbortController();
    const model = await sharedTextModel({
      model: entry.id,
      device: this.device,
      dtype: this.dtype,
      signal: this.abort.signal,
      onProgress: (progress) => this.showProgress(progress),
    });
    this.abort = null;
    this.el('load').textContent = 'Load model';
    this.el('progress').hidden = true;
    if (this.dataset.loaded !== model.entry.id) this.scheduleCount();
    this.dataset.device = model.device;
    this.dataset.dtype = model.dtype;
    this.dataset.loaded = model.entry.id;
    const download = model.download;
    const source =
      download.totalBytes > 0 ? `${formatBytes(download.totalBytes)} in ${download.filesTotal} files` : '';
    this.el('timings').textContent =
      `Loaded ${model.entry.label} in ${model.loadSeconds.toFixed(2)} s on ${model.deviceLabel}, ${model.dtype}${source ? ` (${source})` : ''}.${
        model.skipped.length ? ` ${model.skipped.join('. ')}.` : ''
      }`;
    return model;
  }

  private async measure() {
    const entry = textModelEntry(this.modelId);
    await applyHubOverride();
    const { measureDownload } = await textLibrary();
    // The same choice of device and format the load makes: the size shown is the size fetched.
    const plan = await measureDownload(entry.id, { device: this.device, dtype: this.dtype });
    const fresh = plan.totalBytes - plan.cachedBytes;
    this.el('size').textContent =
      `${entry.label} in ${plan.dtype}: ${formatBytes(plan.totalBytes)} in ${plan.files.length} files${
        plan.cachedBytes > 0 ? `, ${formatBytes(plan.cachedBytes)} already in this browser` : ''
      }. Press "Download and load" to fetch ${formatBytes(fresh)}.`;
    this.dataset.sizeChecked = 'true';
    this.dataset.downloadBytes = String(plan.totalBytes);
    this.dataset.downloadDtype = plan.dtype;
    this.dataset.downloadFiles = plan.files.map((f) => f.file).join(' ');
  }

  /** The loaded model, or null when a Hub download still waits for the reader to confirm its size. */
  private async currentModel(): Promise<TextModel | null> {
    const model = await this.load();
    if (!model)
      this.el('timings').textContent = 'Check the download size above, then press "Download and load".';
    return model;
  }

  private async run() {
    const model = await this.currentModel();
    if (!model) return;
    const output = this.el('output');
    output.replaceChildren();
    this.dataset.pieces = '0';
    this.abort = new AbortController();
    const strategy = this.el<HTMLSelectElement>('strategy').value as DecodingStrategy;
    const number = (role: string) => Number(this.el<HTMLInputElement>(role).value);
    let pieces = 0;
    const result = await model.generate(this.el<HTMLTextAreaElement>('prompt').value, {
      strategy,
      maxNewTokens: number('max-tokens'),
      minNewTokens: number('min-tokens'),
      temperature: number('temperature'),
      topK: number('top-k'),
      numBeams: number('beams'),
      signal: this.abort.signal,
      onText: (piece) => {
        const span = document.createElement('span');
        span.textContent = piece;
        output.append(span);
        pieces += 1;
        this.dataset.pieces = String(pieces);
      },
    });
    this.abort = null;
    this.dataset.stopped = String(result.stopped);
    this.dataset.tokens = String(result.tokenIds.length);
    this.dataset.device = model.device;
    const restarted =
      model.restarts > this.restartsSeen && model.lastRestartSeconds !== null
        ? ` The text runtime was restarted after the last failure: starting it and reloading the model took ${model.lastRestartSeconds.toFixed(2)} s.`
        : '';
    this.restartsSeen = model.restarts;
    this.dataset.restarts = String(model.restarts);
    this.el('timings').textContent =
      `${result.stopped ? 'Stopped after' : 'Generated'} ${result.tokenIds.length} tokens in ${result.seconds.toFixed(2)} s on ${
        model.deviceLabel
      } (${model.dtype}): first token after ${result.timeToFirstTokenMs.toFixed(0)} ms, ${result.tokensPerSecond.toFixed(1)} tokens/s. Model loaded in ${model.loadSeconds.toFixed(2)} s.${restarted}`;
    this.dataset.done = String(Number(this.dataset.done ?? 0) + 1);
  }

  private async showTokens() {
    const model = await this.currentModel();
    if (!model) return;
    const view = await model.tokenize(this.el<HTMLTextAreaElement>('prompt').value);
    const list = this.el('tokens');
    list.replaceChildren(
      ...view.tokens.map((token, i) => {
        const item = document.createElement('li');
        item.textContent = `${token} · ${view.ids[i]}`;
        return item;
      }),
    );
    this.dataset.tokenCount = String(view.ids.length);
  }

  private async refreshCache() {
    try {
      const report = await inspectModelCache();
      if (!report.available) {
        this.el('cache-summary').textContent = 'this browser offers no Cache Storage here';
        return;
      }
      this.el('cache-summary').textContent =
        report.models.length === 0
          ? 'nothing yet'
          : `${formatBytes(report.bytes)} in ${report.models.length} entries`;
      this.el('cache-list').replaceChildren(
        ...report.models.map((model) => {
          const item = document.createElement('li');
          item.dataset.model = model.name;
          item.textContent = `${model.name} (${model.origin}): ${model.files.length} files, ${formatBytes(model.bytes)}`;
          return item;
        }),
      );
      this.dataset.cachedBytes = String(report.bytes);
    } catch (error) {
      this.el('cache-summary').textContent = `could not read the cache (${errorMessage(error)})`;
    }
  }
}

export function definePromptPlayground() {
  if (!customElements.get('tl-prompt-playground'))
    customElements.define('tl-prompt-playground', PromptPlayground);
}
