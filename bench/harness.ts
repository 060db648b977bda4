/**
 * The benchmark harness: runs in the browser page src/lab/bench.astro, driven by
 * scripts/bench.mjs (`npm run bench`).
 *
 * HOW TO ADD A SUITE
 * Put a file in bench/suites/<name>.ts that exports one async function named `suite`:
 *
 *   import type { SuiteContext } from '../harness';
 *   export const description = 'What it measures, in one line';      // optional
 *   export const backends = ['webgl', 'cpu'];                          // optional: where it runs (default: webgl)
 *   export async function suite(ctx: SuiteContext): Promise<Json> {   // any JSON-able value
 *     ctx.log('starting');                                             // progress, shown by bench.mjs
 *     const { train, loadMnist } = ctx.lib;                            // the library, as code cells see it
 *     ...
 *     return { rows: [...] };
 *   }
 *
 * The file name is the suite's name (`npm run bench -- distillation` runs only that suite). The
 * harness picks up every file in bench/suites/ by itself; nothing to register. A suite must
 * dispose its models and tensors, take ctx.quick into account (a smaller run for a smoke test),
 * and measure real work: no hard-coded numbers. Its result must match its schema in
 * bench/schemas.ts (checked here, and again when the site reads the file).
 *
 * ONE --quick POLICY, for every suite: a quick run is a smoke test of the suite's code, never a
 * measurement. It runs one seed (`ctx.seeds([1, 2, 3])` gives [1]) and the smallest size of each
 * sweep (`ctx.sizes([10, 50])` gives [10]); the file is marked `quick: true`, and the site refuses
 * to quote any quick file (src/data/bench.ts).
 */
import type * as Library from '../src/lib';
import { checkBenchResult } from './schemas';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface SuiteContext {
  /** The whole ML library (src/lib/index.ts). */
  lib: typeof Library;
  /** The tfjs backend this run uses: 'webgl', 'webgpu' or 'cpu' (already active). */
  backend: string;
  /** A smoke test, not a measurement (see ONE --quick POLICY above). */
  quick: boolean;
  /** The seeds to run: all of them, or the first alone in a quick run. */
  seeds(all: readonly number[]): number[];
  /** The sizes of a sweep to run: all of them, or the smallest alone in a quick run. */
  sizes(all: readonly number[]): number[];
  /** Suite-specific settings from the command line (`--param name=value`), as strings. */
  params: Readonly<Record<string, string>>;
  log(message: string): void;
}

export interface SuiteModule {
  suite(ctx: SuiteContext): Promise<Json>;
  description?: string;
  backends?: string[];
}

export interface SuiteRun {
  suite: string;
  backend: string;
  backendLabel: string;
  seconds: number;
  result: Json;
}

const modules = import.meta.glob<SuiteModule>('./suites/*.ts');
const nameOf = (path: string) => path.replace(/^.*\/(.*)\.ts$/, '$1');

/** Suites available, with the backends each wants to run on. */
export async function listSuites(): Promise<{ name: string; description: string; backends: string[] }[]> {
  return Promise.all(
    Object.entries(modules).map(async ([path, load]) => {
      const mod = await load();
      return { name: nameOf(path), description: mod.description ?? '', backends: mod.backends ?? ['webgl'] };
    }),
  );
}

/** Runs one suite on one backend and returns its result with timing. */
export async function runSuite(
  name: string,
  options: { backend: string; quick?: boolean; params?: Record<string, string> },
): Promise<SuiteRun> {
  const entry = Object.entries(modules).find(([path]) => nameOf(path) === name);
  if (!entry)
    throw new Error(`No bench suite "${name}". Suites: ${Object.keys(modules).map(nameOf).join(', ')}.`);
  const lib = await import('../src/lib');
  const choice = await lib.useBackend(options.backend as Library.BackendPreference);
  if (choice.name !== options.backend) {
    throw new Error(`Backend ${options.backend} is not available here (${choice.skipped.join('; ')}).`);
  }
  const mod = await entry[1]();
  const started = performance.now();
  const result = await mod.suite({
    lib,
    backend: choice.name,
    quick: options.quick ?? false,
    seeds: (all) => (options.quick ? all.slice(0, 1) : [...all]),
    sizes: (all) => (options.quick ? [Math.min(...all)] : [...all]),
    params: options.params ?? {},
    log: (message) => console.log(`[${name}/${choice.name}] ${message}`),
  });
  // The result must match the suite's schema (bench/schemas.ts) before bench.mjs writes it.
  checkBenchResult(name, result);
  return {
    suite: name,
    backend: choice.name,
    backendLabel: choice.label,
    seconds: (performance.now() - started) / 1000,
    result,
  };
}

/** Results keep 4 decimals (0.1 of a percentage point for shares): enough to quote, short to read. */
export function roundTo(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}

/** A library `spread` (mean, sd, min, max over seeds) with every field rounded. */
export function roundSpread(
  s: { mean: number; sd: number; min: number; max: number },
  digits = 4,
): { mean: number; sd: number; min: number; max: number } {
  return {
    mean: roundTo(s.mean, digits),
    sd: roundTo(s.sd, digits),
    min: roundTo(s.min, digits),
    max: roundTo(s.max, digits),
  };
}

/** An adaptation curve's points with every share rounded (the optdigits-curve and negative-transfer suites). */
export function roundPoints<
  P extends { accuracy: { mean: number; sd: number; min: number; max: number }; seeds: number[] },
>(points: readonly P[]): P[] {
  return points.map((point) => ({
    ...point,
    accuracy: roundSpread(point.accuracy),
    seeds: point.seeds.map((v) => roundTo(v)),
  }));
}
