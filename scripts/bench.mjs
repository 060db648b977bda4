// `npm run bench [-- suite ...] [--quick] [--backend webgl]`: builds the site, serves it, opens
// src/pages/lab/bench.astro in headless Chromium and runs every suite in bench/suites/ on each
// backend it asks for. Writes bench/results/<suite>.json and bench/results/README.md (a short
// Markdown summary). Not part of `npm test`: it measures, it does not check.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from './models/browser.mjs';

const root = join(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    backend: { type: 'string', multiple: true },
    'no-build': { type: 'boolean', default: false },
    port: { type: 'string', default: '4390' },
    // Only rewrite bench/results/README.md from the results already there.
    'summary-only': { type: 'boolean', default: false },
  },
});
const resultsDir = join(root, 'bench', 'results');
if (values['summary-only']) {
  writeFileSync(join(resultsDir, 'README.md'), summary());
  process.exit(0);
}
const outDir = 'dist-bench';
if (!values['no-build']) {
  console.log('building the site into dist-bench/ ...');
  const built = spawnSync('npx', ['astro', 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TL_OUT_DIR: outDir, TL_CACHE_DIR: 'node_modules/.astro-bench' },
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const server = spawn('node', ['scripts/serve.mjs', '--port', values.port, '--dir', outDir], {
  cwd: root,
  stdio: 'inherit',
});
server.on('exit', (code, signal) => console.log(`the bench server stopped (${signal ?? code})`));
await waitForServer(`http://127.0.0.1:${values.port}/`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
mkdirSync(resultsDir, { recursive: true });
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.log(`  ${m.text()}`));
  const url = `http://127.0.0.1:${values.port}/lab/bench/`;
  await page.goto(url);
  await page.waitForFunction(() => 'benchReady' in window);
  const suites = (await page.evaluate(() => window.bench.list())).filter(
    (s) => positionals.length === 0 || positionals.includes(s.name),
  );
  if (suites.length === 0) throw new Error(`No suite matches ${positionals.join(', ')}.`);
  for (const { name, backends } of suites) {
    const runs = [];
    for (const backend of values.backend?.length
      ? backends.filter((b) => values.backend.includes(b))
      : backends) {
      console.log(`\n== ${name} on ${backend}`);
      // A fresh page per run: each backend starts clean, with its own memory.
      await page.goto(url);
      await page.waitForFunction(() => 'benchReady' in window);
      try {
        runs.push(
          await page.evaluate(({ name, backend, quick }) => window.bench.run(name, { backend, quick }), {
            name,
            backend,
            quick: values.quick,
          }),
        );
      } catch (error) {
        console.log(`  skipped: ${error.message.split('\n')[0]}`);
        runs.push({ suite: name, backend, error: error.message.split('\n')[0] });
      }
    }
    const record = { suite: name, date: new Date().toISOString(), quick: values.quick, runs };
    writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify(record, null, 2) + '\n');
    console.log(`wrote bench/results/${name}.json`);
  }
} finally {
  await browser.close();
  server.kill();
}
writeFileSync(join(resultsDir, 'README.md'), summary());
console.log(readFileSync(join(resultsDir, 'README.md'), 'utf8'));

