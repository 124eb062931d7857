/**
 * For commands that only read (detect, review): the texts of the named files, of the files in named folders, or
 * of standard input, decoded as convert would decode them. Skips and failures are reported, not thrown.
 */
import { detectEncoding, StreamDecoder } from '../node/encoding.js';
import { InputError, messageOf } from './errors.js';
import { decodeAll, readText } from './file-job.js';
import { collectInputs, type InputFilter } from './inputs.js';
import type { IoOptions } from './io-options.js';

export type ReadResult =
  | { readonly path: string; readonly text: string }
  | { readonly path: string; readonly skipped: string }
  | { readonly path: string; readonly error: string };

async function readStdin(io: IoOptions): Promise<ReadResult> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  let encoding = io.encoding;
  if (encoding === 'auto') {
    const detection = detectEncoding(bytes, true);
    if (detection.kind === 'binary') return { path: '-', error: `standard input looks binary: ${detection.why}` };
    encoding = detection.encoding;
  }
  try {
    return { path: '-', text: await decodeAll([bytes], new StreamDecoder(encoding, io.lenient)) };
  } catch (error) {
    return { path: '-', error: `standard input: ${messageOf(error)}` };
  }
}

export async function* readInputs(paths: readonly string[], io: IoOptions, filter: InputFilter): AsyncGenerator<ReadResult> {
  if (paths.length === 0 || (paths.length === 1 && paths[0] === '-')) {
    yield await readStdin(io);
    return;
  }
  const inputs = await collectInputs(paths, filter);
  for (const skipped of inputs.skipped) yield { path: skipped.path, skipped: skipped.why };
  for (const input of inputs.files) {
    try {
      const read = await readText(input, io);
      yield 'skipped' in read ? { path: input.path, skipped: read.skipped } : { path: input.path, text: read.text };
    } catch (error) {
      yield { path: input.path, error: error instanceof InputError ? error.message : `${input.path}: ${messageOf(error)}` };
    }
  }
}
