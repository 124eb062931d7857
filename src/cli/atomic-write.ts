/**
 * The one writer of files. Bytes go to a temporary file beside the target; every write call's byte count is
 * checked (a full disk answers with short writes before it answers with ENOSPC), the file's size is checked
 * against the bytes sent, and only then is it renamed over the target (same folder, so the rename is atomic).
 * Replacing a file keeps its mode and, where allowed, its owner, and refuses when the original changed while it
 * was being converted. A backup is a hard link to the original, made with link(), which never overwrites.
 * Temporary files are named `.NAME.XXXXXXXX.fanjian-tmp`, removed on errors and on Ctrl-C, and never read as
 * inputs (isTemporaryName).
 */
import { constants, type Stats } from 'node:fs';
import { copyFile, link, mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

const liveTemporaries = new Set<string>();
let observer: ((path: string, live: boolean) => void) | null = null;

/** The suffix of fanjian's temporary files; isTemporaryName recognises the whole pattern. */
const TEMPORARY_SUFFIX = '.fanjian-tmp';
const TEMPORARY_NAME = /^\..*\.[0-9a-f]{8}\.fanjian-tmp$/s;

export function isTemporaryName(name: string): boolean {
  return TEMPORARY_NAME.test(name);
}

function temporaryName(target: string): string {
  // Long names are shortened so that the temporary name stays under the 255-byte limit of file names.
  let stem = basename(target);
  while (Buffer.byteLength(stem) > 200) stem = [...stem].slice(0, -1).join('');
  return join(dirname(target), `.${stem}.${randomBytes(4).toString('hex')}${TEMPORARY_SUFFIX}`);
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
      throw error;
    });
    if (info?.isDirectory()) break;
    if (info) throw Object.assign(new Error(`${folder} is not a folder`), { code: 'ENOTDIR' });
    missing.push(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of missing.reverse()) {
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error; // another thread made it meanwhile
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

/** Remove temporary files still being written (called on SIGINT/SIGTERM before exiting). */
export async function removeTemporaries(): Promise<void> {
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
  readonly hooks?: WriterHooks;
}

/** Why a write was not committed; the target is untouched. */
export class WriteError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'WriteError';
  }
}

let umask: number | null = null;

/** The process's umask, read once: reading it is two system calls (set and restore), and nothing here changes it. */
function processUmask(): number {
  return umask ??= process.umask();
}

/** An open temporary file that becomes `target` on commit(). */
export class AtomicFile {
  private written = 0;

  private constructor(readonly target: string, readonly temporary: string, private readonly handle: FileHandle,
    private readonly options: AtomicWriteOptions) {}

  static async create(target: string, options: AtomicWriteOptions = {}): Promise<AtomicFile> {
    const temporary = temporaryName(target);
    // Tracked before it exists, so that a signal arriving as soon as it exists finds the handler installed.
    track(temporary, true);
    try {
      const handle = await open(temporary, constants.O_CREAT | constants.O_EXCL | constants.O_RDWR, 0o600);
      return new AtomicFile(target, temporary, handle, options);
    } catch (error) {
      track(temporary, false);
      throw error;
    }
  }

  /** The write call, or the test hook's disk that fills up. */
  private async writeCall(bytes: Uint8Array): Promise<number> {
    const disk = this.options.hooks?.diskBytes;
    if (disk !== undefined && this.written + bytes.length > disk) {
      const room = Math.max(0, disk - this.written);
      // As the kernel does on a full disk: a short count first, 0 (then ENOSPC) after.
      return room === 0 ? 0 : (await this.handle.write(bytes, 0, Math.min(room, bytes.length))).bytesWritten;
    }
    return (await this.handle.write(bytes, 0, bytes.length)).bytesWritten;
  }

