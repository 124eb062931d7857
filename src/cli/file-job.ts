/**
 * One input through a TextTransform: detect or apply the encoding, decode, transform, encode, and write to stdout,
 * a file, a mirrored tree or the file itself (atomically). Large files stream in constant memory.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import {
  charsetLabel, DecodeError, detectEncoding, StreamDecoder, StreamEncoder, UnrepresentableError, type TextEncoding,
} from '../node/encoding.js';
import { ensureFolder, writeAtomically } from './atomic-write.js';
import { InputError, messageOf } from './errors.js';
import type { InputFile } from './inputs.js';
import type { IoOptions, OutputPlan } from './io-options.js';
import { isBinaryFormat, type DocumentFormat, type TextDocumentFormat } from '../node/documents.js';
import type { ChangeNote, TextTransform } from './transform.js';

/** Files up to this size are converted whole; larger ones stream. */
const WHOLE_FILE_LIMIT = 16 * 1024 * 1024;
/** Bytes read to detect an encoding. */
const SAMPLE_SIZE = 64 * 1024;

export interface FileResult {
  readonly path: string;
  readonly target: string | null;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly encoding?: TextEncoding;
  /** Set when the input was skipped on purpose (binary file, link converted through its target). */
  readonly skipped?: string;
  /** Set when the input failed. */
  readonly error?: string;
}

export interface FileJobContext {
  readonly transform: TextTransform;
  /** The document format of an input path (null: standard input). */
  readonly format: (path: string | null) => DocumentFormat;
  readonly io: IoOptions;
  readonly output: OutputPlan;
  /** Writes to standard output (the main thread's stdout). */
  readonly stdout: (bytes: Uint8Array) => Promise<void>;
  /** Told how many input bytes were read, as they are read (for progress). */
  readonly onRead?: (bytes: number) => void;
  /** With --explain: receives each input's text and the notes of its changes. */
  readonly onNotes?: (path: string, text: string, notes: readonly ChangeNote[]) => void;
}

/** The output path of an input, or null for standard output. */
export function targetOf(input: InputFile, output: OutputPlan, transform: TextTransform): string | null {
  switch (output.kind) {
    case 'stdout':
      return null;
    case 'file':
      return output.path;
    case 'out-dir': {
      const parts = input.relative.split(sep);
      return join(output.dir, ...(output.rename ? parts.map((p) => transform.rename(p)) : parts));
    }
    case 'in-place':
      return output.rename ? join(dirname(input.path), transform.rename(basename(input.path))) : input.path;
  }
}

