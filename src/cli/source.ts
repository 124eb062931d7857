/**
 * Where an input's bytes come from: a file (opened once, so that what is checked, sampled and read is one file),
 * or a stream (standard input, a FIFO, `<(cmd)`). Each source reads its first bytes as a sample for detecting the
 * encoding and hands them back in front of the rest, so streams are read once too.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { SMALL_FILE, stampOf, type FileStamp } from './atomic-write.js';
import { stdinBytes, type CliIo } from './cli-io.js';
import { InputError } from './errors.js';
import { fs } from './node-fs.js';
import { Spool, type SpoolPlace } from './spool.js';

const { constants } = fs;

/** Bytes read to detect an encoding. */
export const SAMPLE_SIZE = 64 * 1024;
const CHUNK_SIZE = 1 << 20;
/** A stream that delivers nothing for this long has paused: what came so far is converted and written. */
export const PAUSE_MS = 10;

/** The promise's value if it settles within `ms`, else null (the promise goes on; the caller keeps it). */
export async function soon<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), ms); });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Sample {
  readonly bytes: Uint8Array;
  /** The sample is the whole input. */
  readonly complete: boolean;
}

export interface Source {
  /** How messages name it: the path as given, or "standard input". */
  readonly name: string;
  /** The path whose extension tells the format (null: standard input). */
  readonly path: string | null;
  /** Found by walking a folder (a binary file there is skipped), rather than named on the command line. */
  readonly found: boolean;
  /** A regular file's identity and size when opened; null for a stream. */
  readonly stamp: FileStamp | null;
  sample(): Promise<Sample>;
  /** All the bytes from the first (the sample included); once. */
  chunks(): AsyncIterable<Uint8Array>;
  /**
   * The bytes read again from the first (a survey before chunks()): a regular file's up to its size when opened; a
   * stream's kept aside in a temporary file at `spool` as they are read (spool.ts), which chunks() then reads.
   */
  reread?(spool: SpoolPlace): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

/** A byte stream whose first SAMPLE_SIZE bytes can be looked at before it is read from the start. */
class SampledSource implements Source {
  private head: Uint8Array[] | null = null;
  private ended = false;

  constructor(readonly name: string, readonly path: string | null, readonly found: boolean, readonly stamp: FileStamp | null,
    private readonly iterator: AsyncIterator<Uint8Array>, private readonly onClose: () => Promise<void>,
    private readonly onRead?: (bytes: number) => void, private readonly pauses = stamp === null) {}

  /** A read started while sampling a stream that paused, taken up by chunks(). */
  private waiting: Promise<IteratorResult<Uint8Array>> | null = null;

  async sample(): Promise<Sample> {
    if (!this.head) {
      this.head = [];
      let size = 0;
      while (size < SAMPLE_SIZE) {
        const read = this.iterator.next();
        // A stream that pauses (a person typing, `tail -f`) is sampled as far as it has come, so that its first
        // lines are converted at once rather than when 64 KB have arrived.
        const next = this.pauses && size > 0 ? await soon(read, PAUSE_MS) : await read;
        if (next === null) {
          this.waiting = read;
          break;
        }
        if (next.done) {
          this.ended = true;
          break;
        }
        this.head.push(next.value);
        size += next.value.length;
      }
    }
    return { bytes: this.head.length === 1 ? this.head[0]! : Buffer.concat(this.head), complete: this.ended };
  }

  async *chunks(): AsyncGenerator<Uint8Array> {
    await this.sample();
    // What a survey read is in the spool (the sample with it); the rest, if the survey stopped early, comes after.
    for await (const chunk of this.spool ? this.spool.replay() : this.head!.splice(0)) {
      this.onRead?.(chunk.length);
      yield chunk;
    }
    if (this.ended) return;
    const first = this.waiting ?? this.iterator.next();
    this.waiting = null;
    for (let next = await first; !next.done; next = await this.iterator.next()) {
      this.onRead?.(next.value.length);
      yield next.value;
    }
  }

  /** A stream read ahead by a survey: kept in a temporary file as it is read (spool.ts). */
  private spool: Spool | null = null;

