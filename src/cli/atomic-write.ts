/**
 * The one writer of files. Bytes go to a temporary file beside the target; every write call's byte count is
 * checked (a full disk answers with short writes before it answers with ENOSPC), the file's size is checked
 * against the bytes sent, and only then is it renamed over the target (same folder, so the rename is atomic).
 * Replacing a file keeps its mode and, where allowed, its owner, and refuses when the original changed while it
 * was being converted. A backup is a hard link to the original, made with link(), which never overwrites.
 * Temporary files are named `.NAME.XXXXXXXX.fanjian-tmp`, removed on errors and on Ctrl-C, and never read as
 * inputs (isTemporaryName).
 *
 * A small output (see AtomicWriteOptions.small) is written, checked and closed with synchronous calls: each is a
 * few microseconds of the kernel's time, where a call through libuv's file-system threads costs a round trip between
 * threads (tens of microseconds of CPU, and a wait) — per file of a folder, more than the writing itself. What may
 * wait for the disk goes through the threads whatever the size, so that this thread converts other files meanwhile:
 * creating, renaming and removing names (the file system's journal) and flushing (fsync).
 */
import type { Stats } from 'node:fs';
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { messageOf, systemMessage } from './errors.js';
import { fs } from './node-fs.js';

const { constants } = fs;

const liveTemporaries = new Set<string>();
let observer: ((path: string, live: boolean) => void) | null = null;

/** The suffix of fanjian's temporary files; isTemporaryName recognises the whole pattern. */
const TEMPORARY_SUFFIX = '.fanjian-tmp';
const TEMPORARY_NAME = /^\..*\.[0-9a-f]{8}\.fanjian-tmp$/s;

export function isTemporaryName(name: string): boolean {
  return TEMPORARY_NAME.test(name);
}

/**
 * Eight hex digits for a temporary name: a random start per thread, then a counter. Only uniqueness matters (the
 * file is created exclusively, and a name taken meanwhile is retried with a new start), so no cryptographic
 * randomness, whose module costs milliseconds to load in every thread.
 */
let nameStart = randomStart();
let nameCount = 0;
function randomStart(): number {
  return Math.floor(Math.random() * 0x100000000);
}
export function uniqueSuffix(): string {
  return ((nameStart + nameCount++) >>> 0).toString(16).padStart(8, '0');
}

function temporaryName(target: string): string {
  // Long names are shortened so that the temporary name stays under the 255-byte limit of file names.
  let stem = basename(target);
  while (Buffer.byteLength(stem) > 200) stem = [...stem].slice(0, -1).join('');
  return join(dirname(target), `.${stem}.${uniqueSuffix()}${TEMPORARY_SUFFIX}`);
}

/**
 * Create a folder and its missing parents. Not mkdir's `recursive` option: Node's loops forever when mkdir
 * reports ENOENT for a child of an existing folder, as procfs does (`--out-dir /proc/x`); here that is an error.
 */
export async function ensureFolder(path: string): Promise<void> {
  const missing: string[] = [];
  for (let folder = resolve(path); ; folder = dirname(folder)) {
    const info = await stat(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw failure(error, `cannot look at the folder ${folder}`);
    });
    if (info?.isDirectory()) break;
    if (info) throw new WriteError(`${folder} is not a folder`, 'ENOTDIR');
    missing.push(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of missing.reverse()) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw failure(error, `cannot create the folder ${folder}`); // EEXIST: another thread made it
    });
  }
}

/** Worker threads report their temporary files to the main thread, which cleans up on Ctrl-C. */
export function observeTemporaries(callback: (path: string, live: boolean) => void): void {
  observer = callback;
}

const countListeners = new Set<(count: number) => void>();

/** Told the number of live temporary files whenever it changes (the process installs its signal handlers then). */
export function onTemporaryCount(listener: (count: number) => void): () => void {
  countListeners.add(listener);
  return () => countListeners.delete(listener);
}

let holds = 0;

function notify(): void {
  for (const listener of countListeners) listener(liveTemporaries.size + holds);
}

/**
 * While worker threads run, temporary files may exist before this thread hears of them: the count stays above
 * zero (signal handlers installed) until the returned release is called.
 */
export function holdTemporaries(): () => void {
  holds++;
  notify();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds--;
    notify();
  };
}

/** Record a temporary file created here or in a worker thread, so that removeTemporaries removes it too. */
export function trackTemporary(path: string, live: boolean): void {
  if (live) liveTemporaries.add(path);
  else liveTemporaries.delete(path);
  notify();
}

