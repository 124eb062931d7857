/**
 * Standard input through a TextTransform, streamed in constant memory: the encoding is detected from the first
 * 64 KB (or given), then bytes flow through the decoder, the transform's stream and the encoder to standard output
 * or an atomically written file.
 */
import { charsetLabel, detectEncoding, StreamDecoder, StreamEncoder, type TextEncoding } from '../node/encoding.js';
import { writeAtomically } from './atomic-write.js';
import { InputError } from './errors.js';
import { decodeAll, transformStream } from './file-job.js';
import type { IoOptions } from './io-options.js';
import { isBinaryFormat, type BinaryDocumentFormat, type DocumentFormat } from '../node/documents.js';
import type { ChangeNote, TextTransform } from './transform.js';

const SAMPLE_SIZE = 64 * 1024;

/** Reads the stream's first bytes for detection and hands them back in front of the rest. */
async function withSample(input: AsyncIterable<Uint8Array>): Promise<{ sample: Uint8Array; complete: boolean; all: AsyncIterable<Uint8Array> }> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let size = 0;
  let complete = false;
  while (size < SAMPLE_SIZE) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    head.push(next.value);
    size += next.value.length;
  }
  const sample = Buffer.concat(head);
  async function* all(): AsyncGenerator<Uint8Array> {
    yield* head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { sample, complete, all: all() };
}

export interface StdinResult {
  readonly bytesOut: number;
  readonly encoding: TextEncoding;
}

export async function convertStdin(input: AsyncIterable<Uint8Array>, transform: TextTransform, format: DocumentFormat, io: IoOptions,
  output: {
    readonly path: string | null;
    readonly stdout: (bytes: Uint8Array) => Promise<void>;
    readonly progress?: (bytes: number) => void;
    readonly onNotes?: (text: string, notes: readonly ChangeNote[]) => void;
  }): Promise<StdinResult> {
  if (isBinaryFormat(format)) return convertStdinBytes(input, transform, format, output);
  const { sample, complete, all } = await withSample(input);
  let encoding: TextEncoding;
  if (io.encoding === 'auto') {
    const detection = detectEncoding(sample, complete);
    if (detection.kind === 'binary') throw new InputError('-', `standard input looks binary: ${detection.why}; pass --encoding if it is text`);
    encoding = detection.encoding;
  } else {
    encoding = io.encoding;
  }
  const decoder = new StreamDecoder(encoding, io.lenient);
  const encoder = new StreamEncoder(io.outputEncoding === 'same' ? encoding : io.outputEncoding, io.bom, io.lenient);
  const stream = format === 'text' ? transform.stream() : null;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of all) {
      output.progress?.(chunk.length);
      yield chunk;
    }
  }
  let chunks: AsyncIterable<Uint8Array>;
  if (stream) {
    chunks = transformStream(counted(), decoder, stream, encoder);
  } else {
    chunks = (async function* whole() {
      const text = await decodeAll(counted(), decoder);
      const notes: ChangeNote[] | undefined = output.onNotes ? [] : undefined;
      const result = transform.apply(text, format, notes, charsetLabel(encoder.encoding));
      if (notes) output.onNotes!(text, notes);
      yield encoder.write(result);
    })();
  }
  if (output.path !== null) return { bytesOut: await writeAtomically(output.path, chunks), encoding };
  let bytesOut = 0;
  for await (const chunk of chunks) {
    await output.stdout(chunk);
    bytesOut += chunk.length;
  }
  return { bytesOut, encoding };
}

/** A binary document (EPUB…) on standard input: bytes in, bytes out. */
async function convertStdinBytes(input: AsyncIterable<Uint8Array>, transform: TextTransform, format: BinaryDocumentFormat,
  output: { readonly path: string | null; readonly stdout: (bytes: Uint8Array) => Promise<void> }): Promise<StdinResult> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of input) chunks.push(chunk);
  const converted = transform.applyBytes(Buffer.concat(chunks), format);
  if (output.path !== null) await writeAtomically(output.path, [converted]);
  else await output.stdout(converted);
  return { bytesOut: converted.length, encoding: 'utf8' };
}
