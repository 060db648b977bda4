// The smoke suite's own server for the built site: scripts/serve.mjs's static files, plus two things
// the suite needs in every engine. It puts a small error recorder (record-errors.js) first in every
// page, because WebKit's WebDriver cannot read the browser console; and it remembers every request
// it answered with an error, the failed requests a page made, whatever the engine.
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

const RECORDER_PATH = '/__smoke/record-errors.js';
const recorder = readFile(fileURLToPath(new URL('./record-errors.js', import.meta.url)), 'utf8');

/** The HTML file a request path names (`/lessons/x/` -> lessons/x/index.html), or null. */
async function htmlFile(dir, pathname) {
  // The kernel's frame document is fetched and shown through srcdoc under its own policy: untouched.
  if (pathname.startsWith('/notebook/')) return null;
  const relative = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  for (const candidate of [join(relative, 'index.html'), relative.endsWith('.html') ? relative : null]) {
    if (!candidate) continue;
    const file = join(dir, candidate);
    try {
      if ((await stat(file)).isFile()) return file;
    } catch {
      // Not this one.
    }
  }
  return null;
}

/**
 * Serves `dir` on 127.0.0.1:`port`. Returns the base URL, the list of failed requests (status >= 400)
 * and a close function.
 */
export async function serveSite(dir, port) {
  const failed = [];
  const serve = sirv(dir, { dev: false, etag: true, extensions: ['html'] });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.on('finish', () => {
      if (res.statusCode >= 400) failed.push(`${req.method} ${url.pathname} -> ${res.statusCode}`);
    });
    if (url.pathname === RECORDER_PATH) {
      res.setHeader('content-type', 'text/javascript; charset=utf-8');
      res.end(await recorder);
      return;
    }
    const file = req.method === 'GET' ? await htmlFile(dir, url.pathname) : null;
    if (file) {
      // First in <head>, before the page's own policy and scripts: it sees every error.
      const html = (await readFile(file, 'utf8')).replace(
        /<head>/i,
        `<head><script src="${RECORDER_PATH}"></script>`,
      );
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-cache');
      res.end(html);
      return;
    }
    serve(req, res, () => {
      res.statusCode = 404;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<!doctype html><title>Not found</title><h1>Not found</h1>');
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    failed,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
