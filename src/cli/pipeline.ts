/**
 * One input through the one pipeline: source → decode → transform → encode → sink. Files, standard input, and
 * the reading commands (detect, review) all go through here, so that an input is decoded the same way whatever
 * the command, and every file is written by the one writer (atomic-write.ts).
 *
 * Plain text streams in constant memory; documents, repair and --explain take the whole text (up to
 * --max-input). A whole text is converted before its temporary file is created, so a signal during the
 * conversion finds nothing to clean up (see main.ts).
 */
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeTo, type Output } from './cli-io.js';
import {
  charsetLabel, contradictedEncoding, DecodeError, detectEncoding, encodingLabel, isPlainUtf8, loadLegacyEncodings, prepareEncoding, StreamDecoder, StreamEncoder, UnrepresentableError, writesMark, type TextEncoding,
} from './encoding.js';
import { AtomicFile, ensureFolder, SMALL_FILE, WriteError, type WriterHooks } from './atomic-write.js';
import { InputError, messageOf } from './errors.js';
import { FanjianError } from '../errors.js';
import { describeFormat, formatByContent, isBinaryFormat } from './input-format.js';
import { structureRiskMessage } from './dictionary-risk.js';
import { loadDocuments } from './documents-layer.js';
import type { IoOptions } from './io-options.js';
import { unsupportedFormat } from './unsupported-formats.js';
import { convertUtf8Lines, type BlockHelper, type EncodedText } from './utf8-lines.js';
import { LimitError, maxContainer } from './limits.js';
import { fs } from './node-fs.js';
import { PAUSE_MS, soon, type Source } from './source.js';
import { spoolFolder } from './spool.js';
import { positions } from './text-positions.js';
import type { DocumentFormat, TextDocumentFormat } from '../node/documents.js';
import { openDocumentFile } from '../node/file-bytes.js';
import type { ChangeNote, TextTransform } from './transform.js';

const { constants } = fs;

/** Plain text up to this size is converted whole (faster); larger streams. */
const WHOLE_TEXT_LIMIT = 16 * 1024 * 1024;
/** Characters of whole lines handed on at once by lineBlocks. */
const LINE_BLOCK = 64 * 1024;
/** Output is handed to the sink in pieces of this size, so that writing yields to the event loop. */
const OUTPUT_PIECE = 1 << 20;

/** Where one input's output goes (serialisable: worker threads receive it). */
export type Target =
  | { readonly kind: 'stdout' }
  /** A new or replaced output file (-o, --out-dir), written atomically. */
  | { readonly kind: 'file'; readonly path: string }
  /** A FIFO or character device given as -o: written through, as it cannot be replaced. */
  | { readonly kind: 'device'; readonly path: string }
  /** The input itself (--in-place), possibly under a new name (--rename), keeping a backup if asked. */
  | { readonly kind: 'in-place'; readonly path: string; readonly renameFrom?: string; readonly backup?: string };

/** An input found in a folder that should not be converted (binary): skipped with a warning, not a failure. */
export class SkipInput extends Error {
  override readonly name = 'SkipInput';
}

export interface PipelineContext {
  readonly io: IoOptions;
  readonly transform: TextTransform;
  readonly format: DocumentFormat;
  readonly maxInput: number;
  readonly hooks: WriterHooks;
  /** Standard output (only the main thread has one). */
  readonly stdout: Output | null;
  /** With --explain: receives the text and the notes of its changes. */
  readonly onNotes?: (text: string, notes: readonly ChangeNote[], firstLine: number) => void;
  /** Hears of malformed records passed through under --lenient (record formats). */
  readonly onWarning?: (message: string) => void;
  /** Worker threads that convert blocks of a long UTF-8 text beside this one (see utf8-lines.ts). */
  readonly blocks?: BlockHelper | null;
}

export interface PipelineResult {
  readonly encoding: TextEncoding | null;
  readonly bytesOut: number;
}

