// `node scripts/bench-merge.mjs <part.json> ...`: joins results files of ONE suite that were run in
// parts (for example `npm run bench -- distillation --param experiments=transfer-set` in one
// checkout while another runs the same data) into bench/results/<suite>.json, then rewrites
// bench/results/README.md. For each backend, the parts' results are merged key by key in the order
// given (a later part's key wins; `goals` are merged goal by goal), so every number still comes
// from a bench run: nothing is typed here, and only joined seeds' summaries are computed (the
// suite's own way). The joined file counts as --quick when any part was. A suite that writes one row of scores per seed (`perSeed`, say multitask run with
// `--param seeds=2`) keeps every part's rows and has its summaries recomputed from them (joinSeeds).
// Run it with the project's Node 22 (`npx node scripts/bench-merge.mjs ...`): it imports a .ts module.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { spread } from '../src/lib/experiments/spread.ts';

const root = join(import.meta.dirname, '..');
const paths = process.argv.slice(2);
if (paths.length < 2) throw new Error('Give at least two results files of the same suite.');
const parts = paths.map((path) => JSON.parse(readFileSync(path, 'utf8')));
const { suite } = parts[0];
const quick = parts.some((part) => part.quick);
for (const [i, part] of parts.entries()) {
  if (part.suite !== suite) throw new Error(`${paths[i]} is suite ${part.suite}, not ${suite}.`);
}

const byBackend = new Map();
for (const part of parts) {
  for (const run of part.runs) {
    if (run.error) throw new Error(`A part failed on ${run.backend}: ${run.error}`);
    const previous = byBackend.get(run.backend);
    if (!previous) {
      byBackend.set(run.backend, structuredClone(run));
      continue;
    }
    const goals = { ...previous.result.goals, ...run.result.goals };
    const sameData = joinTemperatures(previous.result.sameData, run.result.sameData, goals);
    const bySeed = joinSeeds(previous.result, run.result);
    Object.assign(
      previous.result,
      run.result,
      Object.keys(goals).length > 0 ? { goals } : {},
      sameData ? { sameData } : {},
      bySeed ?? {},
    );
    previous.seconds = Math.max(previous.seconds, run.seconds);
    previous.backendLabel = run.backendLabel;
  }
}
/**
 * The distillation suite's same-data results hold one entry per temperature, and parts may each
 * measure some of them (`--param temperatures=4`): keep every temperature, a later part's winning, and
 * pick the best one and decide its goals by the suite's own rule (bench/suites/distillation.ts: the
 * highest share of the gap recovered; soft targets beat the student alone on every seed; at least
 * 40 % of the gap).
 */
function joinTemperatures(before, after, goals) {
  if (!before?.byTemperature || !after?.byTemperature) return null;
  const byTemperature = { ...before.byTemperature, ...after.byTemperature };
  const [bestTemperature, best] = Object.entries(byTemperature).reduce((a, b) =>
    (b[1].gapFromMeans ?? -1) > (a[1].gapFromMeans ?? -1) ? b : a,
  );
  goals.sameDataSoftBeatsAloneEverySeed = best.softWinsEverySeed;
  goals.sameDataGapAtLeast40 = (best.gapFromMeans ?? 0) >= 0.4;
  return { bestTemperature, byTemperature };
}

/**
 * Parts of a suite that scores each seed on each domain's test images (bench/suites/multitask.ts:
 * `perSeed` rows of {seed, <row>: {<domain>: share}}) each hold some seeds. Keep every seed's row
 * (a later part's wins), in seed order, and recompute each summary the way the suite does: the
 * library's spread() over the seeds, rounded to 4 decimals. A row's shares are written to 4
 * decimals, but each is a count over `<domain>TestImages` images (fewer than 5,000, so the 4
 * decimals single it out): the exact share is recovered first, so the joined summaries equal a
 * single run's.
 */
function joinSeeds(before, after) {
  if (!Array.isArray(before?.perSeed) || !Array.isArray(after?.perSeed)) return null;
  for (const key of Object.keys(after)) {
    if (
      /^(perClass|epochs|heads|.*TestImages)$/.test(key) &&
      JSON.stringify(before[key]) !== JSON.stringify(after[key])
    )
      throw new Error(
        `The parts ran different experiments: ${key} is ${JSON.stringify(before[key])} in one, ${JSON.stringify(after[key])} in another.`,
      );
  }
  const perSeed = [
    ...new Map([...before.perSeed, ...after.perSeed].map((row) => [row.seed, row])).values(),
  ].sort((a, b) => a.seed - b.seed);
  const summaries = {};
  for (const [row, pair] of Object.entries(perSeed[0])) {
    if (row === 'seed') continue;
    summaries[row] = {};
    for (const domain of Object.keys(pair)) {
      const images = after[`${domain}TestImages`];
      if (!Number.isInteger(images) || images >= 5000)
        throw new Error(`Cannot recover ${domain} scores exactly: ${domain}TestImages is ${images}.`);
      const exact = perSeed.map((r) => Math.round(r[row][domain] * images) / images);
      const s = spread(exact);
      // bench/harness.ts roundSpread: every field to 4 decimals.
      summaries[row][domain] = Object.fromEntries(
        Object.entries(s).map(([k, v]) => [k, Number(v.toFixed(4))]),
      );
    }
  }
  return { seeds: perSeed.map((r) => r.seed), ...summaries, perSeed };
}

const record = {
  suite,
  date: parts
    .map((part) => part.date)
    .sort()
    .at(-1),
  quick,
  // A part that is itself a joined file lists the parts it was joined from.
  parts: parts.flatMap(
    (part) =>
      part.parts ?? [
        { date: part.date, params: part.params ?? {}, backends: part.runs.map((r) => r.backend) },
      ],
  ),
  runs: [...byBackend.values()],
};
writeFileSync(join(root, 'bench', 'results', `${suite}.json`), JSON.stringify(record, null, 2) + '\n');
console.log(`wrote bench/results/${suite}.json from ${parts.length} parts`);
const summary = spawnSync(process.execPath, [join(root, 'scripts', 'bench.mjs'), '--summary-only'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(summary.status ?? 1);
