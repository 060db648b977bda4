// Serves tfjs's WebAssembly backend files from this site instead of a CDN: an Astro integration
// that copies them from node_modules into public/tfjs-wasm/ (gitignored) before every dev server
// and build, as scripts/ort-files.mjs does for ONNX Runtime. Text training (the trainable T5) runs
// on this backend; the threaded build is left out (src/lib/backend/text-training.ts runs one thread).
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

export function copyTfjsWasmFiles(root = process.cwd()) {
  const require = createRequire(join(root, 'package.json'));
  let dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  while (!existsSync(join(dist, FILES[0])) && dirname(dist) !== dist) dist = dirname(dist);
  if (!existsSync(join(dist, FILES[0]))) dist = join(dist, 'dist');
  const target = join(root, 'public', 'tfjs-wasm');
  mkdirSync(target, { recursive: true });
  for (const file of FILES) {
    const from = join(dist, file);
    if (!existsSync(from))
      throw new Error(`tfjs wasm file ${file} not found in ${dist}; reinstall node_modules.`);
    const to = join(target, file);
    if (!existsSync(to) || statSync(to).size !== statSync(from).size) copyFileSync(from, to);
  }
  return target;
}

export default function selfHostTfjsWasm() {
  return {
    name: 'transfer-lab:self-host-tfjs-wasm',
    hooks: {
      'astro:config:setup': ({ config, logger }) => {
        const target = copyTfjsWasmFiles(fileURLToPath(config.root));
        logger.info(`tfjs wasm files ready in ${target}`);
      },
    },
  };
}