function track(path: string, live: boolean): void {
  trackTemporary(path, live);
  observer?.(path, live);
}

/** Set by removeTemporaries: the process is ending, and no temporary file may be created any more. */
let ending = false;
/** Temporary files being created through the file-system threads (removeTemporaries waits for them). */
const creating = new Set<Promise<unknown>>();

/**
 * Remove temporary files still being written (called on SIGINT/SIGTERM before exiting). A conversion still
 * running on this thread creates no more of them: a creation under way is waited for, and later ones fail.
 */
export async function removeTemporaries(): Promise<void> {
  ending = true;
  await Promise.allSettled([...creating]);
  await Promise.all([...liveTemporaries].map((path) => unlink(path).catch(() => undefined)));
  liveTemporaries.clear();
}

/** A file's identity and content stamp: if any of these differ at commit, someone else changed it meanwhile. */
export interface FileStamp {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

export function stampOf(info: Stats): FileStamp {
  return { dev: info.dev, ino: info.ino, size: info.size, mtimeMs: info.mtimeMs, mode: info.mode, uid: info.uid, gid: info.gid };
}

function sameFile(a: FileStamp, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Test hooks, read once from the environment: a disk that holds only so many bytes (see FileWriteError). */
export interface WriterHooks {
  /** FANJIAN_TEST_DISK_BYTES: the write call writes at most this many bytes in total, then short, then 0. */
  readonly diskBytes?: number;
}

export function writerHooks(env: Readonly<Record<string, string | undefined>>): WriterHooks {
  const value = env.FANJIAN_TEST_DISK_BYTES;
  return value === undefined || !/^\d+$/.test(value) ? {} : { diskBytes: Number(value) };
}

export interface AtomicWriteOptions {
  /** The file being replaced, as it was read: its mode and owner are kept, and it must not change meanwhile. */
  readonly replaces?: FileStamp;
  /** With `replaces`: keep the original as this path (created exclusively: an existing file is never overwritten). */
  readonly backup?: string;
  /** The target is a new name for the replaced file (--in-place --rename): it must not exist; the original goes. */
  readonly renameFrom?: string;
  /** Flush to disk before the rename, so that a power cut cannot leave an empty file in place of the original.
   * Needed when replacing the user's file; new files in an output folder can skip the cost. */
  readonly durable?: boolean;
  /** A small output (of an input up to SMALL_FILE): written with synchronous calls (see above). */
  readonly small?: boolean;
  /** Created readable by its owner only, whatever the umask (a copy of standard input kept aside: spool.ts). */
  readonly private?: boolean;
  readonly hooks?: WriterHooks;
}

/** Outputs of inputs up to this size are small (written with synchronous calls). */
export const SMALL_FILE = 1 << 20;

/** Why a write failed: not committed, the target untouched; or, when `committed`, a step after the new text was in
 * place (removing the old name of a --rename), which the message names. */
export class WriteError extends Error {
  constructor(message: string, readonly code?: string, readonly committed = false) {
    super(message);
    this.name = 'WriteError';
  }
}

/** A failed call of the writer as a WriteError saying, in words, what could not be done and why (errno kept). */
function failure(error: unknown, what: string): WriteError {
  if (error instanceof WriteError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const why = systemMessage(error, { call: false }) ?? messageOf(error);
  return new WriteError(`${what}: ${why}`, code);
}

/** The calls the writer makes: synchronous for a small output, through libuv's file-system threads otherwise. */
interface FileCalls {
  open(path: string, flags: number, mode?: number): number | Promise<number>;
  write(fd: number, bytes: Uint8Array): number | Promise<number>;
  read(fd: number, buffer: Uint8Array, position: number): number | Promise<number>;
  fstat(fd: number): Stats | Promise<Stats>;
  fchmod(fd: number, mode: number): void | Promise<void>;
  fchown(fd: number, uid: number, gid: number): void | Promise<void>;
  close(fd: number): void | Promise<void>;
  /** The file's information, or null when it cannot be had (missing, no permission). */
  stat(path: string): Stats | null | Promise<Stats | null>;
  rename(from: string, to: string): void | Promise<void>;
  link(from: string, to: string): void | Promise<void>;
  unlink(path: string): void | Promise<void>;
  copyExclusive(from: string, to: string): void | Promise<void>;
}

/** A callback call of node:fs as a promise. */
function later<T>(call: (done: (error: NodeJS.ErrnoException | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value as T))));
}

/**
 * Calls on names (renaming, linking, removing, copying) go through the threads whatever the size: like creating a
 * file, they may wait for the file system's journal.
 */
const NAMES = {
  rename: (from: string, to: string) => later<void>((done) => fs.rename(from, to, done)),
  link: (from: string, to: string) => later<void>((done) => fs.link(from, to, done)),
  unlink: (path: string) => later<void>((done) => fs.unlink(path, done)),
  copyExclusive: (from: string, to: string) => later<void>((done) => fs.copyFile(from, to, constants.COPYFILE_EXCL, done)),
};

const SYNCHRONOUS: FileCalls = {
  ...NAMES,
  open: (path, flags, mode) => fs.openSync(path, flags, mode),
  write: (fd, bytes) => fs.writeSync(fd, bytes, 0, bytes.length),
  read: (fd, buffer, position) => fs.readSync(fd, buffer, 0, buffer.length, position),
  fstat: (fd) => fs.fstatSync(fd),
  fchmod: (fd, mode) => fs.fchmodSync(fd, mode),
  fchown: (fd, uid, gid) => fs.fchownSync(fd, uid, gid),
  close: (fd) => fs.closeSync(fd),
  stat: (path) => {
    try {
      return fs.statSync(path, { throwIfNoEntry: false }) ?? null;
    } catch {
      return null;
    }
  },
};

const THREADED: FileCalls = {
  ...NAMES,
  open: (path, flags, mode) => later((done) => fs.open(path, flags, mode, done)),
  write: (fd, bytes) => later((done) => fs.write(fd, bytes, 0, bytes.length, null, done)),
  read: (fd, buffer, position) => later((done) => fs.read(fd, buffer, 0, buffer.length, position, done)),
  fstat: (fd) => later((done) => fs.fstat(fd, done)),
  fchmod: (fd, mode) => later((done) => fs.fchmod(fd, mode, done)),
  fchown: (fd, uid, gid) => later((done) => fs.fchown(fd, uid, gid, done)),
  close: (fd) => later((done) => fs.close(fd, done)),
  stat: (path) => later<Stats>((done) => fs.stat(path, done)).catch(() => null),
};

/** Names tried for a temporary file before giving up (a name is taken only by another run's file, or by chance). */
const NAME_ATTEMPTS = 8;

/** An open temporary file that becomes `target` on commit(). */
export class AtomicFile {
  private written = 0;
  private open = true;

