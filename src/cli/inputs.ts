/**
 * The inputs of a job: files named on the command line, and the files found by walking named folders, filtered by
 * extension or glob. What is never an input: fanjian's own temporary files (left by a killed run), backups of the
 * running --backup suffix, the --out-dir folder when it lies inside an input folder. Symbolic links are not
 * followed out of a folder: a link whose target lies outside it is skipped with a warning, and linked folders
 * are not descended. Pipes and devices are read only when named (in a folder they would block or never end).
 * A name that is not valid UTF-8 fails alone (Node cannot open it by a string path): the others go on.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { isTemporaryName } from './atomic-write.js';
import { fs } from './node-fs.js';
import { messageOf, UsageError } from './errors.js';

export interface InputFile {
  /** Path as the user would write it (joined from the named path): what messages show. */
  readonly path: string;
  /** The absolute path, for file operations. */
  readonly location: string;
  /** Path relative to the named folder (or the file's base name when the file itself was named). */
  readonly relative: string;
  /** The folder it was found in, as named on the command line; null for a file named directly. */
  readonly root: string | null;
  readonly size: number;
  /** A symbolic link rather than a regular file (inside a folder, or named on the command line). */
  readonly link: boolean;
  /** A pipe or character device named on the command line: read as a stream, never rewritten. */
  readonly stream: boolean;
}

export interface Skipped {
  readonly path: string;
  readonly why: string;
}

export interface InputFilter {
  /** Extensions without dot, lower case; empty means any. */
  readonly extensions: readonly string[];
  /** Glob patterns matched against the path relative to the folder; empty means any. */
  readonly globs: readonly string[];
}

export interface Exclusions {
  /** --backup's suffix: files ending with it are backups, never inputs. */
  readonly backupSuffix?: string;
  /** --out-dir (absolute): never walked as an input. */
  readonly outDir?: string;
}

export interface CollectedInputs {
  readonly files: InputFile[];
  readonly skipped: Skipped[];
  /** Inputs that cannot be handled at all (a name that is not UTF-8): failures, reported with the others. */
  readonly failed: Skipped[];
  /** Folders found, relative to their root, for renaming (deepest first). */
  readonly folders: { readonly root: string; readonly location: string; readonly relative: string }[];
  /** The named paths that are folders. */
  readonly roots: string[];
}

function accepts(filter: InputFilter, relativePath: string, matchers: ((path: string) => boolean)[]): boolean {
  const extension = relativePath.includes('.') ? relativePath.slice(relativePath.lastIndexOf('.') + 1).toLowerCase() : '';
  if (filter.extensions.length && !filter.extensions.includes(extension)) return false;
  const posix = relativePath.split(sep).join('/');
  return matchers.length === 0 || matchers.some((match) => match(posix));
}

/** Why a name is never an input, or null. */
function excluded(name: string, exclusions: Exclusions): string | null {
  if (isTemporaryName(name)) return 'a temporary file of an interrupted fanjian run; delete it';
  if (exclusions.backupSuffix && name.endsWith(exclusions.backupSuffix) && name !== exclusions.backupSuffix) {
    return `a backup (--backup ${exclusions.backupSuffix}); backups are never converted`;
  }
  return null;
}

