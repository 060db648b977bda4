// `npm run bench [-- suite ...] [--quick] [--backend webgl]`: builds the site, serves it, opens
// src/lab/bench.astro in headless Chromium and runs every suite in bench/suites/ on each
// backend it asks for. Writes bench/results/<suite>.json (with --backend, runs on the other backends
// already in the file are kept) and bench/results/README.md (a short Markdown summary).
// Not part of `npm test`: it measures, it does not check.
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
    // Suite-specific settings, e.g. `--param temperatures=20` (see each suite's header).
    param: { type: 'string', multiple: true },
    'no-build': { type: 'boolean', default: false },
    // Rewrite bench/results/README.md from the results files and stop (scripts/bench-merge.mjs).
    'summary-only': { type: 'boolean', default: false },
    port: { type: 'string', default: '4390' },
  },
});
const params = Object.fromEntries(
  (values.param ?? []).map((p) => {
    const at = p.indexOf('=');
    if (at < 1) throw new Error(`--param needs name=value (got ${p}).`);
    return [p.slice(0, at), p.slice(at + 1)];
  }),
);
const resultsDir = join(root, 'bench', 'results');
if (values['summary-only']) {
  writeFileSync(join(resultsDir, 'README.md'), summary());
  process.exit(0);
}
// TL_BENCH_DIR lets two bench runs (say, a suite's seeds split in two) build and serve side by side.
const outDir = process.env.TL_BENCH_DIR ?? 'dist-bench';
if (!values['no-build']) {
  console.log(`building the site into ${outDir}/ ...`);
  const built = spawnSync('npx', ['astro', 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TL_OUT_DIR: outDir, TL_CACHE_DIR: 'node_modules/.astro-bench', TL_LAB_PAGES: '1' },
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
          await page.evaluate(
            ({ name, backend, quick, params }) => window.bench.run(name, { backend, quick, params }),
            { name, backend, quick: values.quick, params },
          ),
        );
      } catch (error) {
        console.log(`  skipped: ${error.message.split('\n')[0]}`);
        runs.push({ suite: name, backend, error: error.message.split('\n')[0] });
      }
    }
    // Re-running one backend (--backend cpu) keeps the file's runs on the others.
    const previousPath = join(resultsDir, `${name}.json`);
    if (values.backend?.length && existsSync(previousPath)) {
      const previous = JSON.parse(readFileSync(previousPath, 'utf8'));
      if (previous.quick === values.quick) {
        const kept = previous.runs.filter((run) => !runs.some((fresh) => fresh.backend === run.backend));
        runs.unshift(...kept);
      }
    }
    const record = {
      suite: name,
      date: new Date().toISOString(),
      quick: values.quick,
      ...(Object.keys(params).length > 0 ? { params } : {}),
      runs,
    };
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
  if (distillation) lines.push(...distillationSummary(distillation));
  const pctSpread = (s) => `${(s.mean * 100).toFixed(1)} ± ${(s.sd * 100).toFixed(1)} %`;
  const optdigits = read('optdigits-curve');
  if (optdigits) {
    for (const r of optdigits.runs.filter((run) => !run.error)) {
      const d = r.result;
      lines.push(
        `## Teacher CNN on the UCI optical digits (${r.backendLabel ?? r.backend}, seeds ${d.seeds.join(', ')}, ${d.testImages} test images)`,
        '',
        `No adaptation: ${(d.zeroShot * 100).toFixed(1)} % (MNIST test: ${(d.mnistAccuracy * 100).toFixed(1)} %). Mean ± sd over seeds:`,
        '',
        '| Labels per class | From scratch | Head only (feature extraction) | Fine-tuning (all layers) |',
        '|---|---|---|---|',
      );
      for (const perClass of [...new Set(d.points.map((p) => p.perClass))]) {
        const cell = (strategy) => {
          const point = d.points.find((p) => p.perClass === perClass && p.strategy === strategy);
          return point ? pctSpread(point.accuracy) : '-';
        };
        lines.push(
          `| ${perClass} | ${cell('scratch')} | ${cell('feature-extraction')} | ${cell('fine-tune')} |`,
        );
      }
      lines.push('');
    }
  }
  const forgetting = read('forgetting');
  if (forgetting) {
    for (const r of forgetting.runs.filter((run) => !run.error)) {
      const d = r.result;
      lines.push(
        `## Forgetting: teacher CNN trained on ${d.targetImages} optical digits (${r.backendLabel ?? r.backend}, seeds ${d.seeds.join(', ')}, ${d.epochs} epochs)`,
        '',
        '| Method | MNIST test | Optical-digits test | Trainable weights | MNIST, adapter off |',
        '|---|---|---|---|---|',
      );
      for (const row of d.rows) {
        lines.push(
          `| ${row.method} | ${pctSpread(row.source)} | ${pctSpread(row.target)} | ${row.trainableParams} | ${row.sourceAdapterOff ? pctSpread(row.sourceAdapterOff) : '-'} |`,
        );
      }
      lines.push('');
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
  const others = [
    'throughput',
    'learning-curve',
    'freeze-cost',
    'distillation',
    'optdigits-curve',
    'forgetting',
    'language',
  ];
  for (const file of readdirNames()) {
    if (others.includes(file)) continue;
    const record = read(file);
    // A file some other script writes in its own shape (text-limits.json) has no runs to show.
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

/** The distillation suite: one table per experiment (every seed, mean ± sd), then the costs. */
function distillationSummary(file) {
  const lines = [];
  const pct = (v) => (v === null || v === undefined ? '-' : `${(v * 100).toFixed(1)} %`);
  const spread = (e) => (typeof e === 'number' ? String(e) : `${e.mean} ± ${e.sd} (${e.min}-${e.max})`);
  const experiment = (title, d) => {
    const roles = Object.keys(d.epochs);
    lines.push(
      `### ${title}`,
      '',
      `T = ${d.config.temperature}, alpha = ${d.config.alpha}, ${d.config.labelledPerClass} labelled per digit, transfer images: ${d.config.transferImages}; ${d.testImages} test images; errors (epochs).`,
      '',
      `| Seed | Teacher | ${roles.join(' | ')} | Gap recovered (${roles.filter((r) => r !== 'alone').join(', ')}) |${d.seeds[0].missingDigit ? ' 3s right before -> after |' : ''}`,
      `|---|---|${roles.map(() => '---|').join('')}---|${d.seeds[0].missingDigit ? '---|' : ''}`,
    );
    for (const s of d.seeds) {
      const m = s.missingDigit;
      lines.push(
        `| ${s.seed} | ${s.teacherErrors} | ${roles.map((r) => `${s.students[r].errors} (${s.students[r].epochs})`).join(' | ')} | ${roles
          .filter((r) => r !== 'alone')
          .map((r) => pct(s.gapRecovered[r]))
          .join(', ')} |${m ? ` ${m.before} -> ${m.after} of ${m.count} (bias ${m.bias}) |` : ''}`,
      );
    }
    lines.push(
      `| **mean ± sd** | ${spread(d.errors.teacher)} | ${roles.map((r) => `${spread(d.errors[r])}; epochs ${spread(d.epochs[r])}`).join(' | ')} | ${roles
        .filter((r) => r !== 'alone')
        .map((r) => pct(d.gapPerSeed[r]?.mean))
        .join(', ')} (from the means: ${pct(d.gapFromMeans)}) |${d.seeds[0].missingDigit ? ' |' : ''}`,
      '',
    );
  };
  for (const r of file.runs) {
    if (r.error) {
      lines.push(`## Distillation on ${r.backend}: ${r.error}`, '');
      continue;
    }
    const d = r.result;
    if (d.transferSet) {
      lines.push(`## Distillation on MNIST (${r.backendLabel}, ${file.date.slice(0, 10)})`, '');
      for (const [label, summary] of Object.entries(d.sameData.byTemperature))
        experiment(`Same data, ${label}`, summary);
      lines.push(`Best temperature for the same data: ${d.sameData.bestTemperature}.`, '');
      experiment('Teacher labels a transfer set', d.transferSet);
      experiment('The missing 3s', d.missingDigit);
      lines.push(
        `Goals: ${Object.entries(d.goals)
          .map(([goal, met]) => `${goal} ${met ? 'met' : 'MISSED'}`)
          .join(', ')}.`,
        '',
      );
    }
  }
  lines.push(
    '## Distillation: cost per image',
    '',
    '| Backend | Batch | Teacher ms | Student ms | Speed-up |',
    '|---|---|---|---|---|',
  );
  for (const r of file.runs.filter((run) => run.result?.cost)) {
    const c = r.result.cost;
    c.teacher.latency.forEach((p, i) =>
      lines.push(
        `| ${r.backend} | ${p.batchSize} | ${p.msPerImage} | ${c.student.latency[i].msPerImage} | ${c.speedUp[i].ratio} |`,
      ),
    );
  }
  const cost = file.runs.find((run) => run.result?.cost)?.result.cost;
  if (cost) {
    lines.push(
      '',
      `Parameters: teacher ${cost.teacher.params}, student (${cost.student.description}) ${cost.student.params} (ratio ${cost.paramRatio}). Multiply-adds per image: ${cost.teacher.multiplyAdds} and ${cost.student.multiplyAdds} (ratio ${cost.multiplyAddRatio}).`,
      '',
    );
  }
  return lines;
}

function readdirNames() {
  return readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));
}