async function readSample(path: string, size: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(size, SAMPLE_SIZE));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function describe(error: unknown, path: string): string {
  if (error instanceof DecodeError || error instanceof UnrepresentableError) return `${path}: ${error.message}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return `${path}: the disk is full; nothing was changed`;
  if (code === 'EACCES' || code === 'EPERM') return `${path}: permission denied (${messageOf(error)})`;
  return `${path}: ${messageOf(error)}`;
}

/** Convert one input file. Failures are returned, not thrown, so that a job can go on with the other inputs. */
export async function convertFile(input: InputFile, context: FileJobContext): Promise<FileResult> {
  const { io, output, transform } = context;
  const base = { path: input.path, bytesIn: input.size };
  if (output.kind === 'in-place' && input.link) {
    return { ...base, target: null, bytesOut: 0, skipped: 'symbolic link: its target inside the folder is converted itself' };
  }
  let target: string | null = null;
  try {
    target = targetOf(input, output, transform);
    const format = context.format(input.path);
    if (isBinaryFormat(format)) {
      const bytes = await readFile(input.path);
      const converted = transform.applyBytes(bytes, format);
      const bytesOut = await writeOutput(input, target, output, context, [converted]);
      return { ...base, target, bytesOut };
    }
    const encoding = await inputEncoding(input, io);
    if (typeof encoding === 'object') return { ...base, target: null, bytesOut: 0, skipped: encoding.skipped };
    const outputEncoding = io.outputEncoding === 'same' ? encoding : io.outputEncoding;
    const decoder = new StreamDecoder(encoding, io.lenient);
    const encoder = new StreamEncoder(outputEncoding, io.bom, io.lenient);
    const stream = input.size > WHOLE_FILE_LIMIT && format === 'text' ? transform.stream() : null;
    const source = fileChunks(input.path, context.onRead);
    const notes = context.onNotes ? (text: string, list: readonly ChangeNote[]) => context.onNotes!(input.path, text, list) : null;
    const chunks = stream
      ? transformStream(source, decoder, stream, encoder)
      : wholeFile(source, decoder, (text, notes) =>
        transform.apply(text, format as TextDocumentFormat, notes, charsetLabel(outputEncoding)), encoder, notes);
    const bytesOut = await writeOutput(input, target, output, context, chunks);
    return { ...base, target, bytesOut, encoding };
  } catch (error) {
    return { ...base, target, bytesOut: 0, error: error instanceof InputError ? error.message : describe(error, input.path) };
  }
}

/** Write an input's output: to standard output, or atomically to its target (renaming in place with --rename). */
async function writeOutput(input: InputFile, target: string | null, output: OutputPlan, context: FileJobContext,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<number> {
  if (target === null) {
    let bytesOut = 0;
    for await (const chunk of chunks) {
      await context.stdout(chunk);
      bytesOut += chunk.length;
    }
    return bytesOut;
  }
  if (target !== input.path && output.kind === 'in-place' && (await stat(target).catch(() => null))) {
    throw new InputError(input.path, `${input.path}: cannot rename to ${target}, which already exists`);
  }
  await ensureFolder(dirname(target));
  const replacing = output.kind === 'in-place';
  const bytesOut = await writeAtomically(target, chunks, {
    durable: replacing,
    ...(replacing && output.backup && target === input.path ? { backupSuffix: output.backup } : {}),
  });
  if (replacing && target !== input.path) {
    if (output.backup) await writeAtomically(input.path + output.backup, fileChunks(input.path), { mode: 0o600 });
    await unlink(input.path);
  }
  return bytesOut;
}

async function* fileChunks(path: string, onRead?: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    onRead?.((chunk as Buffer).length);
    yield chunk as Buffer;
  }
}

/**
 * The encoding of an input: given, or detected from its first bytes. A file found in a folder that looks binary
 * is to be skipped ({ skipped }); a binary file named directly is an error.
 */
export async function inputEncoding(input: InputFile, io: IoOptions): Promise<TextEncoding | { skipped: string }> {
  if (io.encoding !== 'auto') return io.encoding;
  const detection = detectEncoding(await readSample(input.path, input.size), input.size <= SAMPLE_SIZE);
  if (detection.kind === 'text') return detection.encoding;
  const why = `looks binary: ${detection.why}`;
  if (input.root !== null) return { skipped: why };
  throw new InputError(input.path, `${input.path} ${why}; pass --encoding if it is text`);
}

/** The whole text of an input file (for commands that only read, like detect and review). */
export async function readText(input: InputFile, io: IoOptions): Promise<{ text: string; encoding: TextEncoding } | { skipped: string }> {
  const encoding = await inputEncoding(input, io);
  if (typeof encoding === 'object') return encoding;
  try {
    return { text: await decodeAll(fileChunks(input.path), new StreamDecoder(encoding, io.lenient)), encoding };
  } catch (error) {
    throw new InputError(input.path, describe(error, input.path));
  }
}

export async function decodeAll(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, decoder: StreamDecoder): Promise<string> {
  let text = '';
  for await (const chunk of source) text += decoder.write(chunk);
  return text + decoder.end();
}

async function* wholeFile(source: AsyncIterable<Uint8Array>, decoder: StreamDecoder,
  apply: (text: string, notes: ChangeNote[] | undefined) => string, encoder: StreamEncoder,
  onNotes: ((text: string, notes: readonly ChangeNote[]) => void) | null): AsyncGenerator<Uint8Array> {
  const text = await decodeAll(source, decoder);
  const notes: ChangeNote[] | undefined = onNotes ? [] : undefined;
  const output = apply(text, notes);
  if (onNotes) onNotes(text, notes!);
  yield encoder.write(output);
}

/** Run byte chunks through decoder, transform stream and encoder, yielding output bytes as they come. */
export async function* transformStream(input: AsyncIterable<Uint8Array>, decoder: StreamDecoder,
  stream: TransformStream<string, string>, encoder: StreamEncoder): AsyncGenerator<Uint8Array> {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const feeding = (async () => {
    try {
      for await (const chunk of input) {
        const text = decoder.write(chunk);
        if (text) await writer.write(text);
      }
      const rest = decoder.end();
      if (rest) await writer.write(rest);
      await writer.close();
    } catch (error) {
      await writer.abort(error).catch(() => undefined);
      throw error;
    }
  })();
  feeding.catch(() => undefined); // reported through the reader below and awaited at the end
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    yield encoder.write(value);
  }
  await feeding;
}
