/**
 * Writing a file so that it is either wholly replaced or untouched: the bytes go to a temporary file beside the
 * target, which is renamed over it only when complete (same folder, so the rename is atomic). The original's mode
 * is kept; `--backup` copies the original first. Temporary files are removed on errors and on Ctrl-C.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

const liveTemporaries = new Set<string>();
let observer: ((path: string, live: boolean) => void) | null = null;

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

function track(path: string, live: boolean): void {
  if (live) liveTemporaries.add(path);
  else liveTemporaries.delete(path);
  observer?.(path, live);
}

/** Record a temporary file created elsewhere (a worker thread), so that removeTemporaries removes it too. */
export function trackTemporary(path: string, live: boolean): void {
  if (live) liveTemporaries.add(path);
  else liveTemporaries.delete(path);
}

/** Remove temporary files still being written (called on SIGINT/SIGTERM before exiting). */
export async function removeTemporaries(): Promise<void> {
  await Promise.all([...liveTemporaries].map((path) => unlink(path).catch(() => undefined)));
  liveTemporaries.clear();
}

/**
 * Test hook: FANJIAN_TEST_FAIL_AFTER_BYTES=N makes every atomic write fail after N bytes, as a full disk would.
 * It exists so that the tests can prove a failed write leaves the original file intact.
 */
function injectedFailureLimit(): number {
  const value = process.env.FANJIAN_TEST_FAIL_AFTER_BYTES;
  return value === undefined ? Infinity : Number(value);
}

export interface AtomicWriteOptions {
  /** Copy the existing target to target + suffix before replacing it. */
  readonly backupSuffix?: string;
  /** File mode for a new file; an existing target's mode is kept. */
  readonly mode?: number;
  /** Flush to disk before the rename, so that a power cut cannot leave an empty file in place of the original.
   * Needed when replacing the user's file; new files in an output folder can skip the cost. */
  readonly durable?: boolean;
}

/** An open temporary file that becomes `target` on commit(). */
export class AtomicFile {
  private written = 0;
  private readonly failAfter = injectedFailureLimit();

  private constructor(readonly target: string, readonly temporary: string, private readonly handle: FileHandle,
    private readonly options: AtomicWriteOptions) {}

  static async create(target: string, options: AtomicWriteOptions = {}): Promise<AtomicFile> {
    const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.fanjian-tmp`);
    const handle = await open(temporary, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
    track(temporary, true);
    return new AtomicFile(target, temporary, handle, options);
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.written + bytes.length > this.failAfter) {
      const room = Math.max(0, this.failAfter - this.written);
      await this.handle.write(bytes.subarray(0, room));
      throw new Error(`write failed after ${this.failAfter} bytes (injected by FANJIAN_TEST_FAIL_AFTER_BYTES)`);
    }
    await this.handle.write(bytes);
    this.written += bytes.length;
  }

  async commit(): Promise<void> {
    const existing = await stat(this.target).catch(() => null);
    await this.handle.chmod(existing ? existing.mode & 0o7777 : (this.options.mode ?? 0o666 & ~process.umask()));
    if (this.options.durable) await this.handle.sync();
    await this.handle.close();
    if (existing && this.options.backupSuffix) await copyFile(this.target, this.target + this.options.backupSuffix);
    await rename(this.temporary, this.target);
    track(this.temporary, false);
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await unlink(this.temporary).catch(() => undefined);
    track(this.temporary, false);
  }
}

/** Write all chunks to target atomically; on any failure the target is left as it was. */
export async function writeAtomically(target: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: AtomicWriteOptions = {}): Promise<number> {
  const file = await AtomicFile.create(target, options);
  let total = 0;
  try {
    for await (const chunk of chunks) {
      await file.write(chunk);
      total += chunk.length;
    }
    await file.commit();
    return total;
  } catch (error) {
    await file.abort();
    throw error;
  }
}
