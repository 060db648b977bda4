/**
 * One run of an experiment widget, the part every widget shares: Start reads the form, disables
 * every control but Stop, reports the backend and progress (with the time left once a run has
 * gone on for 2 s), and whatever happens gives the controls back. Stop aborts the run's signal.
 * The widget supplies only its own work (what to run, what to draw).
 */
import { currentPreference, type BackendChoice, type BackendPreference } from '../lib/backend';
import { errorMessage } from '../lib/util/errors';
import { setControlsRunning } from './widget-controls';

/** What a widget's work receives: the hooks the library's experiments accept. */
export interface RunHooks {
  signal: AbortSignal;
  backend: BackendPreference;
  onBackend(choice: BackendChoice): void;
  onProgress(progress: { fraction: number; message: string }): void;
}

/** "about 1 min 20 s left" from the time so far and the share done; empty when too early to tell. */
export function timeLeft(elapsedMs: number, fraction: number): string {
  if (elapsedMs < 2000 || !(fraction > 0.02) || fraction >= 1) return '';
  const seconds = Math.round((elapsedMs * (1 - fraction)) / fraction / 1000);
  const text = seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
  return `about ${text} left`;
}

export class WidgetRun {
  #controller: AbortController | null = null;
  #started = 0;

  /** `host` holds the form (data-role="controls") and the WidgetStatus parts. */
  constructor(readonly host: HTMLElement) {
    this.part<HTMLButtonElement>('stop').addEventListener('click', () => {
      this.#controller?.abort();
      this.say('Stopping after the current step…');
    });
  }

  part<T extends HTMLElement>(role: string): T {
    return this.host.querySelector<T>(`[data-role="${role}"]`)!;
  }

  get running(): boolean {
    return this.#controller !== null;
  }

  say(message: string): void {
    this.part('message').textContent = message;
  }

  /**
   * Runs `work` unless a run is under way. An error from `work` is shown in words (and passed to
   * `onError` for any clean-up); the controls come back either way.
   */
  async start(work: (hooks: RunHooks) => Promise<void>, onError?: (error: unknown) => void): Promise<void> {
    if (this.#controller) return;
    const controller = new AbortController();
    this.#controller = controller;
    this.#started = performance.now();
    this.#setRunning(true);
    const remaining = this.part('remaining');
    try {
      await work({
        signal: controller.signal,
        backend: currentPreference().preference,
        onBackend: (choice) => {
          this.host.dataset.backend = choice.name;
          const skipped = choice.skipped.length > 0 ? ` (${choice.skipped.join('; ')})` : '';
          this.part('backend').textContent = `Running on ${choice.label}${skipped}.`;
        },
        onProgress: ({ fraction, message }) => {
          this.part<HTMLProgressElement>('progress').value = fraction;
          if (remaining) remaining.textContent = timeLeft(performance.now() - this.#started, fraction);
          if (!controller.signal.aborted) this.say(message);
        },
      });
    } catch (error) {
      this.host.dataset.state = 'error';
      this.say(`The run failed: ${errorMessage(error)}`);
      onError?.(error);
    } finally {
      if (remaining) remaining.textContent = '';
      this.#controller = null;
      this.#setRunning(false);
    }
  }

  /** Reports a problem found before any run started (for example a bad setting). */
  fail(error: unknown): void {
    this.host.dataset.state = 'error';
    this.say(errorMessage(error));
  }

  #setRunning(running: boolean): void {
    if (running) this.host.dataset.state = 'running';
    setControlsRunning(this.part<HTMLFormElement>('controls'), running);
  }
}