/** The encoding of a source: the one given, or detected from its sample; refuses when detection is not sure. */
export async function sourceEncoding(source: Source, io: IoOptions): Promise<TextEncoding> {
  if (io.encoding !== 'auto') {
    await prepareEncoding(io.encoding);
    const { bytes, complete } = await source.sample();
    const wrong = contradictedEncoding(io.encoding, bytes, complete);
    if (wrong) {
      throw new InputError(source.name, `${source.name}: ${wrong}, not ${encodingLabel(io.encoding)} as --encoding says; nothing was converted. ` +
        'Leave --encoding out for this input (fanjian detects it) or pass the right one');
    }
    return io.encoding;
  }
  const { bytes, complete } = await source.sample();
  if (!isPlainUtf8(bytes, complete)) await loadLegacyEncodings(); // detection may read it as GB18030 or Big5
  const detection = detectEncoding(bytes, complete, { lenient: io.lenient });
  switch (detection.kind) {
    case 'text':
      return detection.encoding;
    case 'binary': {
      const known = unsupportedFormat(source.name, source.path, bytes);
      if (known) {
        if (source.found) throw new SkipInput(known.slice(source.name.length + 1));
        throw new InputError(source.name, known);
      }
      const why = `looks binary: ${detection.why}`;
      if (source.found) throw new SkipInput(why);
      throw new InputError(source.name, `${source.name} ${why}; pass --encoding if it is text`);
    }
    case 'unsure':
      throw new InputError(source.name, `${source.name}: ${detection.why}; nothing was converted. ${detection.fix}`);
  }
}

/** The decoded text, chunk by chunk. */
export function decodedChunks(source: Source, decoder: StreamDecoder): AsyncGenerator<string> {
  return decoded(source.chunks(), decoder);
}

/** In the chunks of a stream: nothing more came for PAUSE_MS (the producer is slow: a person, `tail -f`). */
export const PAUSE = Symbol('pause');

/** Decoded text chunk by chunk, from bytes. */
async function* decoded(bytes: AsyncIterable<Uint8Array>, decoder: StreamDecoder): AsyncGenerator<string> {
  for await (const chunk of bytes) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** The decoded text of a stream, with PAUSE where the stream paused. */
async function* decodedWithPauses(bytes: AsyncIterable<Uint8Array>, decoder: StreamDecoder): AsyncGenerator<string | typeof PAUSE> {
  const chunks = bytes[Symbol.asyncIterator]();
  try {
    for (;;) {
      const read = chunks.next();
      let next = await soon(read, PAUSE_MS);
      if (next === null) {
        yield PAUSE;
        next = await read;
      }
      if (next.done) break;
      const text = decoder.write(next.value);
      if (text) yield text;
    }
  } finally {
    void chunks.return?.(undefined)?.catch(() => undefined);
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** All the bytes of a source, refused above `limit`. */
export async function wholeBytes(source: Source, limit: number, why: string): Promise<Uint8Array> {
  if (source.stamp && source.stamp.size > limit) throw new LimitError(source.name, limit, why, source.stamp.size, true);
  // A file of known size is read into one buffer of that size: collecting the chunks and joining them held the
  // input twice at the peak.
  let whole: Buffer | null = source.stamp && source.stamp.size > 0 ? Buffer.allocUnsafe(source.stamp.size) : null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source.chunks()) {
    if (size + chunk.length > limit) throw new LimitError(source.name, limit, why, size + chunk.length, false);
    if (whole && size + chunk.length <= whole.length) whole.set(chunk, size);
    else {
      // The file grew while it was read: keep what was read, and collect the rest.
      if (whole) chunks.push(whole.subarray(0, size));
      whole = null;
      chunks.push(chunk);
    }
    size += chunk.length;
  }
  return whole ? whole.subarray(0, size) : Buffer.concat(chunks);
}

/** The chunks of a source, refused past `limit` bytes (a streamed document still stands for one held whole). */
async function* limited(source: Source, limit: number, why: string): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of source.chunks()) {
    size += chunk.length;
    if (size > limit) throw new LimitError(source.name, limit, why, size, false, true);
    yield chunk;
  }
}

