/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser build), and a tiny static HTTP server on
 * 127.0.0.1 that records what each page fetched: used by `npm run bench:browser` and by the browser tests (through
 * test/browser/helpers.ts).
 *
 * Chromium is found through CHROMIUM_PATH or as `chromium` / `chromium-browser` on PATH. `.ci/run` installs the
 * Debian packages `chromium` and `fonts-wqy-microhei` when they are missing.
 */
import { accessSync, constants, createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delimiter, extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** Chromium's executable, or null when it is not installed. */
export function findChromium(): string | null {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH]
    : (process.env.PATH ?? '').split(delimiter).filter(Boolean)
      .flatMap((dir) => ['chromium', 'chromium-browser'].map((name) => join(dir, name)));
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // try the next one
    }
  }
  return null;
}

export const CHROMIUM_MISSING =
  'Chromium is not installed: the browser tests need Debian\'s chromium (apt-get install chromium fonts-wqy-microhei) ' +
  'or CHROMIUM_PATH naming a Chromium executable.';

/** Launch headless Chromium (throws with the install command when it is missing). */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING);
  // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', ...(options.args ?? [])], ...options });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
};

export interface ServedRequest {
  /** The URL path requested, e.g. /browser/fanjian.js. */
  readonly path: string;
  readonly status: number;
  /** Size of the file served (0 when none). */
  readonly bytes: number;
  /** Size as transferred: gzip-compressed (level 9, as a CDN would) when the client accepts gzip. */
  readonly transferred: number;
}

export interface StaticServer {
  /** Base URL, ending in '/'. */
  readonly url: string;
  /** Every request served so far, in order. */
  readonly requests: ServedRequest[];
  /** Extra routes: path → body (e.g. a test page), served before files. */
  readonly pages: Map<string, string>;
  close(): Promise<void>;
}

/**
 * Serve a folder on 127.0.0.1 (a random port). Files are gzip-compressed when the client accepts it, as a static host
 * or CDN serves them; `requests` records the transferred sizes. Paths outside the folder are refused.
 */
export async function serveStatic(folder: string, options: { gzip?: boolean } = {}): Promise<StaticServer> {
  const root = resolve(folder);
  const requests: ServedRequest[] = [];
  const pages = new Map<string, string>();
  const gzipCache = new Map<string, Buffer>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const accepts = options.gzip !== false && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const send = (status: number, body: Buffer, type: string) => {
      const compressed = accepts ? gzipSync(body, { level: 9 }) : body;
      requests.push({ path, status, bytes: body.length, transferred: compressed.length });
      response.writeHead(status, {
        'content-type': type, 'content-length': compressed.length, 'cache-control': 'no-store',
        ...(accepts ? { 'content-encoding': 'gzip' } : {}),
      });
      response.end(compressed);
    };
    const page = pages.get(path);
    if (page !== undefined) return send(200, Buffer.from(page), TYPES[extname(path)] ?? TYPES['.html']!);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== root && !file.startsWith(root + sep)) return send(403, Buffer.from('forbidden'), TYPES['.txt']!);
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      return send(404, Buffer.from('not found'), TYPES['.txt']!);
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (!accepts) {
      requests.push({ path, status: 200, bytes: size, transferred: size });
      response.writeHead(200, { 'content-type': type, 'content-length': size, 'cache-control': 'no-store' });
      createReadStream(file).pipe(response);
      return;
    }
    let body = gzipCache.get(file);
    if (!body) {
      body = gzipSync(readFileSync(file), { level: 9 });
      gzipCache.set(file, body);
    }
    requests.push({ path, status: 200, bytes: size, transferred: body.length });
    response.writeHead(200, {
      'content-type': type, 'content-length': body.length, 'content-encoding': 'gzip', 'cache-control': 'no-store',
    });
    response.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    pages,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
