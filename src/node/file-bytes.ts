/**
 * A document file read by offset (a ByteSource for convertDocumentPieces): a large Office file or EPUB is converted
 * without being held — only its directory and the parts that hold text are read, and the entries that do not change
 * are copied from the file, 1 MB at a time through a few buffers used in turn (so each piece must be written
 * before RECYCLED_PIECES more are taken: the CLI holds two), as the output is written. The file must not change meanwhile: its
 * identity, size and modification time are compared when it is opened (with what the caller saw) and again after
 * the last piece has been read, and a difference refuses the conversion before the output is committed.
 */
import { FanjianError } from '../index.js';
import type { ByteSource } from '../formats/zip.js';

// Taken from process.getBuiltinModule, not imported: an ES import of node:fs builds its whole namespace, which
// loads Node's stream modules (about 1.7 ms of every start-up; Node >= 20.16, the package needs 20.19).
const { closeSync, fstatSync, openSync, readSync } = process.getBuiltinModule('node:fs');

/** What identifies a file's content (fs.Stats has these). */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface DocumentFile extends ByteSource {
  /** The pieces, then the check that the file did not change while they were read (INVALID_DOCUMENT if it did). */
  checked(pieces: Iterable<Uint8Array>): Generator<Uint8Array>;
  close(): void;
}

function same(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Open `path` for reading by offset; `expected` (the file as the caller found it) must still describe it. */
export function openDocumentFile(path: string, expected?: FileIdentity): DocumentFile {
  const changed = () => new FanjianError('INVALID_DOCUMENT', `${path} changed while it was being converted; nothing was written. Convert it again once it is no longer being written to.`);
  const fd = openSync(path, 'r');
  let opened: FileIdentity;
  try {
    opened = fstatSync(fd);
    if (expected && !same(expected, opened)) throw changed();
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  const readInto = (offset: number, into: Uint8Array) => {
    for (let done = 0; done < into.length;) {
      const n = readSync(fd, into, done, into.length - done, offset + done);
      if (n === 0) throw changed(); // shorter than when it was opened
      done += n;
    }
  };
  return {
    size: opened.size,
    read(offset, length) {
      const out = Buffer.allocUnsafe(length);
      readInto(offset, out);
      return out;
    },
    readInto,
    *checked(pieces) {
      yield* pieces;
      if (!same(opened, fstatSync(fd))) throw changed();
    },
    close: () => closeSync(fd),
  };
}
