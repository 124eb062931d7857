/**
 * How many threads a job of files uses, and the worker threads bin/fanjian.js starts before the CLI has loaded.
 * bin/fanjian.js loads this module alone (its own small bundle, see build/bundle.ts), so that the workers load
 * beside the CLI's own bundle; the CLI applies the same rules once the options are read (file-command.ts), and
 * stops the workers started here that the job does not use.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { maxJobs } from './limits.js';
import { fs } from './node-fs.js';

/** The workerData of a worker started early: its set-up comes later, by message; meanwhile it warms up. */
export interface EarlyStart {
  readonly early: true;
  readonly warm: WarmUpSpec | null;
}

/** Below this much input per thread, starting a worker thread costs more than it saves. */
export const BYTES_PER_WORKER = 16 * 1024 * 1024;

/** Threads by default: one per core, as long as each has enough input to be worth starting. */
export function defaultJobs(totalBytes: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(totalBytes / BYTES_PER_WORKER)));
}

/** Commands that never use worker threads. */
const WITHOUT_WORKERS = new Set(['detect', 'review', 'list']);
/** Options whose value names an output, not an input. */
const OUTPUT_OPTIONS = new Set(['-o', '--output', '--out-dir', '--backup']);

/**
 * The worker threads a command line will use, as far as it can be told before the options are parsed: those of an
 * explicit --jobs N (within the cap, maxJobs), or by default those the sizes of the files it names call for
 * (folders are walked later and get their workers then). An argument that only looks like a file (an option's
 * value) at worst starts a worker that is stopped unused.
 */
export function earlyWorkerCount(args: readonly string[], cwd: string): number {
  const command = args.find((a) => !a.startsWith('-'));
  if (command !== undefined && WITHOUT_WORKERS.has(command.toLowerCase())) return 0;
  let jobs: number | null = null;
  let bytes = 0;
  for (let i = 0, paths = false; i < args.length; i++) {
    const arg = args[i]!;
    if (!paths && arg === '--') {
      paths = true;
      continue;
    }
    const option = paths ? null : /^(?:--jobs(?:=(\d+))?|-j(\d+)?)$/.exec(arg);
    if (option) {
      const value = option[1] ?? option[2] ?? args[++i] ?? '';
      jobs = /^\d+$/.test(value) ? Number(value) : NaN; // as file-command.ts reads it: "0x10" is refused there
      continue;
    }
    if (!paths && OUTPUT_OPTIONS.has(arg)) i++;
    else if (paths || !arg.startsWith('-')) { // the command's name, an option's value or a path: only a file counts
      const info = fs.statSync(resolve(cwd, arg), { throwIfNoEntry: false });
      if (info?.isFile()) bytes += info.size;
    }
  }
  if (jobs === null) return defaultJobs(bytes) - 1;
  return Number.isInteger(jobs) && jobs > 1 ? Math.min(jobs, maxJobs()) - 1 : 0;
}

/** What a worker started early warms up with: the configuration of `-c NAME` (or `--config`), and the corrections. */
export interface WarmUpSpec {
  readonly config: string;
  readonly corrections: boolean;
}

/** The warm-up of a command line, read before its options are parsed: null when it names no configuration. */
export function warmUpOfArguments(args: readonly string[]): WarmUpSpec | null {
  let config: string | null = null;
  let corrections = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    const joined = /^(?:--config|-c)=(.+)$/.exec(arg);
    if (joined) config = joined[1]!;
    else if (arg === '-c' || arg === '--config') config = args[++i] ?? null;
    else if (arg === '--no-corrections') corrections = false;
  }
  return config === null ? null : { config: config.toLowerCase(), corrections };
}

/** Start the worker threads of earlyWorkerCount; they get their set-up once the options are read (jobs.ts). */
export function startEarlyWorkers(args: readonly string[], cwd = process.cwd()): Worker[] {
  let count = 0;
  try {
    count = earlyWorkerCount(args, cwd);
  } catch {
    return []; // an unreadable argument: the CLI reports it
  }
  if (count === 0) return [];
  const warm = warmUpOfArguments(args);
  // node:worker_threads only when a worker starts: loading it costs every other run (--version, one thread) 2 ms.
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  return Array.from({ length: count }, () => {
    const worker = new Worker(new URL('./worker.bundle.js', import.meta.url), { workerData: { early: true, warm } satisfies EarlyStart });
    worker.on('error', () => undefined); // one that failed to load is replaced by a new one, whose error is reported
    return worker;
  });
}
