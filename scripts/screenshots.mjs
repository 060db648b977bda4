// `npm run screenshots`: captures every explorable figure (.tl-figure) and experiment widget
// (.tl-widget) of the built site at 1280 and 390 px wide, in light and dark mode, into
// screenshots/ (not committed), so a change to the look can be reviewed picture by picture.
// Usage: npm run build && npm run screenshots [-- --dir dist --port 4399 --only lora]
// It also reports anything that scrolls sideways at 390 px and any control under 24 px tall.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { chromiumArgs } from '../tests/e2e/support/chromium.ts';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: process.env.TL_OUT_DIR ?? 'dist' },
    port: { type: 'string', default: '4399' },
    only: { type: 'string' },
    out: { type: 'string', default: 'screenshots' },
  },
});
const lessonsDir = join(root, values.dir, 'lessons');
if (!existsSync(lessonsDir)) throw new Error(`${values.dir}/lessons is missing: run npm run build first.`);
// Old lesson addresses are redirect pages (a meta refresh): leave them out.
const lessons = readdirSync(lessonsDir).filter(
  (name) =>
    (!values.only || name.includes(values.only)) &&
    !readFileSync(join(lessonsDir, name, 'index.html'), 'utf8').includes('http-equiv="refresh"'),
);
const out = join(root, values.out);
mkdirSync(out, { recursive: true });

const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', values.port, '--dir', values.dir], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve) => server.stdout.once('data', resolve));
const base = `http://127.0.0.1:${values.port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: chromiumArgs({ webgpu: false }),
});
const problems = [];

/** Opens a page; a navigation the page starts itself can interrupt the first try, so try three times. */
async function visit(page, url) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await page.goto(url);
      await page.waitForLoadState('load');
      return true;
    } catch {
      await page.waitForTimeout(1000);
    }
  }
  return false;
}
let count = 0;
try {
  for (const width of [1280, 390]) {
    for (const theme of ['light', 'dark']) {
      const context = await browser.newContext({
        viewport: { width, height: 1800 },
        serviceWorkers: 'block',
      });
      await context.addInitScript((choice) => localStorage.setItem('starlight-theme', choice), theme);
      const page = await context.newPage();
      for (const lesson of lessons) {
        if (!(await visit(page, `${base}/lessons/${lesson}/`))) {
          problems.push(`${lesson} (${width} px, ${theme}): the page did not load`);
          continue;
        }
        if (width === 390) {
          const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (wide > 0) problems.push(`${lesson} at 390 px (${theme}): the page scrolls ${wide} px sideways`);
        }
        const parts = page.locator('.tl-figure, .tl-widget');
        for (let i = 0; i < (await parts.count()); i++) {
          const part = parts.nth(i);
          await part.scrollIntoViewIfNeeded();
          const name =
            (await part.getAttribute('data-figure')) ?? (await part.evaluate((e) => e.tagName.toLowerCase()));
          if ((await part.getAttribute('data-figure')) !== null) {
            await page
              .waitForFunction(
                (e) => e.dataset.state === 'ready' || e.dataset.state === 'error',
                await part.elementHandle(),
                {
                  timeout: 15_000,
                },
              )
              .catch(() => problems.push(`${lesson}: figure ${name} did not finish drawing`));
          }
          // A radio button or checkbox is reached through its whole label, so the label is the target.
          const small = await part.evaluate((e) =>
            [...e.querySelectorAll('input:not([type=hidden]), select, button, textarea')]
              .map((c) => ({
                c,
                box: (c.matches('[type=radio], [type=checkbox]')
                  ? (c.closest('label') ?? c)
                  : c
                ).getBoundingClientRect(),
              }))
              .filter(({ box }) => box.height > 0 && box.height < 24)
              .map(
                ({ c, box }) =>
                  `${c.tagName.toLowerCase()}[name=${c.getAttribute('name') ?? c.dataset.role ?? ''}] ${box.height.toFixed(0)} px`,
              ),
          );
          if (small.length)
            problems.push(`${lesson} ${name} at ${width} px: controls under 24 px: ${small.join(', ')}`);
          await part.screenshot({ path: join(out, `${lesson}--${name}--${width}-${theme}.png`) });
          count++;
        }
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.kill();
}
console.log(`${count} screenshots in ${values.out}/`);
for (const problem of [...new Set(problems)]) console.log(`  problem: ${problem}`);
