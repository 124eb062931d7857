/** Exit codes and the two kinds of CLI failure: a usage error stops everything, an input error only that input. */

export const EXIT = {
  ok: 0,
  /** Some inputs failed; the others were still converted. */
  inputFailed: 1,
  /** Usage: unknown configuration, missing file, conflicting options. */
  usage: 2,
  interrupted: 130,
} as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure of one input (unreadable, undecodable, unwritable…), reported and counted without stopping the job. */
export class InputError extends Error {
  override readonly name: string = 'InputError';
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

/**
 * What a system error means, in words: Node's own text ("EIO: i/o error, rename '/a/.a.txt.…' -> '/a/a.txt'") names
 * the C call and the errno, which tell a user nothing. The errno stays in parentheses for a bug report.
 */
const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EIO: 'the disk or file system reported an input/output error',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'the name already exists',
  ENOTEMPTY: 'the folder is not empty',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open on this system',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
  EMLINK: 'too many links',
  EXDEV: 'not on the same file system',
  EBUSY: 'it is busy',
  ETXTBSY: 'it is a running program',
  EFBIG: 'the file is too large for this file system',
  ESTALE: 'the network file handle is stale',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EAGAIN: 'it is temporarily unavailable',
  EINVAL: 'the file system refused the call as invalid',
  ENOTSUP: 'the file system does not support it',
  EOPNOTSUPP: 'the file system does not support it',
  ECANCELED: 'it was cancelled',
};

/** What each system call was doing, in words. */
const SYSTEM_CALLS: Readonly<Record<string, string>> = {
  open: 'opening', read: 'reading', write: 'writing', close: 'closing', fsync: 'flushing to disk', fdatasync: 'flushing to disk',
  rename: 'renaming', link: 'linking', unlink: 'removing', fchmod: 'setting the mode', chmod: 'setting the mode',
  fchown: 'setting the owner', chown: 'setting the owner', fstat: 'reading its information', stat: 'reading its information',
  lstat: 'reading its information', mkdir: 'creating a folder', scandir: 'reading a folder', copyfile: 'copying',
  realpath: 'resolving its path', readlink: 'reading a link', utime: 'setting the times', futime: 'setting the times',
};

/**
 * A system error (one with an errno code) in words, or null for any other error; `call: false` leaves out what the
 * call was doing (when the caller says it).
 */
export function systemMessage(error: unknown, { call = true }: { call?: boolean } = {}): string | null {
  const { code, syscall, errno } = (error ?? {}) as { code?: unknown; syscall?: unknown; errno?: unknown };
  if (typeof code !== 'string' || typeof errno !== 'number' || !/^E[A-Z0-9]+$/.test(code)) return null;
  const words = SYSTEM_ERRORS[code] ?? 'the system refused it';
  const doing = call && typeof syscall === 'string' && SYSTEM_CALLS[syscall] ? ` while ${SYSTEM_CALLS[syscall]}` : '';
  return `${words}${doing} (${code})`;
}

export function messageOf(error: unknown): string {
  const system = systemMessage(error);
  if (system !== null) return system;
  return error instanceof Error ? error.message : String(error);
}
