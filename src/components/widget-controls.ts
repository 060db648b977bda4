/**
 * What every experiment widget does with its form while a run is under way: every control is
 * disabled except Stop (marked `data-role="stop"`), which is enabled only then.
 */
export function setControlsRunning(form: HTMLFormElement, running: boolean): void {
  for (const element of Array.from(form.elements)) {
    if (
      element instanceof HTMLInputElement ||
      element instanceof HTMLSelectElement ||
      element instanceof HTMLButtonElement
    ) {
      element.disabled = element.dataset.role === 'stop' ? !running : running;
    }
  }
}
