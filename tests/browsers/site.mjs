// The built site the smoke suite drives: the one `npm run build` made (the Chromium suite builds it
// first in `npm test`), rebuilt only when a source file is newer than it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SOURCES = ['src', 'public', 'scripts', 'astro.config.mjs', 'package.json'];
// Written by the build itself (see .gitignore): never a reason to rebuild.
const GENERATED = new Set(['public/notebook', 'public/ort']);

function newestChange(path) {
  if (GENERATED.has(path) || !existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, name)));
  return newest;
}

/** Builds the site into `outDir` unless a build newer than every source is already there. */
export function ensureBuiltSite(outDir) {
  // TL_SMOKE_REUSE=1 drives whatever is in outDir as it is (for example an older build, to show a
  // regression test failing on the old code).
  if (process.env.TL_SMOKE_REUSE === '1') return { rebuilt: false };
  const index = join(outDir, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map(newestChange));
  if (built > newest) return { rebuilt: false };
  const result = spawnSync('npm', ['run', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, TL_OUT_DIR: outDir },
  });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
  return { rebuilt: true };
}

// `node tests/browsers/site.mjs` (npm's pretest:browsers): build once, before the engines' suites,
// so that no suite builds while its browser is being timed, and two engines run side by side
// (--test-concurrency=2) never build into the same folder at once.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureBuiltSite(process.env.TL_OUT_DIR ?? 'dist');
}