/** The whole decoded text of a source (for documents, repair, --explain and the reading commands). */
export async function wholeText(source: Source, encoding: TextEncoding, io: IoOptions, limit: number, why: string): Promise<string> {
  const bytes = await wholeBytes(source, limit, why);
  try {
    const decoder = new StreamDecoder(encoding, io.lenient);
    return decoder.write(bytes) + decoder.end();
  } catch (error) {
    throw new InputError(source.name, describe(error, source.name));
  }
}

/**
 * Text in blocks of whole lines, for the commands that work by line: every block but the last ends with a line
 * break. A single line longer than `limit` is refused.
 */
export async function* lineBlocks(source: Source, encoding: TextEncoding, io: IoOptions, limit: number,
  why: string): AsyncGenerator<{ readonly text: string; readonly last: boolean }> {
  const decoder = new StreamDecoder(encoding, io.lenient);
  let pending = '';
  try {
    for await (const text of decodedChunks(source, decoder)) {
      pending += text;
      while (pending.length >= LINE_BLOCK || pending.length * 2 > limit) {
        // Whole lines, about LINE_BLOCK characters of them (or one longer line).
        const cut = pending.lastIndexOf('\n', LINE_BLOCK - 1) + 1 || pending.indexOf('\n') + 1;
        if (cut === 0) break;
        yield { text: pending.slice(0, cut), last: false };
        pending = pending.slice(cut);
      }
      // What is left is part of one line: that is what the limit bounds.
      if (pending.length * 2 > limit) throw new LimitError(source.name, limit, why, pending.length * 2, false);
    }
  } catch (error) {
    if (error instanceof LimitError) throw error;
    throw new InputError(source.name, describe(error, source.name));
  }
  yield { text: pending, last: true };
}

function* pieces(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += OUTPUT_PIECE) yield bytes.subarray(at, at + OUTPUT_PIECE);
}

function* eachPiece(output: Iterable<Uint8Array>): Generator<Uint8Array> {
  for (const piece of output) yield* pieces(piece);
}

/** Convert (or repair) one source into its target. Throws InputError or SkipInput; the target is then untouched. */
/** --field/--column given for an input that is not a record format: refused rather than silently ignored. */
function recordFlagsError(name: string, flags: string, format: string): InputError {
  return new InputError(name, `${name}: ${flags} apply to JSON Lines, CSV and TSV, and this input is read as ${format}; ` +
    'pass --format jsonl, csv or tsv if it holds records, or leave the option out');
}

