/**
 * The inputs of a job: files named on the command line, and the files found by walking named folders, filtered by
 * extension or glob. Symbolic links are not followed out of a folder: a link whose target lies outside it is
 * skipped with a warning, and linked folders are not descended (their targets are walked anyway or are outside).
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { UsageError } from './errors.js';

export interface InputFile {
  /** Path as the user would write it (joined from the named path). */
  readonly path: string;
  /** Path relative to the named folder (or the file's base name when the file itself was named). */
  readonly relative: string;
  /** The folder it was found in, as named on the command line; null for a file named directly. */
  readonly root: string | null;
  readonly size: number;
  /** A symbolic link (inside the folder) rather than a regular file. */
  readonly link: boolean;
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

export interface CollectedInputs {
  readonly files: InputFile[];
  readonly skipped: Skipped[];
  /** Folders found, relative to their root, for renaming (deepest first). */
  readonly folders: { readonly root: string; readonly relative: string }[];
  /** The named paths that are folders. */
  readonly roots: string[];
}

function accepts(filter: InputFilter, relativePath: string, matchers: ((path: string) => boolean)[]): boolean {
  const extension = relativePath.includes('.') ? relativePath.slice(relativePath.lastIndexOf('.') + 1).toLowerCase() : '';
  if (filter.extensions.length && !filter.extensions.includes(extension)) return false;
  const posix = relativePath.split(sep).join('/');
  return matchers.length === 0 || matchers.some((match) => match(posix));
}

/** Resolve the named paths into input files. A path that does not exist is a usage error. */
export async function collectInputs(paths: readonly string[], filter: InputFilter): Promise<CollectedInputs> {
  const files: InputFile[] = [];
  const skipped: Skipped[] = [];
  const folders: { root: string; relative: string }[] = [];
  const roots: string[] = [];
  const matchers = filter.globs.map((glob) => picomatch(glob, { dot: false }));
  for (const named of paths) {
    const info = await stat(named).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(error.code === 'ENOENT'
        ? `${named}: no such file or folder`
        : `${named}: cannot read (${error.code ?? error.message})`);
    });
    if (info.isFile()) {
      files.push({ path: named, relative: basename(named), root: null, size: info.size, link: false });
    } else if (info.isDirectory()) {
      roots.push(named);
      const rootReal = await realpath(named);
      await walk(named, rootReal, '', files, skipped, folders, filter, matchers);
    } else {
      skipped.push({ path: named, why: 'not a regular file or folder' });
    }
  }
  folders.sort((a, b) => b.relative.split(sep).length - a.relative.split(sep).length);
  return { files, skipped, folders, roots };
}

async function walk(root: string, rootReal: string, dir: string, files: InputFile[], skipped: Skipped[],
  folders: { root: string; relative: string }[], filter: InputFilter, matchers: ((path: string) => boolean)[]): Promise<void> {
  const entries = await readdir(join(root, dir), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const relativePath = dir ? join(dir, entry.name) : entry.name;
    const path = join(root, relativePath);
    if (entry.isDirectory()) {
      folders.push({ root, relative: relativePath });
      await walk(root, rootReal, relativePath, files, skipped, folders, filter, matchers);
    } else if (entry.isFile()) {
      if (!accepts(filter, relativePath, matchers)) continue;
      files.push({ path, relative: relativePath, root, size: (await lstat(path)).size, link: false });
    } else if (entry.isSymbolicLink()) {
      const target = await realpath(path).catch(() => null);
      const inside = target !== null && (target === rootReal || target.startsWith(rootReal + sep));
      if (!inside) {
        skipped.push({ path, why: target ? `symbolic link to ${target}, outside ${root}` : 'broken symbolic link' });
        continue;
      }
      const targetInfo = await stat(target);
      if (targetInfo.isFile() && accepts(filter, relativePath, matchers)) {
        files.push({ path, relative: relativePath, root, size: targetInfo.size, link: true });
      }
    }
  }
}

/** True when `child` is `parent` or inside it. */
export function isInside(parent: string, child: string): boolean {
  const r = relative(resolve(parent), resolve(child));
  return r === '' || (!r.startsWith('..') && !r.startsWith(sep) && r !== '..');
}
