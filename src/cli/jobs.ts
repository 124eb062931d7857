/**
 * Runs a transform over many input files with `--jobs N` threads: this thread and N − 1 worker threads take files
 * from one queue (one thread only when the output is standard output, whose order must follow the inputs). This
 * thread starts at once, and a worker takes files only once it has loaded, so a short job never waits for worker
 * start-up. While workers run, this thread takes only conversions that give the event loop back often (plain text,
 * converted by chunks) or are short, so that a signal is acted on at once; one more worker takes the long ones
 * (documents, repair) when there are any. Each thread keeps a few files in flight so that waiting for the disk
 * overlaps with converting. Results come back per file; failures are collected, never thrown.
 */
import { unlink } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import { holdTemporaries, trackTemporary } from './atomic-write.js';
import type { Output } from './cli-io.js';
import { messageOf } from './errors.js';
import { convertFile, type FileResult } from './file-job.js';
import { inputFormat, loadFormatsFor } from './input-format.js';
import type { PlannedInput } from './output-plan.js';
import { createTransform, type ChangeNote, type TextTransform } from './transform.js';
import type { BlockHelper, EncodedText } from './utf8-lines.js';
import type { WorkerMessage, WorkerRequest, WorkerSetup } from './worker.js';

export interface RunOptions {
  readonly jobs: number;
  readonly stdout: Output;
  /** Test hook (FANJIAN_TEST_WORKERS_ONLY): leave every file to the workers. */
  readonly workersOnly: boolean;
  readonly onResult: (result: FileResult) => void;
  readonly onRead: (bytes: number) => void;
  readonly onNotes?: (path: string, text: string, notes: readonly ChangeNote[], firstLine: number) => void;
}

/** Files each thread works on at once. */
export const FILES_IN_FLIGHT = 4;

/** The files still to be handed out, and the results as they arrive. */
class FileQueue {
  /** The first file not yet handed out (files before it are all taken). */
  private next = 0;
  /** Where this thread's search for a file it may take goes on (see takeHere). */
  private nextHere = 0;
  private readonly taken: boolean[];
  private done = 0;
  /** Set on an interruption: nothing more is handed out. */
  stopped = false;
  readonly results: FileResult[];
  private finished!: () => void;
  readonly allDone = new Promise<void>((resolve) => (this.finished = resolve));

  constructor(readonly files: readonly PlannedInput[], private readonly onResult: (result: FileResult) => void) {
    this.results = new Array(files.length);
    this.taken = new Array<boolean>(files.length).fill(false);
    if (files.length === 0) this.finished();
  }

  /** The index of the next file to convert, or -1 when every file has been handed out. */
  take(): number {
    if (this.stopped) return -1;
    while (this.next < this.files.length && this.taken[this.next]) this.next++;
    if (this.next >= this.files.length) return -1;
    this.taken[this.next] = true;
    return this.next++;
  }

  /** The next file that `may` allows (this thread, while workers run, leaves long conversions to them), or -1. */
  takeHere(may: (file: PlannedInput) => boolean): number {
    if (this.stopped) return -1;
    for (this.nextHere = Math.max(this.nextHere, this.next); this.nextHere < this.files.length; this.nextHere++) {
      const index = this.nextHere;
      if (!this.taken[index] && may(this.files[index]!)) {
        this.taken[index] = true;
        this.nextHere++;
        return index;
      }
    }
    return -1;
  }

  record(index: number, result: FileResult): void {
    this.results[index] = result;
    this.onResult(result);
    if (++this.done === this.files.length) this.finished();
  }

  /** What an interruption leaves: files converted, failed, and not converted (left as they were). */
  interruptedSummary(): string {
    const results = this.results.filter((r) => r !== undefined);
    const failed = results.filter((r) => r.error).length;
    const skipped = results.filter((r) => r.skipped).length;
    const converted = results.length - failed - skipped;
    const left = this.files.length - results.length;
    return `${converted} of ${this.files.length} file${this.files.length === 1 ? '' : 's'} converted` +
      (skipped ? `, ${skipped} skipped` : '') + (failed ? `, ${failed} failed` : '') +
      `; ${left} not converted (left as they were)`;
  }
}

