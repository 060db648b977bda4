// The cross-browser smoke suite (issue 22), the same checks in every engine, one browser session per
// engine: every lesson page loads with no error, its first cell runs, Stop ends a `while (true)`, and
// the backend indicator names the backend the cells actually ran on; once per engine, a Run pressed
// before the kernel is ready, the self-test's backend against the indicator's, the mini T5 in the
// playground, the distillation demo's quick experiment and a memory runaway.
// Pages are driven through small functions run in the page (engines.mjs runs them in either driver);
// code is typed into cells with real keystrokes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { serveSite } from './server.mjs';
import { ensureBuiltSite } from './site.mjs';

/** Every lesson's slug, read from the course plan (src/lessons/course.ts) in order. */
export const LESSONS = [
  ...readFileSync('src/lessons/course.ts', 'utf8').matchAll(/slug: '([a-z0-9-]+)'/g),
].map((match) => match[1]);
const DEMO_PAGE = '/lessons/distillation/';
const PLAYGROUND_PAGE = '/lessons/instruction-tuning/';
const NOTEBOOK_PAGE = '/lessons/notebook/';
/** How long a runaway may run before the suite presses Stop (memory grows fast: keep it short). */
const RUNAWAY_WINDOW_MS = 10_000;

// ---- functions run in the page (self-contained: they are sent as source) ----

const cellState = (id) => {
  const cell = document.querySelector(`tl-code-cell[data-cell="${id}"]`);
  const values = cell?.querySelectorAll('[data-role="output"] .tl-out--value') ?? [];
  return {
    runs: Number(cell?.dataset.runs ?? 0),
    status: cell?.dataset.status ?? null,
    value: values.length ? values[values.length - 1].textContent : null,
    output: cell?.querySelector('[data-role="output"]')?.textContent?.slice(0, 600) ?? '',
  };
};
const click = (selector) => {
  const element = document.querySelector(selector);
  if (!element) throw new Error(`nothing matches ${selector}`);
  element.click();
  return true;
};
const firstCell = () =>
  // A cell inside a predict-then-run box is inert until the reader commits to a guess: skip it.
  [...document.querySelectorAll('tl-code-cell')].find(
    (cell) => cell.dataset.mode !== 'setup' && !cell.closest('[inert]'),
  )?.dataset.cell ?? null;
// A cell inside a predict-then-run box is inert until the reader commits to a guess: commit to the
// first choice in every box, as a reader must before running it.
const lockInGuesses = () => {
  for (const box of document.querySelectorAll('tl-predict[data-state="guessing"]')) {
    const form = box.querySelector('form');
    const first = form?.querySelector('input[type="radio"]');
    if (!form || !first) continue;
    first.checked = true;
    form.requestSubmit();
  }
  return true;
};
const exists = (selector) => document.querySelector(selector) !== null;
const textOf = (selector) => document.querySelector(selector)?.textContent ?? null;
const indicator = () => {
  const element = document.querySelector('tl-backend-indicator');
  return {
    planned: element?.dataset.planned ?? null,
    widgets: element?.dataset.widgets ?? null,
    cells: element?.dataset.cells ?? null,
    summary: element?.querySelector('[data-role="summary"]')?.textContent ?? '',
    detail: element?.querySelector('[data-role="detail"]')?.textContent ?? '',
    kernelMode: document.documentElement.dataset.kernelMode ?? null,
    kernelBackend: document.documentElement.dataset.kernelBackend ?? null,
  };
};

// ---- helpers run from Node ----

const LABELS = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' };

