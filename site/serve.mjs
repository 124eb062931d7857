/**
 * npm run serve: serve the built playground (dist/site) on 127.0.0.1. Static files only — the page does all its
 * work in the browser. Options: --port N (default 8080, or PORT), --dir FOLDER (default dist/site).
 *
 * As a static host should: text files and the dictionaries' bytes gzip-compressed when the browser accepts it (the
 * data modules shrink to about half, the packed s2t dictionary from 401 to 235 kB), each file compressed once per
 * version (level 9, cached), and validators (ETag, Last-Modified) so that a revalidation of an unchanged file is a 304 with no body.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png', '.bin': 'application/octet-stream',
};
const COMPRESSED = new Set(['.html', '.js', '.css', '.json', '.map', '.webmanifest', '.svg', '.bin']);

/** Whether a request's If-None-Match names this ETag (or *). */
const matches = (header, etag) => typeof header === 'string' && (header.trim() === '*' || header.split(',').some((tag) => tag.trim() === etag));

/** Starts the server; resolves to its URL. */
export function serveSite({ dir, port = 8080, host = '127.0.0.1' }) {
  const root = resolve(dir);
  /** file → { key: size and mtime, body: gzip-compressed bytes }: compressed once per version of a file. */
  const compressed = new Map();
  const server = createServer((request, response) => {
    let path;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      response.writeHead(400).end('bad request');
      return;
    }
    const file = resolve(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    let stat;
    try {
      stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const gzip = COMPRESSED.has(extname(file)) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const version = `${stat.size.toString(36)}-${Math.trunc(stat.mtimeMs).toString(36)}`;
    const etag = `"${version}${gzip ? '-gz' : ''}"`;
    const headers = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      // The service worker decides what is cached; the browser revalidates (a 304 when the file is unchanged).
      'cache-control': 'no-cache',
      etag,
      'last-modified': stat.mtime.toUTCString(),
      vary: 'accept-encoding',
    };
    if (matches(request.headers['if-none-match'], etag)) {
      response.writeHead(304, headers).end();
      return;
    }
    if (!gzip) {
      response.writeHead(200, { ...headers, 'content-length': stat.size });
      if (request.method === 'HEAD') response.end();
      else createReadStream(file).pipe(response);
      return;
    }
    let cached = compressed.get(file);
    if (cached?.key !== version) {
      cached = { key: version, body: gzipSync(readFileSync(file), { level: 9 }) };
      compressed.set(file, cached);
    }
    response.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': cached.body.length });
    response.end(request.method === 'HEAD' ? undefined : cached.body);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const dir = option('--dir') ?? fileURLToPath(new URL('../dist/site/', import.meta.url));
  const port = Number(option('--port') ?? process.env.PORT ?? 8080);
  try {
    statSync(join(dir, 'index.html'));
  } catch {
    console.error(`fanjian serve: ${dir} has no index.html; run "npm run site" first.`);
    process.exit(1);
  }
  serveSite({ dir, port }).then(({ url }) => console.log(`fanjian playground: ${url}  (Ctrl-C to stop)`), (error) => {
    console.error(`fanjian serve: ${error.code === 'EADDRINUSE' ? `port ${port} is in use; pass --port N` : error.message}`);
    process.exit(1);
  });
}
