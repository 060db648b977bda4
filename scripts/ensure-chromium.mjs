// Makes sure the end-to-end tests have a Chromium: installs Debian's package when running as root,
// otherwise stops with the exact command to run. Playwright's own browser download does not work here.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
if (process.getuid?.() === 0) {
  console.log('Chromium is missing: installing Debian\'s "chromium" package (about 2 minutes)...');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  });
  if (existsSync(path)) process.exit(0);
}
console.error(
  `The end-to-end tests need Chromium at ${path}.\n` +
    'Install it with:  sudo apt-get install chromium   (Debian/Ubuntu)\n' +
    'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
);
process.exit(1);
