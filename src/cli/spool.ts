/**
 * A stream kept aside in a temporary file as it is read, so that it can be read again: a document that asks to be
 * surveyed before it is converted (Markdown: its reference definitions, which may come after their uses) reads a
 * regular file twice, and standard input, a FIFO or `<(cmd)` once into here. Without it such a document was held
 * whole in memory from its first possible reference on.
 *
 * The file is made by the one writer (atomic-write.ts: every write's byte count checked, the test disk hook, the
 * Ctrl-C clean-up), readable by its owner only, bounded by --max-input, and never committed: it is unlinked as soon
 * as it is open for reading (so that not even a SIGKILL leaves it behind where the system allows that) and
 * aborted when the source closes. It goes beside the output file when there is one (that disk takes the output
 * anyway), else in the system's temporary folder (TMPDIR).
 */
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AtomicFile, type WriterHooks } from './atomic-write.js';
import { InputError, messageOf } from './errors.js';
import { LimitError } from './limits.js';

/** Where and within what a stream may be kept aside. */
export interface SpoolPlace {
  /** The folder of the temporary file. */
  readonly folder: string;
  /** The most bytes kept (--max-input), and what the limit bounds (for its message). */
  readonly limit: number;
  readonly why: string;
  readonly hooks: WriterHooks;
}

/** The folder for a spool: beside an output file, else the system's temporary folder. */
export function spoolFolder(output: string | null): string {
  return output === null ? tmpdir() : dirname(output);
}

const READ_SIZE = 1 << 20;

export class Spool {
  /** Bytes kept so far. */
  private size = 0;

  private constructor(private readonly name: string, private readonly place: SpoolPlace, private readonly file: AtomicFile,
    private readonly reader: FileHandle) {}

  /** A new, empty spool for the input `name` (for messages). */
  static async create(name: string, place: SpoolPlace): Promise<Spool> {
    let file: AtomicFile;
    try {
      file = await AtomicFile.create(join(place.folder, 'fanjian-input'), { hooks: place.hooks, private: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(name, `${name}: cannot create a temporary file in ${place.folder} to read it twice ` +
        `(${code ?? messageOf(error)}); nothing was converted. ${fix(place, code)}`);
    }
    let reader: FileHandle;
    try {
      reader = await open(file.temporary, 'r');
    } catch (error) {
      await file.abort();
      throw error;
    }
    await unlink(file.temporary).catch(() => undefined); // gone from the folder; open, it lives on until closed
    return new Spool(name, place, file, reader);
  }

  /** Keep `bytes` (after all kept before); refused past the limit, and on a full disk with a message naming the fix. */
  async append(bytes: Uint8Array): Promise<void> {
    if (this.size + bytes.length > this.place.limit) {
      throw new LimitError(this.name, this.place.limit, this.place.why, this.size + bytes.length, false, true);
    }
    try {
      await this.file.write(bytes);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const what = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is exceeded' : `cannot write (${code ?? messageOf(error)})`;
      throw new InputError(this.name, `${this.name}: ${what} in ${this.place.folder}, where it is kept aside to be read twice ` +
        `(${this.size} bytes kept); nothing was converted or written. ${fix(this.place, code)}`);
    }
    this.size += bytes.length;
  }

  /** The bytes kept, from the first (also those kept while this is being read). */
  async *replay(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < this.size;) {
      const buffer = Buffer.allocUnsafe(Math.min(READ_SIZE, this.size - at));
      const { bytesRead } = await this.reader.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) throw new Error(`the temporary copy of ${this.name} ended after ${at} of ${this.size} bytes`);
      at += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }

  async close(): Promise<void> {
    await this.reader.close().catch(() => undefined);
    await this.file.abort();
  }
}

/** The fix for a spool that could not be made or written, by what went wrong (`code`: the errno code, if any). */
function fix(place: SpoolPlace, code: string | undefined): string {
  const remedy = code === 'ENOENT' || code === 'ENOTDIR' ? 'Make sure that folder exists'
    : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'Make that folder writable'
    : 'Free some space there';
  return place.folder === tmpdir()
    ? `${remedy}, set TMPDIR to a writable folder with room, or save the input to a file and convert the file.`
    : `${remedy}, or save the input to a file and convert the file.`;
}