  private constructor(readonly target: string, readonly temporary: string, private readonly fd: number,
    private readonly options: AtomicWriteOptions, private readonly calls: FileCalls,
    /** The mode the file must get before it is renamed (null: it was created with it). */
    private readonly mode: number | null) {}

  static async create(target: string, options: AtomicWriteOptions = {}): Promise<AtomicFile> {
    const calls = options.small ? SYNCHRONOUS : THREADED;
    // A new file (in an output folder, or by -o) gets the usual 0666 less umask, which the kernel applies when it
    // is created with that mode: no chmod. A replaced file keeps its mode, set at commit; until then its new text
    // is readable by the owner only, as the file it replaces may be private.
    const existing = options.replaces ? null : await calls.stat(target);
    const mode = options.replaces ? options.replaces.mode & 0o7777 : existing ? existing.mode & 0o7777 : null;
    for (let attempt = 1; ; attempt++) {
      if (ending) throw new WriteError('interrupted before it was written');
      const temporary = temporaryName(target);
      // Tracked before it exists, so that a signal arriving as soon as it exists finds the handler installed.
      track(temporary, true);
      try {
        // Created through the threads even for a small output: creating a file may wait for the file system's
        // journal (0.3–1 ms on the bench machine's ext4, 30 µs on tmpfs), and this thread converts other files
        // meanwhile (jobs.ts keeps a few in flight).
        const opening = later<number>((done) =>
          fs.open(temporary, constants.O_CREAT | constants.O_EXCL | constants.O_RDWR, mode === null && !options.private ? 0o666 : 0o600, done));
        creating.add(opening);
        void opening.catch(() => undefined).finally(() => creating.delete(opening));
        const fd = await opening;
        if (ending) { // removeTemporaries ran meanwhile (it waited for this creation): this file goes too
          try {
            await calls.close(fd);
            await calls.unlink(temporary);
          } catch {
            // removed already
          }
          throw new WriteError('interrupted before it was written');
        }
        return new AtomicFile(target, temporary, fd, options, calls, mode);
      } catch (error) {
        track(temporary, false);
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST' || attempt === NAME_ATTEMPTS) {
          throw failure(error, `cannot create a temporary file in ${dirname(target)}` + (code === 'EACCES' || code === 'EPERM'
            ? ' (each output is written to a temporary file beside it, then renamed: the folder must be writable)' : ''));
        }
        nameStart = randomStart(); // another thread or run counts from a nearby start: start elsewhere
      }
    }
  }