  async write(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      const count = await this.writeCall(at === 0 ? bytes : bytes.subarray(at));
      if (count <= 0) {
        throw new WriteError(`the disk is full (wrote ${this.written} of the bytes; no space for more)`, 'ENOSPC');
      }
      at += count;
      this.written += count;
    }
  }

  async commit(): Promise<void> {
    const { replaces, durable, backup, renameFrom } = this.options;
    const size = (await this.handle.stat()).size;
    if (size !== this.written) throw new WriteError(`the temporary file holds ${size} bytes where ${this.written} were written`);
    if (replaces && renameFrom === undefined && size === replaces.size && await sameBytes(this.handle, this.target)) {
      // Nothing changed: the original stays as it is — inode, links, timestamps, extended attributes, ACLs.
      await this.handle.close();
      await stillAsRead(replaces, this.target).catch(async (error: unknown) => {
        await this.abort();
        throw error;
      });
      if (backup !== undefined) await keepBackup(this.target, backup);
      await this.abort();
      return;
    }
    if (replaces) {
      await this.handle.chmod(replaces.mode & 0o7777);
      const info = await this.handle.stat();
      if (info.uid !== replaces.uid || info.gid !== replaces.gid) {
        await this.handle.chown(replaces.uid, replaces.gid).catch((error: NodeJS.ErrnoException) => {
          throw new WriteError(`cannot keep its owner ${replaces.uid}:${replaces.gid} (${error.code ?? error.message}); ` +
            'run fanjian as the owner (or as root) to convert it in place', error.code);
        });
        // chown may clear the set-user/group-ID bits: set the mode again.
        await this.handle.chmod(replaces.mode & 0o7777);
      }
    } else {
      // A file replaced in an output folder (or by -o) keeps its mode; a new one gets the usual 0666 less umask.
      const existing = await stat(this.target).catch(() => null);
      await this.handle.chmod(existing ? existing.mode & 0o7777 : 0o666 & ~processUmask());
    }
    if (durable) await this.handle.sync();
    await this.handle.close();
    const original = renameFrom ?? (replaces ? this.target : null);
    if (replaces && original !== null) await stillAsRead(replaces, original);
    if (backup !== undefined && original !== null) await keepBackup(original, backup);
    if (renameFrom !== undefined) {
      // link() never replaces an existing file: a name that appeared meanwhile is kept, and this fails.
      await link(this.temporary, this.target).catch((error: NodeJS.ErrnoException) => {
        throw new WriteError(error.code === 'EEXIST' ? `cannot rename it to ${this.target}, which already exists` :
          `cannot create ${this.target} (${error.code ?? error.message})`, error.code);
      });
      await unlink(this.temporary);
      track(this.temporary, false);
      await unlink(renameFrom); // its backup, if asked for, is a link to it (or a copy) by now
    } else {
      await rename(this.temporary, this.target);
      track(this.temporary, false);
    }
    if (durable) await syncFolder(dirname(this.target));
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await unlink(this.temporary).catch(() => undefined);
    track(this.temporary, false);
  }
}

/** Fails unless the file at `path` is still the one read (not written, removed or replaced meanwhile). */
async function stillAsRead(replaces: FileStamp, path: string): Promise<void> {
  const now = await stat(path).catch(() => null);
  if (!now || !sameFile(replaces, now)) {
    throw new WriteError(now ? 'it changed while it was being converted; it was left as it is now, run fanjian again'
      : 'it was removed or renamed while it was being converted; nothing was written');
  }
}

/** Whether the file at `path` holds exactly the bytes of the open temporary file (sizes known equal). */
async function sameBytes(temporary: FileHandle, path: string): Promise<boolean> {
  const other = await open(path, 'r').catch(() => null);
  if (!other) return false;
  try {
    const a = Buffer.allocUnsafe(1 << 16), b = Buffer.allocUnsafe(1 << 16);
    for (let at = 0; ; at += a.length) {
      const [x, y] = await Promise.all([temporary.read(a, 0, a.length, at), other.read(b, 0, b.length, at)]);
      if (x.bytesRead !== y.bytesRead) return false;
      if (x.bytesRead === 0) return true;
      if (!a.subarray(0, x.bytesRead).equals(b.subarray(0, y.bytesRead))) return false;
    }
  } finally {
    await other.close();
  }
}

/** The original as `backup`, never overwriting: a hard link, or an exclusive copy where links are not supported. */
async function keepBackup(original: string, backup: string): Promise<void> {
  try {
    await link(original, backup);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new WriteError(`its backup ${backup} already exists (from an earlier run?); move it away or choose another --backup suffix`, code);
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EMLINK') throw error;
    await copyFile(original, backup, constants.COPYFILE_EXCL);
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined); // not every file system can sync a folder
  await handle.close();
}