export async function convertSource(source: Source, target: Target, context: PipelineContext): Promise<PipelineResult> {
  const { io, transform } = context;
  try {
    const format = await formatByContent(context.format, (await source.sample()).bytes);
    if (transform.needsDocuments(format)) await loadDocuments();
    // Told by its content (a zip on standard input, from a FIFO, or without its extension): the command checked
    // the named files' heads before writing anything; this is the check for what it could not read ahead.
    if (format !== context.format && transform.structureRisk) {
      throw new InputError(source.name, structureRiskMessage(source.name, format, transform.structureRisk, { byContent: true, binary: isBinaryFormat(format) }));
    }
    if (isBinaryFormat(format)) {
      if (transform.recordFlags) throw recordFlagsError(source.name, transform.recordFlags, format);
      // A file is read by offset, never held: its unchanged zip entries are copied from it as the output is written
      // (and it is checked unchanged after the last); standard input is held whole.
      const file = source.path !== null && source.stamp !== null ? openDocumentFile(source.path, source.stamp) : null;
      try {
        const bytes = file ?? await wholeBytes(source, maxContainer(context.maxInput), describeFormat(format, 'file'));
        const notes: ChangeNote[] | undefined = context.onNotes ? [] : undefined;
        const output = transform.applyBytes(bytes, format, notes);
        if (notes) context.onNotes!('', notes, 1);
        return { encoding: null, bytesOut: await writeAll(target, eachPiece(file ? file.checked(output) : output), source, context) };
      } finally {
        file?.close();
      }
    }
    const encoding = await sourceEncoding(source, io);
    const outputEncoding = io.outputEncoding === 'same' ? encoding : io.outputEncoding;
    await prepareEncoding(outputEncoding);
    const keepsForm = target.kind === 'in-place' || io.outputEncoding === 'same';
    const encoder = new StreamEncoder(outputEncoding, writesMark(io.bom, (await source.sample()).bytes, encoding, outputEncoding, keepsForm), io.lenient);
    // Plain text streams when it is long (or of unknown length): it is never refused for its size.
    const long = source.stamp === null || source.stamp.size > Math.min(WHOLE_TEXT_LIMIT, context.maxInput);
    const records = transform.records(format as TextDocumentFormat, (message) => context.onWarning?.(`${source.name}: ${message}`));
    if (!records && transform.recordFlags) throw recordFlagsError(source.name, transform.recordFlags, format);
    if (records && context.onNotes) throw new InputError(source.name, `${source.name}: --explain does not list the changes in ${format} records; convert without it`);
    // UTF-8 plain text of any size takes the fast path by lines (utf8-lines.ts), which hands over to the general
    // stream when it needs to.
    const fast = !records && format === 'text' && !context.onNotes && encoding === 'utf8' && transform.units !== null;
    // A large document of a format that converts as it reads (HTML) streams too; the limit still applies.
    const document = long && format !== 'text' && !records && !context.onNotes
      ? transform.documentStream(format as TextDocumentFormat, charsetLabel(outputEncoding)) : null;
    if (document && source.stamp && source.stamp.size > context.maxInput) {
      throw new LimitError(source.name, context.maxInput, describeFormat(format, 'document'), source.stamp.size, true, true);
    }
    // A source is read again first when the document asks to (Markdown: its references' definitions and spellings);
    // a stream is kept aside in a temporary file for that (spool.ts).
    if (document?.survey && source.reread) {
      const spool = { folder: spoolFolder(target.kind === 'file' ? target.path : null), limit: context.maxInput,
        why: describeFormat(format, 'document'), hooks: context.hooks };
      for (let survey = document.survey(); survey; survey = document.survey()) {
        for await (const text of decoded(source.reread(spool), new StreamDecoder(encoding, io.lenient, 0))) if (survey.push(text) === true) break;
        survey.end();
      }
    }
    const stream = records ?? document ?? (long && format === 'text' && !fast ? transform.stream() : null);
    let chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
    if (format === 'text' && context.onNotes && transform.lineWise) {
      chunks = explainedBlocks(source, encoding, context, encoder, charsetLabel(outputEncoding));
    } else if (stream || fast) {
      // A stream written to standard output or a pipe is flushed line by line when its producer pauses (a person
      // typing, `tail -f log | fanjian`): the conversion stream is closed after the last complete line and a new
      // one started, which gives the same output wherever a line ends when conversion never crosses a line break.
      const flushLines = source.stamp === null && !records && !document && transform.lineWise && (target.kind === 'stdout' || target.kind === 'device');
      const general = (bytes: AsyncIterable<Uint8Array>, offset: number) => {
        const decoder = new StreamDecoder(encoding, io.lenient, offset);
        const first = stream ?? transform.stream()!;
        return flushLines ? transformStream(decodedWithPauses(bytes, decoder), first, () => transform.stream()!)
          : transformStream(decoded(bytes, decoder), first, null);
      };
      // The fast path and its helpers give UTF-8 bytes for a UTF-8 output.
      const utf8 = outputEncoding === 'utf8';
      const helper = utf8 ? context.blocks ?? null : null;
      const input = document ? limited(source, context.maxInput, describeFormat(format, 'document')) : source.chunks();
      const text = fast ? convertUtf8Lines(source.chunks(), transform.units!, general, utf8, helper) : general(input, 0);
      chunks = encoded(text, encoder);
      // A document refused part way (invalid JSON, YAML too deep) cannot take back what a pipe was given: up to the
      // size converted whole, its output waits for its end, so a small document on standard output is all or nothing.
      if (document && (target.kind === 'stdout' || target.kind === 'device')) chunks = heldBack(chunks, WHOLE_TEXT_LIMIT);
    } else {
      const why = format !== 'text' ? describeFormat(format, 'document') : 'repair (or --quotes, --explain)';
      const text = await wholeText(source, encoding, io, context.maxInput, why);
      const notes: ChangeNote[] | undefined = context.onNotes ? [] : undefined;
      const output = transform.apply(text, format as TextDocumentFormat, notes, charsetLabel(outputEncoding));
      if (notes) context.onNotes!(text, notes, 1);
      chunks = pieces(encoder.write(output));
    }
    return { encoding, bytesOut: await writeAll(target, chunks, source, context) };
  } catch (error) {
    if (error instanceof InputError || error instanceof SkipInput) throw error;
    throw new InputError(source.name, describe(error, source.name, target));
  }
}