  /** The write call, or the test hook's disk that fills up. */
  private async writeCall(bytes: Uint8Array): Promise<number> {
    const disk = this.options.hooks?.diskBytes;
    if (disk !== undefined && this.written + bytes.length > disk) {
      const room = Math.max(0, disk - this.written);
      // As the kernel does on a full disk: a short count first, 0 (then ENOSPC) after.
      return room === 0 ? 0 : await this.calls.write(this.fd, bytes.subarray(0, Math.min(room, bytes.length)));
    }
    return await this.calls.write(this.fd, bytes);
  }

  async write(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      const count = await this.writeCall(at === 0 ? bytes : bytes.subarray(at)).catch((error: unknown) => {
        throw failure(error, 'cannot write the new text');
      });
      if (count <= 0) {
        throw new WriteError(`the disk is full (wrote ${this.written} of the bytes; no space for more)`, 'ENOSPC');
      }
      at += count;
      this.written += count;
    }
  }

  private async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.calls.close(this.fd);
  }

  /**
   * Check the temporary file and put it in place. A failure at any call leaves the target as it was, and removes
   * the backup this commit made (the original is still there under its name; a backup left behind would refuse
   * the next run).
   */
  async commit(): Promise<void> {
    const step = { what: 'cannot check the new text', backupMade: false, committed: false };
    try {
      await this.commitSteps(step);
    } catch (error) {
      if (step.backupMade && !step.committed && this.options.backup !== undefined) {
        await Promise.resolve(this.calls.unlink(this.options.backup)).catch(() => undefined);
      }
      const written = failure(error, step.what);
      throw step.committed ? new WriteError(written.message, written.code, true) : written;
    }
  }

  private async commitSteps(step: { what: string; backupMade: boolean; committed: boolean }): Promise<void> {
    const { replaces, durable, backup, renameFrom } = this.options;
    const calls = this.calls;
    const size = (await calls.fstat(this.fd)).size;
    if (size !== this.written) throw new WriteError(`the temporary file holds ${size} bytes where ${this.written} were written`);
    if (replaces && renameFrom === undefined && size === replaces.size && await sameBytes(calls, this.fd, this.target)) {
      // Nothing changed: the original stays as it is — inode, links, timestamps, extended attributes, ACLs.
      await this.close();
      try {
        await stillAsRead(calls, replaces, this.target);
      } catch (error) {
        await this.abort();
        throw error;
      }
      // And no backup: the original is still in place, and a hard link to it would be the file itself (a later edit
      // in place would change both, and the extra link would make the next --in-place run refuse it).
      await this.abort();
      return;
    }
    step.what = 'cannot set the mode of the new text';
    if (replaces) {
      await calls.fchmod(this.fd, replaces.mode & 0o7777);
      const info = await calls.fstat(this.fd);
      if (info.uid !== replaces.uid || info.gid !== replaces.gid) {
        try {
          await calls.fchown(this.fd, replaces.uid, replaces.gid);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const why = systemMessage(error, { call: false }) ?? messageOf(error);
          const fix = code !== 'EPERM' ? '' : info.uid === replaces.uid
            ? '; only root may give a file a group its owner is not in: run fanjian as root to convert it in place, or change its group first'
            : '; run fanjian as the owner (or as root) to convert it in place';
          throw new WriteError(info.uid === replaces.uid ? `cannot keep its group ${replaces.gid}: ${why}${fix}`
            : `cannot keep its owner ${replaces.uid}:${replaces.gid}: ${why}${fix}`, code);
        }
        // chown may clear the set-user/group-ID bits: set the mode again.
        await calls.fchmod(this.fd, replaces.mode & 0o7777);
      }
    } else if (this.mode !== null) {
      // A file replaced in an output folder (or by -o) keeps its mode.
      await calls.fchmod(this.fd, this.mode);
    }
    step.what = 'cannot flush the new text to disk';
    if (durable) await later((done) => fs.fsync(this.fd, done)); // through the threads: a flush may take long
    step.what = 'cannot finish writing the new text (closing it failed)';
    await this.close();
    const original = renameFrom ?? (replaces ? this.target : null);
    if (replaces && original !== null) await stillAsRead(calls, replaces, original);
    step.what = `cannot make the backup ${backup}`;
    if (backup !== undefined && original !== null) {
      const linked = await keepBackup(calls, original, backup);
      step.backupMade = true;
      // Another process may have put a file in the original's place since the check above (a second fanjian run
      // on the same tree): the backup must be the file this one read, or the original is lost with it. A link is
      // checked itself; a copy, by the original still being the file read.
      if (replaces) await stillAsRead(calls, replaces, linked ? backup : original);
    }
    step.what = replaces ? 'cannot put the new text in its place' : `cannot rename the temporary file to ${this.target}`;
    if (renameFrom !== undefined) {
      // link() never replaces an existing file: a name that appeared meanwhile is kept, and this fails. Where the
      // file system has no hard links (vfat, exFAT, some network shares), the name is checked free, then renamed to.
      let linked = true;
      try {
        await calls.link(this.temporary, this.target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new WriteError(`cannot rename it to ${this.target}, which already exists`, code);
        if (!NO_HARD_LINKS.has(code ?? '')) throw failure(error, `cannot create ${this.target}`);
        linked = false;
      }
      if (!linked) {
        if (await exists(this.target)) {
          throw new WriteError(`cannot rename it to ${this.target}, which already exists`, 'EEXIST');
        }
        await calls.rename(this.temporary, this.target);
        track(this.temporary, false);
      }
      step.committed = true;
      if (linked) {
        step.what = `converted as ${this.target}, but cannot remove the temporary file ${this.temporary}`;
        await calls.unlink(this.temporary);
        track(this.temporary, false);
      }
      step.what = `converted as ${this.target}, but cannot remove the original name ${renameFrom} (remove it by hand)`;
      await calls.unlink(renameFrom); // its backup, if asked for, is a link to it (or a copy) by now
    } else {
      await calls.rename(this.temporary, this.target);
      step.committed = true;
      track(this.temporary, false);
    }
    if (durable) await syncFolder(dirname(this.target));
  }

  async abort(): Promise<void> {
    await this.close().catch(() => undefined);
    try {
      await this.calls.unlink(this.temporary);
    } catch {
      // already gone
    }
    track(this.temporary, false);
  }
}

