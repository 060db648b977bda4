import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1: it serves the mini T5's files in the Hub's URL
 * layout (`/{org}/{name}/resolve/{revision}/{file}`) for any repository name, with the headers
 * transformers.js relies on (CORS, Content-Length, Range). It can be told to misbehave the ways
 * real downloads do: a truncated model file, or an HTML 404 page for config.json.
 */
export type HubMode = 'normal' | 'truncated-model' | 'html-404-config';

export interface HubServer {
  url: string;
  mode: HubMode;
  /** Every request as "METHOD path [range]". */
  requests: string[];
  /** Full (non-range) GETs of .onnx files: what a reload from cache must not repeat. */
  modelDownloads(): string[];
  close(): Promise<void>;
}

const FOLDER = join(process.cwd(), 'public', 'models', 'mini-t5');
/** A repository named `t5-v11-tiny` (any owner) serves the random T5 v1.1 of scripts/t5/random_v11.py. */
const V11_FOLDER = join(process.cwd(), 'tests', 'fixtures', 't5-v11-tiny');

export async function startHubServer(): Promise<HubServer> {
  const state: HubServer = {
    url: '',
    mode: 'normal',
    requests: [],
    modelDownloads: () => state.requests.filter((r) => r.startsWith('GET ') && r.endsWith('.onnx')),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, ETag, Accept-Ranges');
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return;
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const range = req.headers.range;
    state.requests.push(`${req.method} ${path}${range ? ` [${range}]` : ''}`);
    const match = path.match(/^\/[^/]+\/([^/]+)\/resolve\/[^/]+\/(.+)$/);
    const file = match?.[2];
    const folder = match?.[1] === 't5-v11-tiny' ? V11_FOLDER : FOLDER;
    if (
      !file ||
      file.includes('..') ||
      !existsSync(join(folder, file)) ||
      (state.mode === 'html-404-config' && file === 'config.json')
    ) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(
        '<!doctype html><html><body><h1>404</h1><p>Sorry, we could not find that page.</p></body></html>',
      );
      return;
    }
    let body = readFileSync(join(folder, file));
    if (state.mode === 'truncated-model' && file === 'onnx/decoder_model_merged.onnx') {
      body = body.subarray(0, Math.floor(body.length / 2));
    }
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    const single = range?.match(/^bytes=(\d+)-(\d*)$/);
    if (single) {
      const start = Number(single[1]);
      const end = single[2] ? Math.min(Number(single[2]), body.length - 1) : body.length - 1;
      res.statusCode = 206;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${body.length}`);
      res.setHeader('Content-Length', String(end - start + 1));
      res.end(req.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Length', String(body.length));
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return state;
}
