// The site's Content-Security-Policy, shipped by Astro's own CSP support (`security.csp`) as a
// <meta> tag on every page. Astro hashes the scripts it bundles; what it cannot see is listed here.
// Every source below is explained in the README ("Content-Security-Policy"); pages that need more
// (code cells, the Hub playground) add it from their component through `Astro.csp`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** @typedef {Exclude<NonNullable<import('astro').AstroUserConfig['security']>['csp'], boolean | undefined>} CspConfig */

/**
 * Directives for every page, beyond the script-src and style-src Astro writes itself.
 * @type {CspConfig['directives']}
 */
export const SITE_DIRECTIVES = [
  // Anything not named below: this site only.
  "default-src 'self'",
  // Digit images and charts drawn from canvases and typed arrays (data:, blob:).
  "img-src 'self' data: blob:",
  // The site's own font files (astro.config.mjs keeps Vite from inlining small fonts as data:).
  "font-src 'self'",
  // Models, data, the search index and ONNX Runtime's wasm all come from this site. The Hub is
  // added only on pages that offer a Hub model (src/components/playground/csp.ts).
  "connect-src 'self'",
  // The notebook kernel and the text runtime run in workers built from this site's files.
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

/**
 * `'wasm-unsafe-eval'` lets ONNX Runtime (transformers.js) and Pagefind compile WebAssembly; it
 * does not allow `eval` of JavaScript.
 */
export const SCRIPT_SOURCES = ["'self'", "'wasm-unsafe-eval'"];

/** See siteCsp(): inline styles are allowed, scripts are not. */
export const STYLE_SOURCES = ["'self'", "'unsafe-inline'"];

const sha256 = (text) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

/**
 * Starlight renders a few `<script is:inline>` blocks (theme before first paint, the search
 * shortcut, sidebar state). Astro does not hash inline scripts, so we hash the exact text of each
 * from the installed Starlight: an upgrade that changes them changes the hashes with it, and the
 * end-to-end CSP test fails if any inline script on a built page is still not covered.
 */
export function starlightInlineScriptHashes(root = process.cwd()) {
  const require = createRequire(join(root, 'package.json'));
  // The package's exports hide package.json and its main entry from require(); components are public.
  const components = dirname(dirname(require.resolve('@astrojs/starlight/components/Search.astro')));
  const hashes = new Set();
  for (const folder of ['components', 'user-components']) {
    for (const name of readdirSync(join(components, folder))) {
      if (!name.endsWith('.astro')) continue;
      const source = readFileSync(join(components, folder, name), 'utf8');
      for (const match of source.matchAll(/<script is:inline[^>]*>([\s\S]*?)<\/script>/g)) {
        hashes.add(sha256(match[1]));
      }
    }
  }
  if (hashes.size === 0) {
    throw new Error(`No inline scripts found in ${components}: has Starlight's layout changed?`);
  }
  return [...hashes];
}

/**
 * The `security.csp` object for astro.config.mjs.
 * @returns {CspConfig}
 */
export function siteCsp() {
  return {
    directives: SITE_DIRECTIVES,
    scriptDirective: { resources: SCRIPT_SOURCES, hashes: starlightInlineScriptHashes() },
    // Styles may be inline. KaTeX sizes every formula with style attributes, the build-time code
    // highlighter colours tokens with them, CodeMirror writes its theme into a <style> element
    // whose text grows as editors mount, and Observable Plot puts a <style> in every chart: none
    // of these can be hashed at build time. The risk is small because CSS cannot run code, and
    // everything CSS could fetch (img-src, font-src) is locked to this site, so injected CSS
    // cannot send anything away.
    styleDirective: { resources: STYLE_SOURCES },
  };
}