async function waitFor(session, what, fn, args, test, timeout) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await session.run(fn, ...args);
    if (test(last)) return last;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeout / 1000} s waiting for ${what}; last: ${JSON.stringify(last)}`,
      );
    await sleep(250);
  }
}

/** Opens a page and waits until its scripts have set the backend indicator up. */
async function openPage(session, url) {
  await session.open(url);
  await waitFor(session, 'the backend indicator', indicator, [], (state) => state.planned !== null, 30_000);
}

async function typeInCell(session, id, code) {
  const selector = `tl-code-cell[data-cell="${id}"]`;
  if (!(await session.run(exists, `${selector} .cm-content`))) {
    await session.tap(`${selector} [data-role="editor"]`);
    await waitFor(session, `the editor of ${id}`, exists, [`${selector} .cm-content`], Boolean, 30_000);
  }
  await session.type(`${selector} .cm-content`, code);
  const typed = await session.run(textOf, `${selector} .cm-content`);
  assert.equal(typed, code, `the code typed into cell ${id}`);
}

/** Presses the cell's Run and waits for that run to end; returns the cell's state. */
async function runCell(session, id, timeout = 120_000) {
  const { runs } = await session.run(cellState, id);
  await session.run(click, `tl-code-cell[data-cell="${id}"] button[data-action="run"]`);
  return waitFor(session, `cell ${id} to finish`, cellState, [id], (state) => state.runs > runs, timeout);
}

async function expectNoErrors(session, server, where) {
  const errors = [...(await session.errors()), ...server.failed.splice(0)];
  assert.deepEqual(errors, [], `errors on ${where}`);
}

/** The backend tfjs really runs on in the cells' kernel, asked from a cell. */
async function cellBackend(session, id) {
  await typeInCell(session, id, 'tf.getBackend()');
  const state = await runCell(session, id);
  assert.equal(state.status, 'done', `tf.getBackend() in ${id}: ${state.output}`);
  const name = /webgpu|webgl|wasm|cpu/.exec(state.value ?? '')?.[0];
  assert.ok(name, `tf.getBackend() answered ${state.value}`);
  return name;
}

/** `while (true);`, then Stop: resolves to the milliseconds from Stop to the cell saying Stopped. */
async function stopLoop(session, id) {
  await typeInCell(session, id, 'while (true);');
  const { runs } = await session.run(cellState, id);
  await session.run(click, `tl-code-cell[data-cell="${id}"] button[data-action="run"]`);
  await waitFor(session, 'the loop to run', cellState, [id], (state) => state.status === 'running', 60_000);
  await sleep(500);
  const pressed = Date.now();
  await session.run(click, `tl-code-cell[data-cell="${id}"] button[data-action="stop"]`);
  const state = await waitFor(session, 'Stop to end the loop', cellState, [id], (s) => s.runs > runs, 30_000);
  assert.equal(state.status, 'stopped');
  return Date.now() - pressed;
}

/**
 * Registers the suite for one engine. `start(port)` starts a browser session (engines.mjs);
 * `knownProblems` maps a lesson slug to the reason its check is expected to fail in this engine;
 * `portOffset` keeps engines that run at the same time on ports of their own (the site's server on
 * TL_SMOKE_PORT, default 4330, plus the offset; a driver on the next port);
 * `observed` collects what the run saw, printed at the end for the README's browser table.
 */
export function smokeSuite(engine, start, { knownProblems = {}, portOffset = 0 } = {}) {
  const outDir = process.env.TL_OUT_DIR ?? 'dist';
  const port = Number(process.env.TL_SMOKE_PORT ?? 4330) + portOffset;
  const observed = { engine, pages: {}, stopMs: [] };
  let server;
  let session;
  const started = Date.now();
  const url = (path) => `${server.baseUrl}${path}`;

  describe(`${engine}: the smoke suite`, { timeout: 1_200_000 }, () => {
    before(async () => {
      ensureBuiltSite(outDir);
      server = await serveSite(outDir, port);
      session = await start(port + 1);
      observed.version = session.version;
    });
    after(async () => {
      await session?.close();
      await server?.close();
      observed.seconds = Math.round((Date.now() - started) / 1000);
      console.log(`${engine} observed: ${JSON.stringify(observed)}`);
    });

    it('runs a cell whose Run was pressed before the kernel was ready (no crash)', async () => {
      for (const query of ['', '?kernel=worker']) {
        await session.open(url(`${NOTEBOOK_PAGE}${query}`));
        // A mark on this document: if the page's process crashes, the browser shows a new one.
        const mark = String(Math.random());
        await session.run((value) => (window.__smokeMark = value), mark);
        // As soon as the cell's element is defined (a click before that reaches no handler at all):
        // the kernel starts with this click, and the run waits behind its boot.
        await waitFor(
          session,
          'the code cell element',
          () => Boolean(customElements.get('tl-code-cell')),
          [],
          Boolean,
          30_000,
        );
        await session.run(click, 'tl-code-cell[data-cell="first"] button[data-action="run"]');
        const state = await waitFor(
          session,
          'the early run',
          (value) => ({
            ...document.querySelector('tl-code-cell[data-cell="first"]')?.dataset,
            same: window.__smokeMark === value,
            kernel: document.documentElement.dataset.kernelState ?? null,
            value:
              document.querySelector('tl-code-cell[data-cell="first"] .tl-out--value')?.textContent ?? null,
            output:
              document
                .querySelector('tl-code-cell[data-cell="first"] [data-role="output"]')
                ?.textContent?.slice(0, 400) ?? '',
          }),
          [mark],
          (s) => Number(s.runs ?? 0) > 0 || !s.same,
          240_000,
        );
        assert.ok(state.same, `early Run${query}: the page was replaced (its process crashed)`);
        assert.equal(state.status, 'done', `early Run${query}: ${JSON.stringify(state)}`);
        assert.equal(state.value, '2');
        await expectNoErrors(session, server, `${NOTEBOOK_PAGE}${query}`);
      }
    });

    for (const slug of LESSONS) {
      // A known problem runs and reports like any test, marked todo with its reason: it does not
      // fail the suite, and a pass shows it has gone.
      const todo = knownProblems[slug];
      const name = `${slug}: loads cleanly, runs its first cell, stops a loop, and names the cells' backend`;
      it(name, todo ? { todo } : {}, async () => {
        await openPage(session, url(`/lessons/${slug}/`));
        await session.run(lockInGuesses);
        const id = await session.run(firstCell);
        assert.ok(id, 'the page has a code cell');
        const first = await runCell(session, id, 180_000);
        assert.equal(first.status, 'done', `first cell ${id}: ${first.output}`);
        const ran = await cellBackend(session, id);
        const shown = await waitFor(session, 'the indicator', indicator, [], (s) => s.cells !== null, 30_000);
        assert.equal(shown.cells, ran, `the indicator names the cells' backend: ${JSON.stringify(shown)}`);
        assert.equal(shown.kernelBackend, ran);
        assert.match(shown.summary, new RegExp(LABELS[ran]));
        observed.stopMs.push(await stopLoop(session, id));
        observed.pages[slug] = { cells: ran, mode: shown.kernelMode };
        await expectNoErrors(session, server, slug);
      });
    }

    it('the self-test runs widgets on the backend the indicator said it would', async () => {
      await openPage(session, url('/lessons/first-steps/'));
      const planned = (await session.run(indicator)).planned;
      await session.run(click, 'tl-selftest button');
      const backend = await waitFor(
        session,
        'the self-test',
        () => document.querySelector('tl-selftest')?.dataset.backend ?? null,
        [],
        Boolean,
        120_000,
      );
      const shown = await session.run(indicator);
      assert.equal(backend, planned, `"Will run on" said ${planned}; the self-test ran on ${backend}`);
      assert.equal(shown.widgets, backend);
      assert.match(shown.summary, new RegExp(LABELS[backend]));
      observed.widgets = backend;
      observed.widgetsLabel = shown.summary;
      await expectNoErrors(session, server, 'first-steps self-test');
    });

    it('the mini T5 answers in the playground', async () => {
      await openPage(session, url(PLAYGROUND_PAGE));
      await typeInPlayground(session, 'translate english to german : seven four');
      const done = await session.run(() =>
        Number(document.querySelector('tl-prompt-playground').dataset.done ?? 0),
      );
      await session.run(click, 'tl-prompt-playground button[data-role="run"]');
      const result = await waitFor(
        session,
        'the answer',
        () => {
          const widget = document.querySelector('tl-prompt-playground');
          return {
            done: Number(widget.dataset.done ?? 0),
            device: widget.dataset.device ?? null,
            output: widget.querySelector('[data-role="output"]')?.textContent ?? '',
            error: [...widget.querySelectorAll('[data-role="error"]')]
              .filter((element) => element.offsetParent !== null)
              .map((element) => element.textContent)
              .join(' '),
          };
        },
        [],
        (state) => state.done > done || state.error !== '',
        180_000,
      );
      assert.equal(result.error, '');
      assert.equal(result.output, 'sieben vier');
      observed.textDevice = result.device;
      await expectNoErrors(session, server, 'playground');
    });

    it('the distillation demo finishes its quick experiment', async () => {
      await openPage(session, url(DEMO_PAGE));
      await session.run(configureQuickExperiment);
      await session.run(click, 'tl-distillation button[type="submit"]');
      const state = await waitFor(
        session,
        'the experiment',
        () => document.querySelector('tl-distillation').dataset.state,
        [],
        (s) => s === 'done' || s === 'error',
        300_000,
      );
      assert.equal(state, 'done');
      const shown = await session.run(indicator);
      const backend = await session.run(
        () => document.querySelector('tl-distillation').dataset.backend ?? null,
      );
      assert.equal(shown.widgets, backend);
      observed.demoBackend = backend;
      await expectNoErrors(session, server, 'distillation demo');
    });

    it('a memory runaway in a cell leaves the page alive, and the next run works', async () => {
      await openPage(session, url(NOTEBOOK_PAGE));
      await typeInCell(session, 'first', 'const a = []; while (true) a.push(new Array(1e6).fill(1.5));');
      const { runs } = await session.run(cellState, 'first');
      await session.run(click, 'tl-code-cell[data-cell="first"] button[data-action="run"]');
      // Either the engine ends the kernel (the cell says so), or the runaway keeps running off the
      // page's thread until Stop; either way the page must answer all along.
      const deadline = Date.now() + RUNAWAY_WINDOW_MS;
      let state = await session.run(cellState, 'first');
      while (state.runs === runs && Date.now() < deadline) {
        await sleep(500);
        state = await session.run(cellState, 'first');
        assert.equal(await session.run(() => 6 * 7), 42, 'the page answers during the runaway');
      }
      if (state.runs === runs) {
        await session.run(click, 'tl-code-cell[data-cell="first"] button[data-action="stop"]');
        state = await waitFor(session, 'Stop', cellState, ['first'], (s) => s.runs > runs, 30_000);
        assert.equal(state.status, 'stopped');
        observed.runaway = `still running after ${RUNAWAY_WINDOW_MS / 1000} s with the page responsive; Stop ended it`;
      } else {
        assert.equal(state.status, 'error', `the runaway: ${state.output}`);
        observed.runaway = `the kernel ended: ${state.output.slice(0, 160)}`;
      }
      await typeInCell(session, 'first', '1 + 1');
      const next = await runCell(session, 'first', 90_000);
      assert.equal(next.status, 'done', next.output);
      assert.equal(next.value, '2');
      await expectNoErrors(session, server, 'memory runaway');
    });
  });
}

async function typeInPlayground(session, prompt) {
  await session.type('tl-prompt-playground textarea[data-role="prompt"]', prompt);
  const typed = await session.run(() => document.querySelector('tl-prompt-playground textarea').value);
  assert.equal(typed, prompt);
}

/** The demo's smallest settings (as tests/e2e/distillation.spec.ts uses): a couple of epochs on few images. */
function configureQuickExperiment() {
  const demo = document.querySelector('tl-distillation');
  const set = (selector, value) => {
    const element = demo.querySelector(selector);
    if (!element) throw new Error(`the demo has no ${selector}`);
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
    element.dispatchEvent(new Event('change', { bubbles: true }));
  };
  demo.querySelector('input[name="experiment"][value="same-data"]').click();
  set('select[name="student"]', 'tiny-cnn:8');
  set('select[name="labelledPerClass"]', '5');
  set('input[name="maxEpochs"]', '2');
  set('input[name="seed"]', '7');
  set('select[name="testPerClass"]', '20');
  set('select[name="validationPerClass"]', '10');
  set('select[name="largeBatch"]', '64');
  set('input[name="latencyRuns"]', '2');
  return true;
}