/** Plain text with --explain, block by block of lines: the notes of each block are told before its output. */
async function* explainedBlocks(source: Source, encoding: TextEncoding, context: PipelineContext, encoder: StreamEncoder,
  charset: string): AsyncGenerator<Uint8Array> {
  let firstLine = 1;
  for await (const { text, last } of lineBlocks(source, encoding, context.io, context.maxInput, 'one line with --explain')) {
    const notes: ChangeNote[] = [];
    const output = context.transform.apply(text, 'text', notes, charset);
    context.onNotes!(text, notes, firstLine);
    yield* pieces(encoder.write(output));
    if (!last) firstLine += positions(text)(text.length).line - 1;
  }
}

/**
 * Text chunks through a transform stream and the encoder, yielding output bytes as they come. With `next`, a PAUSE
 * that follows a line break ends the stream (flushing its output) and the text goes on through next().
 */
async function* transformStream(input: AsyncIterable<string | typeof PAUSE>, first: TransformStream<string, string>,
  next: (() => TransformStream<string, string>) | null): AsyncGenerator<string> {
  const texts = input[Symbol.asyncIterator]();
  let ended = false;
  // With `next`, the end of an unfinished line is held back (up to LINE_BLOCK) so that a pause can flush all the
  // complete lines before it.
  let carry = '';
  for (let stream = first; ; stream = next!()) {
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    const feeding = (async () => {
      try {
        let endsLine = false;
        for (;;) {
          const read = await texts.next();
          if (read.done) {
            ended = true;
            if (carry) await writer.write(carry);
            carry = '';
            break;
          }
          if (read.value === PAUSE) {
            if (endsLine) break;
            continue;
          }
          let text = read.value;
          if (next) {
            text = carry + text;
            const cut = text.lastIndexOf('\n') + 1;
            carry = cut === 0 && text.length > LINE_BLOCK ? '' : text.slice(cut);
            text = text.slice(0, text.length - carry.length);
            if (!text) continue;
          }
          endsLine = next !== null && text.endsWith('\n');
          await writer.write(text);
        }
        await writer.close();
      } catch (error) {
        await writer.abort(error).catch(() => undefined);
        throw error;
      }
    })();
    feeding.catch(() => undefined); // reported through the reader below and awaited at the end
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
    await feeding;
    if (ended) return;
  }
}

/** The chunks, the first `limit` bytes of them held until there are more or the chunks end. */
async function* heldBack(chunks: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let held: Uint8Array[] | null = [];
  let size = 0;
  for await (const chunk of chunks) {
    if (held === null) {
      yield chunk;
      continue;
    }
    held.push(chunk);
    size += chunk.length;
    if (size > limit) {
      yield* held;
      held = null;
    }
  }
  if (held) yield* held;
}

/** Text through the encoder (text already encoded, by the fast path or a helper, as it is). */
async function* encoded(texts: AsyncIterable<string | EncodedText>, encoder: StreamEncoder): AsyncGenerator<Uint8Array> {
  for await (const text of texts) {
    if (typeof text === 'string') {
      yield encoder.write(text);
    } else {
      const mark = encoder.skip(text.units);
      if (mark) yield mark;
      yield text.bytes;
    }
  }
}

/**
 * The one writer: all chunks to the target, committed only when every byte is written. The sink is opened at
 * the first chunk, so nothing is created before there is output (or at the end, for an empty output).
 */
