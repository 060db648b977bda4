// Serves ONNX Runtime's WebAssembly files from this site instead of a CDN: an Astro integration that
// copies them from node_modules into public/ort/ (gitignored) before every dev server and build.
// transformers.js 4.3 runs both its WebGPU and WebAssembly devices on the "asyncify" build.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

export function copyOrtFiles(root = process.cwd()) {
  const require = createRequire(join(root, 'package.json'));
  // The package's exports hide package.json; resolve its main entry and walk up to dist/.
  const entry = require.resolve('onnxruntime-web');
  let dist = dirname(entry);
  while (!existsSync(join(dist, FILES[1])) && dirname(dist) !== dist) dist = dirname(dist);
  if (!existsSync(join(dist, FILES[1]))) dist = join(dirname(entry), '..', 'dist');
  const target = join(root, 'public', 'ort');
  mkdirSync(target, { recursive: true });
  for (const file of FILES) {
    const from = join(dist, file);
    if (!existsSync(from))
      throw new Error(`ONNX Runtime file ${file} not found in ${dist}; reinstall node_modules.`);
    const to = join(target, file);
    if (!existsSync(to) || statSync(to).size !== statSync(from).size) copyFileSync(from, to);
  }
  return target;
}

export default function selfHostOrt() {
  return {
    name: 'transfer-lab:self-host-onnx-runtime',
    hooks: {
      'astro:config:setup': ({ config, logger }) => {
        const target = copyOrtFiles(fileURLToPath(config.root));
        logger.info(`ONNX Runtime wasm files ready in ${target}`);
      },
    },
  };
}
