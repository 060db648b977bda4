// `npm run measure:text [-- --port 4396 --dir dist]`: how long the mini T5 takes and
// how much memory it uses as prompts grow, on WebAssembly and WebGPU in headless Chromium, and what
// restarting the text runtime after a failure costs. Serves a built site (run `TL_LAB_PAGES=1 npm run build`
// first), opens src/lab/text.astro once per measurement (a fresh page, so a fresh worker),
// and reads the WebAssembly heap from the text worker and the peak memory of Chromium's renderer
// and GPU processes from /proc (Linux). Writes bench/results/text-limits.json. Not part of `npm
// test`: it measures, it does not check. The numbers chose `maxInputTokens` in src/lib/text/registry.ts.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from './models/browser.mjs';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4396' },
    dir: { type: 'string', default: 'dist' },
    lengths: { type: 'string', default: '256,512,1024,2048,4096,8192' },
    devices: { type: 'string', default: 'wasm,webgpu' },
    // SwiftShader's WebGPU is a CPU emulation: past this many tokens one answer takes minutes.
    'webgpu-max': { type: 'string', default: '4096' },
  },
});
const base = `http://127.0.0.1:${values.port}`;
const server = spawn('node', ['scripts/serve.mjs', '--port', values.port, '--dir', values.dir], {
  cwd: root,
  stdio: 'ignore',
});
for (let tries = 0; ; tries += 1) {
  try {
    if ((await fetch(`${base}/lab/text/`)).ok) break;
  } catch {
    // Not listening yet.
  }
  if (tries > 100) throw new Error(`the site did not come up on ${base}`);
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/** Resident memory (KB) of every process whose command line says it is Chromium's `type`. */
function rssOf(type) {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium') || !cmd.includes(`--type=${type}`)) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      total += Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    } catch {
      // The process ended while we read it.
    }
  }
  return total;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
const rows = [];
const restarts = [];
try {
  for (const device of values.devices.split(',')) {
    const lengths = values.lengths.split(',').map(Number);
    for (const tokens of lengths.filter((n) => device !== 'webgpu' || n <= Number(values['webgpu-max']))) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/lab/text/`);
      await page.waitForFunction(() => 'textLabReady' in window, null, { timeout: 120_000 });
      const baseline = { renderer: rssOf('renderer'), gpu: rssOf('gpu-process') };
      const peak = { ...baseline };
      const sampler = setInterval(() => {
        peak.renderer = Math.max(peak.renderer, rssOf('renderer'));
        peak.gpu = Math.max(peak.gpu, rssOf('gpu-process'));
      }, 100);
      const dtype = device === 'webgpu' ? 'fp32' : 'q8';
      const started = Date.now();
      let result;
      try {
        result = await Promise.race([
          page.evaluate((args) => window.textLab.measure(args), { model: 'mini-t5', device, dtype, tokens }),
          new Promise((resolve) => setTimeout(() => resolve({ ok: false, error: 'over 120 s' }), 120_000)),
        ]);
      } catch (error) {
        result = { ok: false, error: String(error.message).split('\n')[0] };
      }
      clearInterval(sampler);
      const worker = page.workers().find((w) => w.url().includes('text.worker'));
      const heap = worker
        ? await worker.evaluate(() => self.tlTextTesting.wasmHeapBytes()).catch(() => null)
        : null;
      const row = {
        device,
        dtype,
        tokens,
        ...result,
        wasmHeapMB: heap === null ? null : Math.round(heap / 1e6),
        rendererPeakMB: Math.round((peak.renderer - baseline.renderer) / 1000),
        gpuProcessPeakMB: Math.round((peak.gpu - baseline.gpu) / 1000),
        wallSeconds: (Date.now() - started) / 1000,
      };
      console.log(JSON.stringify(row));
      rows.push(row);
      await context.close();
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/lab/text/`);
    await page.waitForFunction(() => 'textLabReady' in window, null, { timeout: 120_000 });
    const restart = { device, ...(await page.evaluate((d) => window.textLab.restart(d), device)) };
    console.log(JSON.stringify(restart));
    restarts.push(restart);
    await context.close();
  }
} finally {
  await browser.close();
  server.kill();
}
const record = {
  suite: 'text-limits',
  date: new Date().toISOString(),
  note: "Headless Chromium with SwiftShader WebGPU on a shared 2-core machine; one greedy answer of 8 tokens per prompt (first and second run), the mini T5 in q8 on WebAssembly and fp32 on WebGPU. Memory: the text worker's WebAssembly heap, and the peak growth of the renderer and GPU processes over the page's start.",
  rows,
  restarts,
};
writeFileSync(join(root, 'bench', 'results', 'text-limits.json'), JSON.stringify(record, null, 2) + '\n');
console.log('wrote bench/results/text-limits.json');
