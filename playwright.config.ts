import { defineConfig } from '@playwright/test';
import { chromiumPath, chromiumArgs } from './tests/e2e/support/chromium';

// Several runs can share a checkout (TL_PORT and TL_OUT_DIR keep their servers and builds apart).
const port = Number(process.env.TL_PORT ?? 4322);
const outDir = process.env.TL_OUT_DIR ?? './dist';
// TL_BUILT=1: `npm test` has just built the site, harness pages included (test:site), while the
// unit tests ran; serve that build instead of building again.
const build = process.env.TL_BUILT === '1' ? '' : 'npm run build && ';

export default defineConfig({
  testDir: './tests/e2e',
  forbidOnly: Boolean(process.env.CI),
  fullyParallel: false,
  workers: Number(process.env.TL_E2E_WORKERS ?? 2),
  retries: 0,
  outputDir: process.env.TL_TEST_RESULTS ?? 'test-results',
  timeout: 120_000,
  // A DOM update after a click needs a few seconds on a busy 2-core machine. Assertions that wait
  // for real work (a kernel starting, a model loading, training) say how long, one by one.
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs({ webgpu: true }) },
    trace: 'off',
    // Only the offline spec lets the site's service worker run, so other tests neither get pages
    // and models from its caches nor depend on what an earlier visit stored.
    serviceWorkers: 'block',
  },
  webServer: {
    // Build once, serve the built site exactly as readers get it.
    command: `${build}node scripts/serve.mjs --port ${port} --dir ${outDir}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    // TL_LAB_PAGES: the harness pages the claim and text tests drive (left out of readers' builds).
    env: { TL_OUT_DIR: outDir, TL_LAB_PAGES: '1' },
  },
});