  async *reread(place: SpoolPlace): AsyncGenerator<Uint8Array> {
    if (this.stamp !== null) throw new Error('a regular file is read again by position');
    await this.sample();
    if (!this.spool) {
      this.spool = await Spool.create(this.name, place);
      for (const chunk of this.head!.splice(0)) await this.spool.append(chunk);
    }
    yield* this.spool.replay();
    if (this.ended) return;
    const first = this.waiting ?? this.iterator.next();
    this.waiting = null;
    for (let next = await first; !next.done; next = await this.iterator.next()) {
      await this.spool.append(next.value); // kept before it is handed on: a survey that stops here has it kept
      yield next.value;
    }
    this.ended = true;
  }

  async close(): Promise<void> {
    try {
      await this.spool?.close();
    } finally {
      await this.onClose();
    }
  }
}

/** A file's bytes up to `size`, read by position (the file's own position, which chunks() reads on, stays). */
async function* chunksAt(handle: FileHandle, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < size;) {
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK_SIZE, size - at));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
    if (bytesRead === 0) return;
    at += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/** A file's chunks, the next one read while the current one is being converted. */
function handleChunks(handle: FileHandle, size: number): AsyncGenerator<Uint8Array> {
  return prefetched(async () => {
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK_SIZE, size + 1)));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    return bytesRead === 0 ? null : buffer.subarray(0, bytesRead);
  });
}

/** The chunks `read` returns (null at the end), the next one read while the current one is being converted. */
async function* prefetched(read: () => Promise<Uint8Array | null>): AsyncGenerator<Uint8Array> {
  let next = read();
  try {
    for (let chunk = await next; chunk; chunk = await next) {
      next = read();
      yield chunk;
    }
  } finally {
    await next.catch(() => null); // a read still running when the consumer stops
  }
}

/** Standard input (or any stream of bytes). */
export function streamSource(name: string, chunks: AsyncIterable<Uint8Array>, onRead?: (bytes: number) => void): Source {
  return new SampledSource(name, null, false, null, chunks[Symbol.asyncIterator](), async () => undefined, onRead);
}

/**
 * The process's standard input: a stream, except when it is a regular file (`fanjian … < file.md`), which is read
 * as `cat` would (from the position the shell left it at, onwards, moving that position) and, for a survey, read
 * again by position instead of being kept aside in a temporary file (spool.ts): the same bytes, no copy, no room
 * needed on any disk.
 */
export function stdinSource(io: CliIo, onRead?: (bytes: number) => void): Source {
  const fd = io.stdinFd;
  const file = fd === undefined ? null : regularFileSource(fd, 'standard input', onRead);
  return file ?? streamSource('standard input', stdinBytes(io), onRead);
}

/**
 * A source over `fd` when it is a regular file whose position the system tells (Linux: /proc/self/fdinfo), else
 * null. Read on from that position as a stream is (its size is not taken as the input's, as a file's is: what it
 * holds when read is what comes); read again, for a survey, by position from there to its size when opened. A file
 * that grows or shrinks meanwhile is read as far as it goes, as a named file is.
 */
