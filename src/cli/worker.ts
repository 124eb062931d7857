/** A worker thread of `--jobs N`: rebuilds the transform from its spec, says it is ready, and converts the files it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { observeTemporaries, type WriterHooks } from './atomic-write.js';
import { convertFile, type FileResult } from './file-job.js';
import { inputFormat } from './input-format.js';
import type { IoOptions } from './io-options.js';
import type { PlannedInput } from './output-plan.js';
import { createTransform, type TransformSpec } from './transform.js';
import { convertUtf8Block } from './utf8-lines.js';
import { messageOf } from './errors.js';

export interface WorkerSetup {
  readonly spec: TransformSpec;
  readonly io: IoOptions;
  readonly maxInput: number;
  readonly hooks: WriterHooks;
}

export type WorkerRequest =
  | { readonly type: 'file'; readonly index: number; readonly input: PlannedInput }
  /** A block of whole lines of a long UTF-8 text that the main thread converts too (utf8-lines.ts). */
  | { readonly type: 'block'; readonly id: number; readonly bytes: Uint8Array };
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly index: number; readonly result: FileResult }
  | { readonly type: 'temporary'; readonly path: string; readonly live: boolean }
  | { readonly type: 'read'; readonly bytes: number }
  | { readonly type: 'block'; readonly id: number; readonly bytes?: Uint8Array; readonly error?: string };

const port = parentPort!;
const setup = workerData as WorkerSetup;
const transform = createTransform(setup.spec);
observeTemporaries((path, live) => port.postMessage({ type: 'temporary', path, live } satisfies WorkerMessage));

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'block') {
    try {
      const bytes = convertUtf8Block(request.bytes, transform.units!);
      port.postMessage({ type: 'block', id: request.id, bytes } satisfies WorkerMessage, [bytes.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ type: 'block', id: request.id, error: messageOf(error) } satisfies WorkerMessage);
    }
    return;
  }
  const onRead = (bytes: number) => port.postMessage({ type: 'read', bytes } satisfies WorkerMessage);
  const format = (path: string) => inputFormat(setup.spec.format, path);
  void convertFile(request.input, { transform, format, io: setup.io, maxInput: setup.maxInput, hooks: setup.hooks, stdout: null, onRead })
    .then((result) => port.postMessage({ type: 'result', index: request.index, result } satisfies WorkerMessage));
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