export async function writeAll(target: Target, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, source: Source | null,
  context: { readonly stdout: Output | null; readonly hooks: WriterHooks }): Promise<number> {
  let total = 0;
  if (target.kind === 'stdout') {
    if (!context.stdout) throw new Error('no standard output in this thread');
    for await (const chunk of chunks) {
      await writeTo(context.stdout, chunk);
      total += chunk.length;
    }
    return total;
  }
  if (target.kind === 'device') return writeThrough(target.path, chunks);
  let file: AtomicFile | null = null;
  // The output of a small file is written with synchronous calls (see atomic-write.ts).
  const small = source?.stamp != null && source.stamp.size <= SMALL_FILE;
  const create = async () => {
    if (target.kind === 'in-place') {
      if (!source?.stamp) throw new Error('an in-place target needs a file source');
      return AtomicFile.create(target.path, {
        replaces: source.stamp, durable: true, hooks: context.hooks, small,
        ...(target.backup !== undefined ? { backup: target.backup } : {}),
        ...(target.renameFrom !== undefined ? { renameFrom: target.renameFrom } : {}),
      });
    }
    // The folder is made when it is missing (the first file of each folder of an --out-dir), not checked for
    // every file: that stat was a round trip to the file-system threads per file.
    return await AtomicFile.create(target.path, { hooks: context.hooks, small }).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR') throw error;
      await ensureFolder(dirname(target.path));
      return AtomicFile.create(target.path, { hooks: context.hooks, small });
    });
  };
  // One write in flight while the next chunk is converted: the disk and the conversion overlap. A failed write is
  // seen before the next one is issued, and always before the commit.
  let writing: Promise<void> | null = null;
  try {
    for await (const chunk of chunks) {
      file ??= await create();
      await writing;
      writing = file.write(chunk);
      total += chunk.length;
    }
    await writing;
    writing = null;
    file ??= await create();
    await file.commit();
    return total;
  } catch (error) {
    await writing?.catch(() => undefined);
    await file?.abort();
    throw error;
  }
}

/** A FIFO or device: opened for writing as it is (never created, truncated or replaced), every byte checked. */
async function writeThrough(path: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<number> {
  const handle = await open(path, constants.O_WRONLY);
  let total = 0;
  try {
    for await (const chunk of chunks) {
      for (let at = 0; at < chunk.length;) {
        const { bytesWritten } = await handle.write(chunk, at, chunk.length - at);
        if (bytesWritten <= 0) throw new WriteError(`${path} took no more bytes after ${total}`, 'ENOSPC');
        at += bytesWritten;
        total += bytesWritten;
      }
    }
    return total;
  } finally {
    await handle.close();
  }
}

/** A message naming the input, what went wrong, and what was (not) done. */
export function describe(error: unknown, name: string, target?: Target): string {
  if (error instanceof DecodeError || error instanceof UnrepresentableError) return `${name}: ${error.message}`;
  // The output is named where writing failed, not for what was found reading (a document refused: FanjianError).
  const where = target && !(error instanceof FanjianError) &&
    (target.kind === 'file' || target.kind === 'device' || (target.kind === 'in-place' && target.renameFrom)) ? ` (writing ${target.path})` : '';
  const untouched = error instanceof WriteError && error.committed ? '' :
    target?.kind === 'in-place' ? '; the file was left as it was' :
    target?.kind === 'file' ? `; ${target.path} was not written` : '';
  if (error instanceof WriteError) {
    return `${name}${where}: ${error.message}${untouched}${error.code === 'ENOSPC' ? '; free some space and run again' : ''}`;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return `${name}${where}: the disk is full${untouched}; free some space and run again`;
  if (code === 'EDQUOT') return `${name}${where}: the disk quota is exceeded${untouched}`;
  if (code === 'EACCES' || code === 'EPERM') return `${name}${where}: permission denied (${messageOf(error)})${untouched}`;
  if (code === 'EISDIR') return `${name}${where}: the output is a folder; use --out-dir for a folder`;
  if (code === 'ERR_STRING_TOO_LONG' || /Invalid string length|Array buffer allocation failed/.test(messageOf(error))) {
    return `${name}: too large to hold in memory (${messageOf(error)}); split it or convert it as plain text, which streams`;
  }
  // "…Nothing was converted." + "; the file was left as it was": one sentence, not ".;".
  return `${name}${where}: ${untouched ? messageOf(error).replace(/\.$/, '') : messageOf(error)}${untouched}`;
}