/** Resolve the named paths into input files. A path that does not exist is a usage error. */
export async function collectInputs(paths: readonly string[], filter: InputFilter, cwd: string,
  exclusions: Exclusions = {}): Promise<CollectedInputs> {
  const collected: CollectedInputs = { files: [], skipped: [], failed: [], folders: [], roots: [] };
  // The glob matcher is loaded only for --include (a chunk of its own: most runs never parse it).
  const picomatch = filter.globs.length ? (await import('picomatch')).default : null;
  const matchers = filter.globs.map((glob) => picomatch!(glob, { dot: false }));
  for (const named of paths) {
    const location = resolve(cwd, named);
    const info = await stat(location).catch((error: NodeJS.ErrnoException) => {
      const notUtf8 = named.includes('\ufffd') ? ' (if its name has bytes that are not UTF-8, Node cannot open it by name: ' +
        'rename it, e.g. with convmv, or name its folder, where it is reported alone)' : '';
      throw new UsageError(error.code === 'ENOENT'
        ? `${named}: no such file or folder${notUtf8}`
        : `${named}: cannot read it: ${messageOf(error)}`);
    });
    const why = excluded(basename(location), exclusions);
    if (why && info.isFile()) {
      // Named, it was asked for: not converting it is a failure (exit 1), as for a socket; found in a folder, a skip.
      collected.failed.push({ path: named, why: `${named} is ${why}; nothing was done with it` });
    } else if (why) {
      collected.skipped.push({ path: named, why });
    } else if (info.isFile()) {
      const link = (await lstat(location)).isSymbolicLink();
      collected.files.push({ path: named, location, relative: basename(named), root: null, size: info.size, link, stream: false });
    } else if (info.isDirectory()) {
      collected.roots.push(named);
      const rootReal = await realpath(location);
      await walk({ named, location, rootReal, filter, matchers, exclusions, collected }, '');
    } else if (info.isFIFO() || info.isCharacterDevice()) {
      collected.files.push({ path: named, location, relative: basename(named), root: null, size: 0, link: false, stream: true });
    } else {
      // Named, so asked for: a failure (exit 1), not a skip.
      const what = info.isSocket() ? 'a socket' : info.isBlockDevice() ? 'a block device (a disk)' : 'not a regular file';
      collected.failed.push({ path: named, why: `${named} is ${what}; fanjian reads regular files, pipes and character devices, and nothing was done with it` });
    }
  }
  collected.folders.sort((a, b) => b.relative.split(sep).length - a.relative.split(sep).length);
  // A file named twice (or named and found in a named folder) is one input.
  const seen = new Set<string>();
  const files = collected.files.filter((file) => {
    if (seen.has(file.location)) {
      collected.skipped.push({ path: file.path, why: 'named more than once; converted once' });
      return false;
    }
    seen.add(file.location);
    return true;
  });
  return { ...collected, files };
}

interface Walk {
  readonly named: string;
  readonly location: string;
  readonly rootReal: string;
  readonly filter: InputFilter;
  readonly matchers: ((path: string) => boolean)[];
  readonly exclusions: Exclusions;
  readonly collected: CollectedInputs;
}

async function walk(w: Walk, dir: string): Promise<void> {
  const { collected } = w;
  const entries: Dirent<Buffer>[] = await readdir(join(w.location, dir), { withFileTypes: true, encoding: 'buffer' });
  const named = entries.map((entry) => ({ entry, name: entry.name.toString('utf8') }));
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // The sizes of the folder's files, by synchronous calls: a few microseconds each, where each call through the
  // file-system threads costs a round trip (tens of microseconds of CPU), before any conversion starts.
  const sizeOf = (name: string) => {
    try {
      return fs.lstatSync(join(w.location, dir ? join(dir, name) : name), { throwIfNoEntry: false })?.size ?? 0;
    } catch {
      return 0;
    }
  };
  for (const { entry, name } of named) {
    const relativePath = dir ? join(dir, name) : name;
    const path = join(w.named, relativePath);
    const location = join(w.location, relativePath);
    if (Buffer.compare(Buffer.from(name, 'utf8'), entry.name) !== 0) {
      collected.failed.push({ path, why: `${path}: the name is not valid UTF-8 (bytes ${entry.name.toString('hex')}); ` +
        'rename it (e.g. with convmv) to convert it' });
      continue;
    }
    if (entry.isDirectory()) {
      if (w.exclusions.outDir && (await realpath(location).catch(() => location)) === w.exclusions.outDir) {
        collected.skipped.push({ path, why: 'the output folder (--out-dir) is not an input' });
        continue;
      }
      collected.folders.push({ root: w.named, location, relative: relativePath });
      await walk(w, relativePath);
      continue;
    }
    const why = excluded(name, w.exclusions);
    if (why && (entry.isFile() || entry.isSymbolicLink())) {
      collected.skipped.push({ path, why });
    } else if (entry.isFile()) {
      if (!accepts(w.filter, relativePath, w.matchers)) continue;
      const size = sizeOf(name);
      collected.files.push({ path, location, relative: relativePath, root: w.named, size, link: false, stream: false });
    } else if (entry.isSymbolicLink()) {
      const target = await realpath(location).catch(() => null);
      const inside = target !== null && (target === w.rootReal || target.startsWith(w.rootReal + sep));
      if (!inside) {
        collected.skipped.push({ path, why: target ? `symbolic link to ${target}, outside ${w.named}` : 'broken symbolic link' });
        continue;
      }
      const targetInfo = await stat(target);
      if (targetInfo.isFile() && accepts(w.filter, relativePath, w.matchers)) {
        collected.files.push({ path, location, relative: relativePath, root: w.named, size: targetInfo.size, link: true, stream: false });
      }
    } else if (accepts(w.filter, relativePath, w.matchers)) {
      collected.skipped.push({ path, why: 'not a regular file (a pipe, device or socket is read only when named)' });
    }
  }
}
