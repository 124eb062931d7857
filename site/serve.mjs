/**
 * npm run serve: serve the built playground (dist/site) on 127.0.0.1. Static files only — the page does all its
 * work in the browser. Options: --port N (default 8080, or PORT), --dir FOLDER (default dist/site).
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png', '.bin': 'application/octet-stream',
};

/** Starts the server; resolves to its URL. */
export function serveSite({ dir, port = 8080, host = '127.0.0.1' }) {
  const root = resolve(dir);
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
    let size;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      // The service worker decides what is cached; the browser revalidates.
      'cache-control': 'no-cache',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
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