export function regularFileSource(fd: number, name: string, onRead?: (bytes: number) => void): Source | null {
  let start: number;
  let size: number;
  try {
    const info = fs.fstatSync(fd);
    if (!info.isFile()) return null;
    size = info.size;
    const position = /^pos:\s*(\d+)$/m.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'))?.[1];
    if (position === undefined) return null;
    start = Number(position);
  } catch {
    return null; // no such system file (not Linux), or fd is not open: read as a stream
  }
  const read = (buffer: Buffer, position: number | null) => new Promise<number>((resolve, reject) => {
    fs.read(fd, buffer, 0, buffer.length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
  });
  const sequential = prefetched(async () => {
    const buffer = Buffer.allocUnsafe(CHUNK_SIZE);
    const bytesRead = await read(buffer, null);
    return bytesRead === 0 ? null : buffer.subarray(0, bytesRead);
  });
  // Sampled as a file is (a file does not pause), so that its encoding is judged as the named file's would be.
  const source = new SampledSource(name, null, false, null, sequential, async () => { await sequential.return(undefined); }, onRead, false);
  return Object.assign(source, {
    async *reread(): AsyncGenerator<Uint8Array> {
      for (let at = start; at < size;) {
        const buffer = Buffer.allocUnsafe(Math.min(CHUNK_SIZE, size - at));
        const bytesRead = await read(buffer, at);
        if (bytesRead === 0) return;
        at += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    },
  });
}

/**
 * A file named on the command line or found in a folder. Regular files and streams (FIFOs, character devices such
 * as /dev/stdin, `<(cmd)`) are read; anything else is refused. Paths are opened as given (`location` resolved
 * against the working folder; `name` is what messages show).
 */
export async function fileSource(location: string, name: string,
  options: { found: boolean; onRead?: (bytes: number) => void; small?: boolean }): Promise<Source> {
  if (options.small) {
    const source = smallFileSource(location, name, options);
    if (source) return source;
  }
  let handle: FileHandle;
  try {
    handle = await open(location, constants.O_RDONLY); // a FIFO waits here for its writer, as `cat` does
  } catch (error) {
    throw new InputError(name, openMessage(name, error as NodeJS.ErrnoException));
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new InputError(name, `${name} is a folder`);
    if (!info.isFile() && !info.isFIFO() && !info.isCharacterDevice()) {
      throw new InputError(name, `${name} is not a regular file, pipe or character device; nothing was read`);
    }
    if (!info.isFile()) {
      const stream = handle.createReadStream({ highWaterMark: CHUNK_SIZE });
      return new SampledSource(name, location, options.found, null, (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator](),
        async () => { stream.destroy(); }, options.onRead);
    }
    const source = new SampledSource(name, location, options.found, stampOf(info), handleChunks(handle, info.size), () => handle.close(), options.onRead);
    return Object.assign(source, { reread: () => chunksAt(handle, info.size) });
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/**
 * A regular file of up to SMALL_FILE bytes, read whole at once with synchronous calls: a few microseconds of the
 * kernel's time each, where each call through libuv's file-system threads costs a round trip between threads,
 * more than the reading itself for a file of a folder. Null when it is not such a file (any more): the caller then
 * opens it as any other. It is opened without blocking (a pipe put in its place must not wait for a writer here).
 */
function smallFileSource(location: string, name: string, options: { found: boolean; onRead?: (bytes: number) => void }): Source | null {
  let fd: number;
  try {
    fd = fs.openSync(location, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError(name, openMessage(name, error as NodeJS.ErrnoException));
  }
  try {
    const info = fs.fstatSync(fd);
    if (!info.isFile() || info.size > SMALL_FILE) return null;
    let bytes = Buffer.allocUnsafe(info.size + 1);
    let size = 0;
    for (;;) {
      if (size === bytes.length) { // it grew since it was measured
        const larger = Buffer.allocUnsafe(bytes.length * 2);
        larger.set(bytes);
        bytes = larger;
      }
      const read = fs.readSync(fd, bytes, size, bytes.length - size, null);
      if (read === 0) break;
      size += read;
    }
    return new WholeSource(name, location, options.found, stampOf(info), bytes.subarray(0, size), options.onRead);
  } finally {
    fs.closeSync(fd);
  }
}

/** The bytes of a file read whole (smallFileSource). */
class WholeSource implements Source {
  constructor(readonly name: string, readonly path: string | null, readonly found: boolean, readonly stamp: FileStamp,
    private readonly bytes: Uint8Array, private readonly onRead?: (bytes: number) => void) {}

  sample(): Promise<Sample> {
    // A sample of SAMPLE_SIZE bytes or more counts as cut off, as when the file is read in chunks (SampledSource),
    // so that a file is judged the same whichever way it was read.
    return Promise.resolve({ bytes: this.bytes, complete: this.bytes.length < SAMPLE_SIZE });
  }

  async *chunks(): AsyncGenerator<Uint8Array> {
    if (this.bytes.length === 0) return;
    this.onRead?.(this.bytes.length);
    yield this.bytes;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function openMessage(name: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT': return `${name}: no such file (removed since the folder was read?)`;
    case 'EACCES': case 'EPERM': return `${name}: permission denied; nothing was read`;
    case 'ENXIO': return `${name}: a socket or device without a reader; nothing was read`;
    default: return `${name}: cannot open (${error.code ?? error.message})`;
  }
}
