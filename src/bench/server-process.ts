/**
 * The benchmark's static server in a process of its own (see browser.ts, FANJIAN_BENCH_SERVER): a host does not
 * share its event loop with the program driving the browser. In the bench's own process, each request waited for
 * Playwright's handling of the page's DevTools events (several per request, parsed in the same thread). The s2t
 * page, cold loads alternating between the two placements (2026-11-27, load average 9–12): the median time to the
 * first byte of the data files 20.5 and 15.7 ms in the bench's process against 9.9 and 3.6 ms apart, of fanjian.js
 * 5.3 and 4.2 against 3.7 and 1.6 ms (8 and 10 loads each).
 *
 * Run by fork() with the folder to serve: it reports its URL, then answers messages: set a page, take the requests
 * served since the last take.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serveStatic, type ServedRequest } from './browser-harness.js';

type Request = { readonly kind: 'page'; readonly path: string; readonly body: string } | { readonly kind: 'take' };
type Message = Request & { readonly id: number };
interface Answer {
  readonly id: number;
  readonly requests?: ServedRequest[];
}
type Reply = Answer | { readonly url: string };

/** The bench's view of its server, here or apart: pages set and requests read through calls that may be messages. */
export interface BenchServer {
  readonly url: string;
  /** Serve `body` at `path` (resolved once the server has it). */
  setPage(path: string, body: string): Promise<void>;
  /** The requests served since the last call. */
  takeRequests(): Promise<ServedRequest[]>;
  close(): Promise<void>;
}

/** Start a static server for `folder` in a child process. */
export async function serveStaticApart(folder: string): Promise<BenchServer> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [folder], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, (answer: Answer) => void>();
  let next = 0;
  const url = await new Promise<string>((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`the bench's server exited (${code}) before it listened`)));
    child.on('message', (reply: Reply) => {
      if ('url' in reply) done(reply.url);
      else waiting.get(reply.id)?.(reply);
    });
  });
  child.removeAllListeners('exit');
  const ask = (request: Request) => new Promise<Answer>((done) => {
    const id = next++;
    waiting.set(id, (answer) => {
      waiting.delete(id);
      done(answer);
    });
    child.send({ ...request, id });
  });
  return {
    url,
    setPage: async (path, body) => {
      await ask({ kind: 'page', path, body });
    },
    takeRequests: async () => (await ask({ kind: 'take' })).requests ?? [],
    close: () => new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.disconnect();
    }),
  };
}

/** The same server in this process (FANJIAN_BENCH_SERVER=here: as the bench measured before). */
export async function serveStaticHere(folder: string): Promise<BenchServer> {
  const server = await serveStatic(folder);
  return {
    url: server.url,
    setPage: async (path, body) => {
      server.pages.set(path, body);
    },
    takeRequests: async () => server.requests.splice(0),
    close: () => server.close(),
  };
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serveStatic(process.argv[2]!);
  process.on('message', (message: Message) => {
    if (message.kind === 'page') {
      server.pages.set(message.path, message.body);
      process.send!({ id: message.id });
    } else {
      process.send!({ id: message.id, requests: server.requests.splice(0) });
    }
  });
  process.on('disconnect', () => {
    void server.close().then(() => process.exit(0));
  });
  process.send({ url: server.url });
}