/**
 * While worker threads run, this thread takes only conversions that return to the event loop often (plain text
 * converted line-wise, which goes by chunks) or are short (small files), so that a signal is acted on at once;
 * workers, which can be stopped at any moment, take the rest.
 */
const SHORT_FILE = 1 << 20;

/** A single plain text at least this long is converted by blocks on all the threads. */
const HELPED_SIZE = 8 << 20;
/** Blocks a helper worker holds at once: one converting, one waiting. */
const BLOCKS_PER_WORKER = 2;

/**
 * Workers as helpers of one long text: a block goes to the least busy loaded worker. With the test hook
 * (workersOnly), every block after the first goes to a worker, loaded or not (its messages wait for it).
 */
function blockHelper(pool: readonly StartedWorker[], workersOnly: boolean): BlockHelper {
  const byLoad = (a: StartedWorker, b: StartedWorker) => a.blocks() - b.blocks();
  const free = () => workersOnly ? pool.filter((w) => w.alive()).sort(byLoad)[0]
    : pool.filter((w) => w.ready() && w.blocks() < BLOCKS_PER_WORKER).sort(byLoad)[0];
  return {
    ready: () => free() !== undefined,
    convert: (block) => free()!.convertBlock(block),
  };
}

/** The job running now, for a signal handler (see stopJobs). */
let running: { readonly queue: FileQueue; readonly pool: readonly StartedWorker[] } | null = null;

/**
 * Stop the running job (on SIGINT/SIGTERM): nothing more is handed out and the workers are terminated — at once,
 * even inside a conversion. Waiting for them to end means that every temporary file they created has been
 * reported (they report it before creating it), so that removeTemporaries() finds it. Resolves to a summary of
 * what was done, or null when no job runs.
 */
export async function stopJobs(wait = 700): Promise<string | null> {
  const job = running;
  if (!job) return null;
  job.queue.stopped = true;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(job.pool.map((w) => w.stop().catch(() => undefined))),
    new Promise((resolve) => { timer = setTimeout(resolve, wait); }),
  ]);
  clearTimeout(timer);
  return job.queue.interruptedSummary();
}

/**
 * Worker threads started before the inputs are known (with an explicit --jobs), so that their start-up — a thread,
 * the bundle, the dictionaries — overlaps with this thread's own and with walking the folders.
 */
export class WorkerPool {
  readonly workers: StartedWorker[];

  /** `prestarted`: threads started by bin/fanjian.js before the options were read, given their set-up now. */
  constructor(readonly setup: WorkerSetup, count: number, prestarted: readonly Worker[] = []) {
    this.workers = Array.from({ length: count }, (_, i) => startWorker(setup, prestarted[i]));
    for (const unused of prestarted.slice(count)) void unused.terminate();
  }

  /** Stop the workers that will not be used. */
  async shrink(count: number): Promise<void> {
    await Promise.all(this.workers.splice(count).map((w) => w.stop()));
  }
}

