/**
 * Runs a transform over many input files: in this thread, or on worker threads with `--jobs N` (not when the
 * output is standard output, whose order must follow the inputs). Each thread keeps a few files in flight so that
 * waiting for the disk overlaps with converting. Results come back per file; failures are collected, never thrown.
 */
import { Worker } from 'node:worker_threads';
import { trackTemporary } from './atomic-write.js';
import { convertFile, type FileResult } from './file-job.js';
import type { InputFile } from './inputs.js';
import type { IoOptions, OutputPlan } from './io-options.js';
import { createTransform, formatOf, type ChangeNote, type TransformSpec } from './transform.js';
import type { WorkerMessage, WorkerSetup } from './worker.js';

export interface RunOptions {
  readonly jobs: number;
  readonly stdout: (bytes: Uint8Array) => Promise<void>;
  readonly onResult: (result: FileResult) => void;
  readonly onRead: (bytes: number) => void;
  readonly onNotes?: (path: string, text: string, notes: readonly ChangeNote[]) => void;
}

export async function runFiles(files: readonly InputFile[], spec: TransformSpec, io: IoOptions, output: OutputPlan,
  options: RunOptions): Promise<FileResult[]> {
  const workers = output.kind === 'stdout' ? 1 : Math.min(options.jobs, files.length);
  if (workers <= 1) {
    const transform = createTransform(spec);
    const results: FileResult[] = new Array(files.length);
    const inFlight = output.kind === 'stdout' || options.onNotes ? 1 : FILES_IN_FLIGHT;
    let next = 0;
    const lane = async () => {
      while (next < files.length) {
        const index = next++;
        const result = await convertFile(files[index]!, {
          transform, format: (path) => formatOf(spec, path), io, output, stdout: options.stdout, onRead: options.onRead,
          ...(options.onNotes ? { onNotes: options.onNotes } : {}),
        });
        options.onResult(result);
        results[index] = result;
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, files.length) }, lane));
    return results;
  }
  return runOnWorkers(files, { spec, io, output }, workers, options);
}

/** Files each thread works on at once. */
export const FILES_IN_FLIGHT = 4;

/** The worker's entry beside this module: its bundle when this module runs bundled (see build/bundle.ts). */
const workerScript = new URL(import.meta.url.endsWith('.bundle.js') ? './worker.bundle.js' : './worker.js', import.meta.url);

async function runOnWorkers(files: readonly InputFile[], setup: WorkerSetup, count: number,
  { onResult, onRead }: RunOptions): Promise<FileResult[]> {
  const results: FileResult[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const pool = Array.from({ length: count }, () => new Worker(workerScript, { workerData: setup }));
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker) => {
        if (next < files.length) {
          const index = next++;
          worker.postMessage({ index, input: files[index]! });
        }
      };
      for (const worker of pool) {
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'temporary') {
            trackTemporary(message.path, message.live);
            return;
          }
          if (message.type === 'read') {
            onRead(message.bytes);
            return;
          }
          results[message.index] = message.result;
          onResult(message.result);
          if (++done === files.length) resolve();
          else feed(worker);
        });
        worker.on('error', reject);
        for (let i = 0; i < FILES_IN_FLIGHT; i++) feed(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return results;
}
