// Serves the built site on 127.0.0.1 for the end-to-end tests and benchmarks.
// A tiny static server (sirv) rather than `astro preview` so tests control headers and the port.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import sirv from 'sirv';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '4322' }, dir: { type: 'string', default: 'dist' } },
});
const serve = sirv(values.dir, { dev: false, etag: true, extensions: ['html'] });
createServer((req, res) =>
  serve(req, res, () => {
    res.statusCode = 404;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>Not found</title><h1>Not found</h1>');
  }),
).listen(Number(values.port), '127.0.0.1', () => {
  console.log(`serving ${values.dir} on http://127.0.0.1:${values.port}/`);
});
