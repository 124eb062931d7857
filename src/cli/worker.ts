/**
 * A worker thread of `--jobs N`: rebuilds the transform from its spec, says it is ready, and converts the files (or
 * blocks of one long text) it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { observeTemporaries, type WriterHooks } from './atomic-write.js';
import { convertFile, type FileResult } from './file-job.js';
import { inputFormat, loadFormatsFor } from './input-format.js';
import type { IoOptions } from './io-options.js';
import type { PlannedInput } from './output-plan.js';
import { createTransform, type TextTransform, type TransformSpec } from './transform.js';
import { convertUtf8Block } from './utf8-lines.js';
import { messageOf } from './errors.js';
import type { EarlyStart } from './early-workers.js';
import { warmUp } from './warm-up.js';

export interface WorkerSetup {
  readonly spec: TransformSpec;
  readonly io: IoOptions;
  readonly maxInput: number;
  readonly hooks: WriterHooks;
}

export type WorkerRequest =
  /** For a thread started early, without workerData. */
  | { readonly type: 'setup'; readonly setup: WorkerSetup }
  | { readonly type: 'file'; readonly index: number; readonly input: PlannedInput }
  /** A block of whole lines of a long UTF-8 text that the main thread converts too (utf8-lines.ts). */
  | { readonly type: 'block'; readonly id: number; readonly bytes: Uint8Array };
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly index: number; readonly result: FileResult }
  | { readonly type: 'temporary'; readonly path: string; readonly live: boolean }
  | { readonly type: 'read'; readonly bytes: number }
  /** A block's output: UTF-8 `bytes` of `units` code units, or a `text` that UTF-8 cannot hold (see utf8-lines.ts). */
  | { readonly type: 'block'; readonly id: number; readonly bytes?: Uint8Array; readonly units?: number; readonly text?: string; readonly error?: string };

const port = parentPort!;
/** Its set-up: given at start, or sent first when the thread was started before the options were read (bin/fanjian.js). */
const start = workerData as WorkerSetup | EarlyStart;
let setup = 'early' in start ? null : start;
let transform: TextTransform | null = null;
const early: WorkerRequest[] = [];
/** A file or block has come: a warm-up stops. */
let busy = false;

function begin(given: WorkerSetup): void {
  setup = given;
  transform = createTransform(given.spec);
  observeTemporaries((path, live) => port.postMessage({ type: 'temporary', path, live } satisfies WorkerMessage));
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
  for (const request of early.splice(0)) handle(request);
}

function handle(request: WorkerRequest): void {
  if (request.type === 'setup') return;
  const [given, convert] = [setup!, transform!];
  if (request.type === 'block') {
    try {
      const output = convertUtf8Block(request.bytes, convert.units!);
      if (typeof output === 'string') port.postMessage({ type: 'block', id: request.id, text: output } satisfies WorkerMessage);
      else port.postMessage({ type: 'block', id: request.id, bytes: output.bytes, units: output.units } satisfies WorkerMessage, [output.bytes.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ type: 'block', id: request.id, error: messageOf(error) } satisfies WorkerMessage);
    }
    return;
  }
  const onRead = (bytes: number) => port.postMessage({ type: 'read', bytes } satisfies WorkerMessage);
  const format = (path: string) => inputFormat(given.spec.format, path);
  void (async (): Promise<FileResult> => {
    try {
      await loadFormatsFor(given.spec.format, [request.input.path]);
    } catch (error) {
      return { path: request.input.path, target: null, bytesIn: request.input.size, bytesOut: 0, error: `${request.input.path}: ${messageOf(error)}` };
    }
    return convertFile(request.input, { transform: convert, format, io: given.io, maxInput: given.maxInput, hooks: given.hooks, stdout: null, onRead });
  })().then((result) => port.postMessage({ type: 'result', index: request.index, result } satisfies WorkerMessage));
}

port.on('message', (request: WorkerRequest) => {
  if (request.type !== 'setup') busy = true;
  if (request.type === 'setup') begin(request.setup);
  else if (transform) handle(request);
  else early.push(request);
});
if (setup) begin(setup);
// Started early: warm up until the first file comes (see warm-up.ts).
else if ('early' in start && start.warm) void warmUp(start.warm.config, start.warm.corrections, () => busy);