export async function runFiles(files: readonly PlannedInput[], setup: WorkerSetup, options: RunOptions,
  started: WorkerPool | null = null): Promise<FileResult[]> {
  const queue = new FileQueue(files, options.onResult);
  const toStdout = files.some((f) => f.target.kind === 'stdout');
  const threads = toStdout ? 1 : Math.max(1, Math.min(options.jobs, files.length));
  const transform = createTransform(setup.spec);
  await loadFormatsFor(setup.spec.format, files.map((f) => f.path));
  const quick = (file: PlannedInput) => file.size <= SHORT_FILE ||
    (transform.lineWise && transform.units !== null && inputFormat(setup.spec.format, file.path) === 'text');
  // This thread leaves long conversions to the workers (see SHORT_FILE): when there are some, one more worker
  // takes its share of them.
  // One long plain text and --jobs > 1: the workers convert blocks of it beside this thread (utf8-lines.ts).
  const helped = files.length === 1 && options.jobs > 1 && !options.onNotes && files[0]!.size >= HELPED_SIZE && quick(files[0]!);
  const workers = helped ? options.jobs - 1 : threads === 1 ? 0 : threads - 1 + (files.some((f) => !quick(f)) ? 1 : 0);
  await started?.shrink(workers);
  const early = started?.workers ?? [];
  const pool = [...early, ...Array.from({ length: workers - early.length }, () => startWorker(setup))];
  const release = pool.length ? holdTemporaries() : () => undefined;
  running = { queue, pool };
  try {
    // The test hook leaves every file to the workers, whose path small inputs never reach.
    const workersOnly = pool.length > 0 && options.workersOnly;
    const inFlight = workersOnly ? 0 : toStdout || options.onNotes ? 1 : FILES_IN_FLIGHT;
    const blocks = helped ? blockHelper(pool, options.workersOnly) : null;
    const here = (take: () => number, lanes: number) => runHere(queue, take, transform, setup, options, lanes, blocks);
    // A worker that stopped on its own (killed, process.exit, a crash) has had its files recorded as failed; when
    // none is left, this thread takes every file still to do, so that the job ends (never hangs).
    const lost = () => {
      if (!pool.some((w) => w.alive())) void here(() => queue.take(), FILES_IN_FLIGHT);
    };
    if (!helped) for (const worker of pool) worker.attach(queue, options.onRead, lost);
    const take = pool.length && !helped ? () => queue.takeHere(quick) : () => queue.take();
    const work = Promise.all([here(take, helped ? 1 : inFlight), queue.allDone]);
    await Promise.race([work, ...pool.map((w) => w.failed)]);
  } finally {
    running = null;
    await Promise.all(pool.map((w) => w.stop()));
    release();
  }
  return queue.results;
}

