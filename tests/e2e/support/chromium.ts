import { existsSync } from 'node:fs';

/** Debian's Chromium (Playwright's own browser download cannot reach its CDN on our machines). */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return path;
}

/** Flags that work headless as root; `--enable-unsafe-webgpu` turns WebGPU on (SwiftShader here). */
export function chromiumArgs({ webgpu }: { webgpu: boolean }): string[] {
  const args = [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
  if (webgpu) args.push('--enable-unsafe-webgpu');
  return args;
}
