/**
 * One code cell once the reader has touched it: the CodeMirror editor, Run / Stop / Reset /
 * Restart kernel, the status line and the output area. The static, build-time highlighted code is
 * replaced by the editor here; reader code goes to the page's kernel (in a sandboxed frame), never
 * runs on the page. Edits are saved on the page (localStorage), so no kernel failure loses them.
 */
import type { EditorView } from '@codemirror/view';
import type { NotebookKernel, RunResult } from '../../notebook/host/client';
import type { CellLanguage } from '../../notebook/protocol';
import { clearEdit, loadEdit, saveEdit } from '../../notebook/host/storage';
import { createEditor, markErrorLine, setCode } from './editor';
import { OutputArea } from './outputs';

export type CellAction = 'run' | 'stop' | 'reset' | 'restart' | 'use-solution';

export interface CellDeps {
  kernel(): NotebookKernel;
  /** Runs the setup cells this cell depends on; returns their failure, if any. */
  beforeRun(element: HTMLElement): Promise<RunResult | null>;
  stopAll(): void;
  restartKernel(): void;
}

const STOP_NOTE =
  'Stopped. The kernel was restarted, so variables and models from earlier cells are gone: run those cells again (or use "Run all cells"). Your code is kept.';

export class CellView {
  /** The kernel generation this cell last ran in (setup cells run once per kernel). */
  ranInGeneration = -1;
  private readonly editor: EditorView;
  private readonly original: string;
  private readonly key: string;
  private readonly outputs: OutputArea;
  private readonly status: HTMLElement;
  private running: Promise<RunResult> | null = null;

  constructor(
    private readonly element: HTMLElement,
    private readonly deps: CellDeps,
  ) {
    this.original = element.dataset.code ?? '';
    this.key = element.dataset.key ?? '';
    this.status = element.querySelector<HTMLElement>('[data-role="status"]')!;
    this.outputs = new OutputArea(element.querySelector<HTMLElement>('[data-role="output"]')!);
    const host = element.querySelector<HTMLElement>('[data-role="editor"]')!;
    host.replaceChildren();
    host.removeAttribute('tabindex');
    this.editor = createEditor({
      parent: host,
      doc: loadEdit(this.key) ?? this.original,
      typescript: this.language === 'ts',
      readOnly: element.dataset.mode === 'readonly',
      onRun: () => void this.run(),
      onChange: (code) => {
        saveEdit(this.key, code, this.original);
        this.showEdited();
      },
    });
    element.dataset.mounted = '';
    this.showEdited();
  }

  get language(): CellLanguage {
    return this.element.dataset.language === 'js' ? 'js' : 'ts';
  }

  get code(): string {
    return this.editor.state.doc.toString();
  }

  focus(): void {
    this.editor.focus();
  }

  perform(action: CellAction): void {
    if (action === 'run') void this.run();
    else if (action === 'stop') this.deps.stopAll();
    else if (action === 'restart') this.deps.restartKernel();
    else if (action === 'use-solution') this.useSolution();
    else this.reset();
  }

  /**
   * Replaces the cell's code with the exercise's solution. The reader asked for it; their own
   * attempt stays one undo (Ctrl+Z) away, and Reset brings back the starter code. The editor's
   * change listener saves it like any edit.
   */
  useSolution(): void {
    const solution = this.element.dataset.solution;
    if (solution === undefined) return;
    setCode(this.editor, solution);
    this.focus();
  }

  /** Puts the author's code back and forgets the reader's edit. */
  reset(): void {
    setCode(this.editor, this.original);
    clearEdit(this.key);
    this.showEdited();
  }

  kernelRestarted(): void {
    this.ranInGeneration = -1;
  }

  run(options: { skipSetup?: boolean } = {}): Promise<RunResult> {
    this.running ??= this.execute(options).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async execute({ skipSetup = false }: { skipSetup?: boolean }): Promise<RunResult> {
    const started = performance.now();
    this.outputs.clear();
    markErrorLine(this.editor, null);
    this.setStatus('running', 'Running…');
    const timer = setInterval(
      () => this.setStatus('running', `Running… ${((performance.now() - started) / 1000).toFixed(1)} s`),
      100,
    );
    try {
      const kernel = this.deps.kernel();
      const setupFailure = skipSetup ? null : await this.deps.beforeRun(this.element);
      if (setupFailure && setupFailure.outcome !== 'done') {
        this.outputs.note(
          'A setup cell above did not finish, so this cell did not run. Open the setup code to see why.',
          'warn',
        );
        this.setStatus(setupFailure.outcome === 'stopped' ? 'stopped' : 'error', 'Setup failed');
        return setupFailure;
      }
      const generation = kernel.generation;
      const result = await kernel.run(
        {
          id: this.element.dataset.cell ?? '',
          code: this.code,
          language: this.language,
          check: this.element.dataset.check || undefined,
        },
        {
          onOutput: (output) => this.outputs.add(output),
          onChartUpdate: (chart, spec) => this.outputs.updateChart(chart, spec),
        },
      );
      if (result.outcome === 'done') {
        this.ranInGeneration = generation;
        this.setStatus(
          'done',
          `Done in ${result.seconds < 10 ? result.seconds.toFixed(2) : result.seconds.toFixed(1)} s`,
        );
      } else if (result.outcome === 'error' && result.error) {
        this.outputs.error(result.error);
        markErrorLine(this.editor, result.error.line);
        this.setStatus('error', result.error.line ? `Error on line ${result.error.line}` : 'Error');
      } else {
        this.outputs.note(STOP_NOTE, 'warn');
        this.setStatus('stopped', 'Stopped');
      }
      return result;
    } finally {
      clearInterval(timer);
      // Counts finished runs, so tests (and anything else) can wait for "this run" precisely.
      this.element.dataset.runs = String(Number(this.element.dataset.runs ?? 0) + 1);
    }
  }

  private setStatus(state: 'idle' | 'running' | 'done' | 'error' | 'stopped', text: string): void {
    this.element.dataset.status = state;
    this.status.textContent = text;
  }

  private showEdited(): void {
    const edited = this.code !== this.original;
    this.element.toggleAttribute('data-edited', edited);
  }
}