/** Convert files from the queue in this thread, `lanes` at a time. */
async function runHere(queue: FileQueue, take: () => number, transform: TextTransform, setup: WorkerSetup, options: RunOptions,
  lanes: number, blocks: BlockHelper | null): Promise<void> {
  const lane = async () => {
    for (let index = take(); index >= 0; index = take()) {
      const result = await convertFile(queue.files[index]!, {
        transform, format: (path) => inputFormat(setup.spec.format, path), io: setup.io, maxInput: setup.maxInput,
        hooks: setup.hooks, stdout: options.stdout, onRead: options.onRead, blocks,
        ...(options.onNotes ? { onNotes: options.onNotes } : {}),
      });
      queue.record(index, result);
      // A small file is converted without a pause (synchronous calls, see source.ts): the event loop gets its
      // turn between files, for the workers' messages and for signals.
      await yieldToEventLoop();
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The worker's entry beside this module: its bundle when this module runs bundled (see build/bundle.ts). */
const workerScript = new URL(import.meta.url.endsWith('.bundle.js') ? './worker.bundle.js' : './worker.js', import.meta.url);

interface StartedWorker {
  readonly worker: Worker;
  /** Rejects if the worker stops before it has loaded (and never settles otherwise). */
  readonly failed: Promise<void>;
  /**
   * Feed it from this queue (at once if it is ready, else when it says so). Should it stop on its own, the files
   * it holds are recorded as failed, naming them, and `lost` is called.
   */
  attach(queue: FileQueue, onRead: (bytes: number) => void, lost: () => void): void;
  /** Loaded, running, and not fed from a queue: it may convert blocks. */
  readonly ready: () => boolean;
  /** Not stopped (by stop() or on its own). */
  readonly alive: () => boolean;
  /** Blocks sent and not yet back. */
  readonly blocks: () => number;
  /** Convert a block of UTF-8 lines (the bytes are transferred). */
  convertBlock(bytes: Uint8Array): Promise<string | EncodedText>;
  /** Terminate it (what it held is not reported as failed: the caller stops the job). */
  stop(): Promise<void>;
}

/** What a file held by a worker that stopped on its own gets as its error. */
function lostFile(input: PlannedInput, why: string): FileResult {
  const target = input.target.kind === 'stdout' ? null : input.target.path;
  const output = input.target.kind === 'in-place' ? `${input.path} is either as it was or completely converted`
    : target ? `${target} is either not written or complete` : 'its output may be incomplete';
  return {
    path: input.path, target, bytesIn: input.size, bytesOut: 0,
    error: `${input.path}: the worker thread converting it stopped unexpectedly (${why}); ${output} (never partly written); convert it again`,
  };
}

/** A worker thread, fed from a queue once one is attached and the worker reports ready. */
function startWorker(setup: WorkerSetup, prestarted?: Worker): StartedWorker {
  // A thread started early that has already stopped (it failed to load: threadId -1) is replaced.
  const early = prestarted && prestarted.threadId !== -1 ? prestarted : null;
  // node:worker_threads is loaded only here, by a job that starts a worker (see early-workers.ts).
  const worker = early ?? new (process.getBuiltinModule('node:worker_threads').Worker)(workerScript, { workerData: setup });
  if (early) worker.postMessage({ type: 'setup', setup } satisfies WorkerRequest);
  let queue: FileQueue | null = null;
  let onRead: (bytes: number) => void = () => undefined;
  let onLost: () => void = () => undefined;
  let ready = false;
  /** Set when it has stopped: why (its uncaught error, or its exit code). */
  let stopped: string | null = null;
  let stopping = false;
  let crash: string | null = null;
  /** Files sent and not yet reported, and its temporary files being written. */
  const holding = new Set<number>();
  const temporaries = new Set<string>();
  const feed = () => {
    const index = queue && !stopped ? queue.take() : -1;
    if (index < 0) return;
    holding.add(index);
    worker.postMessage({ type: 'file', index, input: queue!.files[index]! } satisfies WorkerRequest);
  };
  const start = () => {
    for (let i = 0; i < FILES_IN_FLIGHT; i++) feed();
  };
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<void>((_, reject) => (fail = reject));
  failed.catch(() => undefined); // observed through Promise.race in runFiles
  const blocks = new Map<number, { resolve: (output: string | EncodedText) => void; reject: (error: Error) => void }>();
  let blockId = 0;
  worker.on('error', (error) => (crash = messageOf(error)));
  worker.on('exit', (code) => {
    stopped = crash ? `it failed: ${crash}` : `exit code ${code}`;
    const error = new Error(`a worker thread converting part of it stopped unexpectedly (${stopped})`);
    for (const { reject } of blocks.values()) reject(error);
    blocks.clear();
    if (stopping) return;
    if (!ready) return fail(new Error(`a worker thread stopped while loading (${stopped})`));
    // Its temporary files are removed (a target is replaced only by a complete file, so the targets are either
    // untouched or complete), and the files it held fail, named.
    for (const path of temporaries) void unlink(path).catch(() => undefined).then(() => trackTemporary(path, false));
    temporaries.clear();
    for (const index of holding) queue?.record(index, lostFile(queue.files[index]!, stopped));
    holding.clear();
    onLost();
  });
  worker.on('message', (message: WorkerMessage) => {
    switch (message.type) {
      case 'ready':
        ready = true;
        start();
        break;
      case 'temporary':
        if (message.live) temporaries.add(message.path);
        else temporaries.delete(message.path);
        trackTemporary(message.path, message.live);
        break;
      case 'read':
        onRead(message.bytes);
        break;
      case 'result':
        holding.delete(message.index);
        queue!.record(message.index, message.result);
        feed();
        break;
      case 'block': {
        const waiting = blocks.get(message.id);
        blocks.delete(message.id);
        if (message.bytes) waiting?.resolve({ bytes: message.bytes, units: message.units ?? 0 });
        else if (message.text !== undefined) waiting?.resolve(message.text);
        else waiting?.reject(new Error(message.error ?? 'a block failed'));
        break;
      }
    }
  });
  return {
    worker, failed,
    attach(q, read, lost) {
      queue = q;
      onRead = read;
      onLost = lost;
      if (ready) start();
    },
    ready: () => ready && queue === null && stopped === null,
    alive: () => stopped === null && !stopping,
    blocks: () => blocks.size,
    convertBlock(bytes) {
      return new Promise((resolve, reject) => {
        if (stopped) return reject(new Error(`a worker thread converting part of it stopped unexpectedly (${stopped})`));
        const id = blockId++;
        blocks.set(id, { resolve, reject });
        worker.postMessage({ type: 'block', id, bytes } satisfies WorkerRequest, [bytes.buffer as ArrayBuffer]);
      });
    },
    async stop() {
      stopping = true;
      await worker.terminate();
    },
  };
}
