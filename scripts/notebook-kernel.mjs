// Builds the code-cell kernel into public/notebook/ (gitignored) before every dev server and build:
// an Astro integration, like ort-files.mjs.
//
// - kernel.js: the kernel and the whole ML library as ONE classic script (esbuild, no code
//   splitting). The kernel runs in a sandboxed frame with an opaque origin, which cannot import the
//   site's module chunks (that would need CORS headers); the page hands it this file's text instead.
// - frame.html: the sandboxed frame's document. The page fetches it and shows it with `srcdoc`
//   (a service worker cannot serve a sandboxed frame's own navigation, so `src=` would fail
//   offline). Its only script is the supervisor (src/notebook/frame/supervisor.ts), inlined. As an
//   srcdoc document it inherits the page's Content-Security-Policy, which must allow that script
//   by hash (CodeCell.astro adds it, and blob: for the kernel's scripts and workers); its own
//   <meta> policy narrows things further inside the frame. No policy needs 'unsafe-eval': cells
//   run as blob: scripts (src/notebook/kernel/run-source.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, context } from 'esbuild';

/** Where a reader may download Hub models from inside a cell (huggingface.co redirects to its CDNs). */
export const HUB_SOURCES = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co'];

export function frameCsp(supervisorHash) {
  return [
    "default-src 'none'",
    `script-src 'sha256-${supervisorHash}' blob: 'wasm-unsafe-eval'`,
    'worker-src blob:',
    `connect-src blob: data: ${HUB_SOURCES.join(' ')}`,
    'img-src blob: data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function esbuildOptions(root, base, entry) {
  return {
    entryPoints: [join(root, entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
    // The library reads the site's base like Vite code does; Node-only branches stay unbundled.
    define: {
      'import.meta.env': JSON.stringify({ BASE_URL: base, DEV: false, PROD: true, MODE: 'production' }),
    },
    external: ['node:*'],
    plugins: [noWorkerUrls],
  };
}

// Vite's `?worker&url` imports (the text worker's address) mean nothing in this one-script bundle:
// the kernel runs text models in its own realm (kernel.ts sets a worker factory that declines), so
// the address is an empty string.
const noWorkerUrls = {
  name: 'no-worker-urls',
  setup(build) {
    build.onResolve({ filter: /\?worker&url$/ }, (args) => ({ path: args.path, namespace: 'no-worker-url' }));
    build.onLoad({ filter: /.*/, namespace: 'no-worker-url' }, () => ({
      contents: "export default '';",
      loader: 'js',
    }));
  },
};

/** The CSP hash of the supervisor script, as the page's policy names it. */
export function scriptHash(script) {
  return createHash('sha256').update(script).digest('base64');
}

function frameHtml(supervisor) {
  const hash = scriptHash(supervisor);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${frameCsp(hash)}">
<meta name="robots" content="noindex">
<title>Transfer Lab code-cell kernel</title>
<script>${supervisor}</script>
</head>
<body></body>
</html>
`;
}

function write(target, name, text) {
  writeFileSync(join(target, name), text);
}

export async function buildNotebookKernel({ root = process.cwd(), base = '/' } = {}) {
  const target = join(root, 'public', 'notebook');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const [kernel, supervisor] = await Promise.all([
    build(esbuildOptions(root, base, 'src/notebook/kernel/entry.ts')),
    build(esbuildOptions(root, base, 'src/notebook/frame/supervisor.ts')),
  ]);
  const script = supervisor.outputFiles[0].text.trim();
  write(target, 'kernel.js', kernel.outputFiles[0].text);
  write(target, 'frame.html', frameHtml(script));
  return {
    target,
    bytes: kernel.outputFiles[0].contents.length,
    frameScriptHash: `sha256-${scriptHash(script)}`,
  };
}

/** Rebuilds on every change of the sources while the dev server runs. */
async function watchNotebookKernel({ root, base, logger }) {
  const target = join(root, 'public', 'notebook');
  const plugin = (name, wrap) => ({
    name: `write-${name}`,
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length) return logger.warn(`notebook ${name} did not rebuild (see errors above)`);
        mkdirSync(target, { recursive: true });
        write(target, name, wrap(result.outputFiles[0].text));
      });
    },
  });
  const kernel = await context({
    ...esbuildOptions(root, base, 'src/notebook/kernel/entry.ts'),
    minify: false,
    plugins: [plugin('kernel.js', (text) => text)],
  });
  const frame = await context({
    ...esbuildOptions(root, base, 'src/notebook/frame/supervisor.ts'),
    plugins: [plugin('frame.html', (text) => frameHtml(text.trim()))],
  });
  await Promise.all([kernel.watch(), frame.watch()]);
  return () => Promise.all([kernel.dispose(), frame.dispose()]);
}

export default function notebookKernel() {
  let stop = null;
  let settings = { root: process.cwd(), base: '/' };
  return {
    name: 'transfer-lab:notebook-kernel',
    hooks: {
      'astro:config:setup': async ({ config, logger, updateConfig }) => {
        settings = { root: fileURLToPath(config.root), base: config.base.replace(/\/?$/, '/') };
        const { bytes, frameScriptHash } = await buildNotebookKernel(settings);
        // CodeCell.astro adds this hash to the page's policy (the frame inherits it), when the
        // site has one (Astro's security.csp); empty otherwise.
        const hash = config.security?.csp ? frameScriptHash : '';
        updateConfig({ vite: { define: { __KERNEL_FRAME_SCRIPT_HASH__: JSON.stringify(hash) } } });
        logger.info(`code-cell kernel built into public/notebook/ (${(bytes / 1e6).toFixed(1)} MB)`);
      },
      'astro:server:setup': async ({ logger }) => {
        stop = await watchNotebookKernel({ ...settings, logger });
      },
      'astro:server:done': async () => {
        await stop?.();
      },
    },
  };
}
