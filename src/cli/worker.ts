/** A worker thread of `--jobs N`: rebuilds the transform from its spec, says it is ready, and converts the files it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { observeTemporaries } from './atomic-write.js';
import { convertFile } from './file-job.js';
import type { InputFile } from './inputs.js';
import type { IoOptions, OutputPlan } from './io-options.js';
import { createTransform, formatOf, type TransformSpec } from './transform.js';

export interface WorkerSetup {
  readonly spec: TransformSpec;
  readonly io: IoOptions;
  readonly output: OutputPlan;
}

export type WorkerRequest = { readonly index: number; readonly input: InputFile };
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly index: number; readonly result: import('./file-job.js').FileResult }
  | { readonly type: 'temporary'; readonly path: string; readonly live: boolean }
  | { readonly type: 'read'; readonly bytes: number };

const port = parentPort!;
const setup = workerData as WorkerSetup;
const transform = createTransform(setup.spec);
observeTemporaries((path, live) => port.postMessage({ type: 'temporary', path, live } satisfies WorkerMessage));
const stdout = () => Promise.reject(new Error('workers do not write to standard output'));

port.on('message', (request: WorkerRequest) => {
  const onRead = (bytes: number) => port.postMessage({ type: 'read', bytes } satisfies WorkerMessage);
  const format = (path: string | null) => formatOf(setup.spec, path);
  void convertFile(request.input, { transform, format, io: setup.io, output: setup.output, stdout, onRead }).then((result) =>
    port.postMessage({ type: 'result', index: request.index, result } satisfies WorkerMessage));
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