async function waitForServer(url) {
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The site did not start on ${url}.`);
}

/** The short Markdown table of every suite's latest results. */
function summary() {
  const read = (name) => {
    const path = join(resultsDir, `${name}.json`);
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
  };
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (scripts/bench.mjs); numbers from the last run of each suite.',
    '',
  ];
  const throughput = read('throughput');
  if (throughput) {
    lines.push(`## Training throughput of the source CNN (${throughput.date.slice(0, 10)})`, '');
    lines.push(
      '| Backend | Images | train() images/s | model.fit images/s | Overhead (train / fit) |',
      '|---|---|---|---|---|',
    );
    for (const r of throughput.runs) {
      if (r.error) lines.push(`| ${r.backend} | - | ${r.error} | | |`);
      else
        lines.push(
          `| ${r.backendLabel} | ${r.result.images} | ${r.result.imagesPerSecond} | ${r.result.fitImagesPerSecond} | ${r.result.overheadRatio} |`,
        );
    }
    lines.push('');
  }
  const curve = read('learning-curve');
  if (curve) {
    const names = {
      scratch: 'From scratch',
      'feature-extraction': 'Feature extraction',
      'fine-tune': 'Fine-tuning (features + head)',
    };
    const pct = (v) => `${(v * 100).toFixed(1)} %`;
    for (const r of curve.runs.filter((run) => !run.error && run.result.points)) {
      const { config, points, gains, testImages } = r.result;
      lines.push(
        `## Learning curve on digits 5-9 (${r.backendLabel}, seeds ${config.seeds.join(', ')}, ${testImages} test images)`,
        '',
        'Mean ± sample standard deviation over seeds; the gain is fine-tuning minus scratch, seed by seed.',
        '',
        `| Labels per class | ${config.strategies.map((s) => names[s] ?? s).join(' | ')} | Gain (wins) |`,
        `|---|${config.strategies.map(() => '---|').join('')}---|`,
      );
      for (const perClass of [...config.labelsPerClass].sort((a, b) => a - b)) {
        const cells = config.strategies.map((strategy) => {
          const p = points.find((q) => q.perClass === perClass && q.strategy === strategy);
          return p ? `${pct(p.mean)} ± ${(p.sd * 100).toFixed(1)}` : '-';
        });
        const gain = gains.find((g) => g.perClass === perClass);
        const gained = gain
          ? `${gain.mean >= 0 ? '+' : ''}${(gain.mean * 100).toFixed(1)} (${gain.wins}/${gain.seeds.length})`
          : '-';
        lines.push(`| ${perClass} | ${cells.join(' | ')} | ${gained} |`);
      }
      lines.push('');
    }
  }
  const freeze = read('freeze-cost');
  if (freeze) {
    for (const r of freeze.runs.filter((run) => !run.error && run.result.costs)) {
      const { batchSize, images, rounds, costs } = r.result;
      lines.push(
        `## Cost of a freeze boundary (${r.backendLabel}, batches of ${batchSize}, ${images} images, median of ${rounds} rounds)`,
        '',
        '| Learns from | Layers that learn | Trainable weights | ms per batch (fastest-slowest) |',
        '|---|---|---|---|',
      );
      for (const c of costs) {
        lines.push(
          `| ${c.fromLayer} | ${c.learns.join(', ')} | ${c.trainableWeights} of ${c.weights} | ${c.msPerBatch.toFixed(1)} (${c.fastest.toFixed(1)}-${c.slowest.toFixed(1)}) |`,
        );
      }
      lines.push('');
    }
  }
  const distillation = read('distillation');
  if (distillation) {
    for (const r of distillation.runs.filter((run) => !run.error)) {
      const d = r.result;
      const c = d.config;
      lines.push(
        `## Distillation on MNIST (${r.backendLabel ?? r.backend}, ${d.seeds.length} seeds, ${d.testImages} test images)`,
        '',
        `Student: ${c.student.kind}${c.student.hidden ? ` ${c.student.hidden} hidden` : ''}; T = ${c.temperature}, alpha = ${c.alpha}, ${c.transferPerClass} transfer images per digit, ${c.epochs} epochs.`,
        '',
        '| Seed | Teacher errors | Distilled errors | Alone errors | Gap recovered |',
        '|---|---|---|---|---|',
      );
      const pct = (v) => (v === null ? '-' : `${(v * 100).toFixed(1)} %`);
      for (const seed of d.seeds) {
        lines.push(
          `| ${seed.seed} | ${seed.teacherErrors} | ${seed.distilledErrors} | ${seed.aloneErrors} | ${pct(seed.gapRecovered)} |`,
        );
      }
      const spread = (e) => `${e.mean} ± ${e.sd} (${e.min}-${e.max})`;
      lines.push(
        `| **mean ± sd** | ${d.teacherErrors} | ${spread(d.distilledErrors)} | ${spread(d.aloneErrors)} | ${pct(d.gapRecovered)} |`,
        '',
        `Parameters, teacher / student: ${d.paramRatio}. Latency per image, teacher / student: ${d.latencyRatio
          .map((e) => `${e.mean} ± ${e.sd} at batch ${e.batchSize}`)
          .join('; ')}.`,
        `Goals: ${Object.entries(d.goals)
          .map(([goal, met]) => `${goal} ${met ? 'met' : 'missed'}`)
          .join(', ')}.`,
        '',
      );
    }
  }
  const language = read('language');
  if (language) {
    for (const r of language.runs.filter((run) => !run.error)) {
      const d = r.result;
      const pct = (v) => `${(v * 100).toFixed(1)} %`;
      lines.push(
        `## Lessons 7 and 9: labelling the held-out sentences (${d.model}, heads on ${r.backendLabel}, seeds ${d.seeds.join(', ')}, ${d.sentences} sentences)`,
        '',
        '| Label | Labelled per class | Encoder head | Bag-of-words head | Encoder better on |',
        '|---|---|---|---|---|',
      );
      for (const h of d.heads) {
        lines.push(
          `| ${h.label} | ${h.perClass} | ${pct(h.encoder)} | ${pct(h.bagOfWords)} | ${h.encoderWins} of ${h.seeds.length} seeds |`,
        );
      }
      lines.push(
        '',
        '| Label | k (solved examples in the prompt) | Prompt tokens | Accuracy (min-max) | No class named |',
        '|---|---|---|---|---|',
      );
      for (const p of d.prompting) {
        lines.push(
          `| ${p.label} | ${p.shots} | ${p.promptTokens} | ${pct(p.accuracy)} (${pct(p.min)}-${pct(p.max)}) | ${pct(p.invalid)} |`,
        );
      }
      const a = d.adaptation;
      lines.push(
        '',
        `Image task (digits ${a.target.join(', ')}, ${a.perClass} labels per class, ${a.epochs} epochs, ${a.testImages} test images):`,
        '',
        '| Method | Trainable weights | Accuracy (min-max) | Seconds |',
        '|---|---|---|---|',
      );
      for (const row of a.rows) {
        lines.push(
          `| ${row.method} | ${row.trainable} of ${row.total} | ${pct(row.accuracy)} (${pct(row.min)}-${pct(row.max)}) | ${row.seconds} |`,
        );
      }
      lines.push('');
    }
  }
  const others = ['throughput', 'learning-curve', 'freeze-cost', 'distillation', 'language'];
  for (const file of readdirNames()) {
    if (others.includes(file)) continue;
    const record = read(file);
    // Files from other measuring scripts (e.g. text-limits.json) have their own shape: not summarised here.
    if (Array.isArray(record?.runs))
      lines.push(
        `## ${file}`,
        '',
        '```json',
        JSON.stringify(
          record.runs.map((r) => ({ backend: r.backend, result: r.result ?? r.error })),
          null,
          1,
        ).slice(0, 3000),
        '```',
        '',
      );
  }
  return lines.join('\n');
}

function readdirNames() {
  return readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));
}