/** What link() answers where a file system has no hard links. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** Whether a name exists (a dangling symbolic link too). */
async function exists(path: string): Promise<boolean> {
  return await later<Stats>((done) => fs.lstat(path, done)).then(() => true, (error: NodeJS.ErrnoException) => error.code !== 'ENOENT');
}

/** Fails unless the file at `path` is still the one read (not written, removed or replaced meanwhile). */
async function stillAsRead(calls: FileCalls, replaces: FileStamp, path: string): Promise<void> {
  const now = await calls.stat(path);
  if (!now || !sameFile(replaces, now)) {
    throw new WriteError(now ? 'it changed while it was being converted; it was left as it is now, run fanjian again'
      : 'it was removed or renamed while it was being converted; nothing was written');
  }
}

/** Whether the file at `path` holds exactly the bytes of the open temporary file (sizes known equal). */
async function sameBytes(calls: FileCalls, temporary: number, path: string): Promise<boolean> {
  let other: number;
  try {
    other = await calls.open(path, constants.O_RDONLY);
  } catch {
    return false;
  }
  try {
    const a = Buffer.allocUnsafe(1 << 16), b = Buffer.allocUnsafe(1 << 16);
    for (let at = 0; ; at += a.length) {
      const [x, y] = await Promise.all([calls.read(temporary, a, at), calls.read(other, b, at)]);
      if (x !== y) return false;
      if (x === 0) return true;
      if (!a.subarray(0, x).equals(b.subarray(0, y))) return false;
    }
  } finally {
    await calls.close(other);
  }
}

/** The original as `backup`, never overwriting: a hard link (true), or an exclusive copy where links are not supported. */
async function keepBackup(calls: FileCalls, original: string, backup: string): Promise<boolean> {
  try {
    await calls.link(original, backup);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new WriteError(`its backup ${backup} already exists (from an earlier run?); move it away or choose another --backup suffix`, code);
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EMLINK') throw error;
    await calls.copyExclusive(original, backup);
    return false;
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined); // not every file system can sync a folder
  await handle.close();
}
