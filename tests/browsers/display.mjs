// A virtual X display (Xvfb) for the browsers that need one: Firefox gets WebGL only with a window
// (headless Firefox has none here), and WebKitGTK's MiniBrowser always opens a window.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const INSTALL_HINT =
  'apt-get install -y --no-install-recommends firefox-esr xvfb webkit2gtk-driver (.ci/run does this)';

/** Fails with the install command when a program the suite needs is missing. */
export function requireProgram(path, what) {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path}. Install it: ${INSTALL_HINT}`);
}

/** Starts Xvfb on a free display; resolves to { display: ':N', stop() }. */
export async function startDisplay() {
  requireProgram('/usr/bin/Xvfb', 'Xvfb');
  const xvfb = spawn(
    '/usr/bin/Xvfb',
    ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const number = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not start within 20 s')), 20_000);
    xvfb.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(text.trim());
      }
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
  });
  return {
    display: `:${number}`,
    stop: () => {
      xvfb.kill();
    },
  };
}
