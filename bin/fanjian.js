#!/usr/bin/env node
// The fanjian command: a thin entry point; the CLI lives in src/cli (compiled to dist/cli).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// An explicit --jobs N (N > 1) of convert or repair: the worker threads start loading now, beside the CLI's own
// loading, and get their set-up once the options are read (src/cli/jobs.ts).
function earlyWorkers(args) {
  if (['detect', 'review', 'list'].includes(args.find((a) => !a.startsWith('-')))) return [];
  let jobs = 1;
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    const option = /^(?:--jobs(?:=(\d+))?|-j(\d+)?)$/.exec(args[i]);
    if (option) jobs = Number(option[1] ?? option[2] ?? args[i + 1]);
  }
  const count = Number.isInteger(jobs) ? Math.min(jobs, 4 * availableParallelism()) - 1 : 0;
  return Array.from({ length: Math.max(0, count) }, () => {
    const worker = new Worker(new URL('../dist/cli/worker.bundle.js', import.meta.url));
    worker.on('error', () => undefined); // one that failed to load is replaced by a new one, whose error is reported
    return worker;
  });
}

const workers = earlyWorkers(process.argv.slice(2));
import('../dist/cli/main.bundle.js').then((cli) => cli.runProcess(workers), (error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli')) {
    console.error('fanjian: the package is not built. Run "npm install" (or "npm run build") in the fanjian folder.');
    process.exit(2);
  }
  throw error;
});
