/**
 * Every output name of a job, decided before anything is written. Conflicts are refused as a whole, listing each:
 * two inputs written to one name, an output that would overwrite an input, a renamed file or folder landing on an
 * existing one, an existing backup, a converted name that is not a valid name, an output that is a symbolic
 * link, folder or socket — by exact name, and then as the output folders compare names (name-folding.ts: two
 * names differing only by case or Unicode normalization are one name on macOS, Windows and vfat). Outputs that are
 * pipes or character devices (`-o /dev/null`) are written through.
 */
import type { Stats } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { CollectedInputs, InputFile } from './inputs.js';
import type { OutputMode } from './io-options.js';
import { foldName, probeFolding, type FoldingProbe } from './name-folding.js';
import { fs } from './node-fs.js';
import type { Target } from './pipeline.js';

export interface PlannedInput extends InputFile {
  readonly target: Target;
}

export interface FolderRename {
  readonly from: string;
  readonly to: string;
  /** As messages show it. */
  readonly path: string;
}

export interface OutputPlan {
  readonly inputs: PlannedInput[];
  /** --in-place --rename: folders renamed after their files, deepest first. */
  readonly folders: FolderRename[];
  /** Inputs left alone on purpose (a link inside a folder under --in-place: its file is converted itself). */
  readonly skipped: { readonly path: string; readonly why: string }[];
  /** Conflicts: when any, nothing is written. */
  readonly problems: string[];
}

/** Why a converted file or folder name cannot be used, or null. */
export function invalidName(original: string, converted: string): string | null {
  if (converted === '' || converted === '.' || converted === '..') return `it would become ${JSON.stringify(converted)}`;
  if (converted.includes('/') || converted.includes('\0')) return `it would contain "/" or NUL (${JSON.stringify(converted)})`;
  if (converted.includes('\\') && !original.includes('\\')) return `it would contain "\\" (${JSON.stringify(converted)})`;
  if (Buffer.byteLength(converted) > 255) return 'it would be longer than 255 bytes';
  return null;
}

/** The file's information (following a link, or not), or null when it cannot be had. */
function statOrNull(path: string, follow: boolean): Stats | null {
  try {
    return (follow ? fs.statSync(path, { throwIfNoEntry: false }) : fs.lstatSync(path, { throwIfNoEntry: false })) ?? null;
  } catch {
    return null;
  }
}

/** A folder's path with its symbolic links resolved (as it is, when that cannot be had). */
function realFolder(path: string): string {
  try {
    return fs.realpathSync.native(path);
  } catch {
    return path;
  }
}

const sameFile = (a: Stats | null, b: Stats | null) => a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;

/**
 * Plan where each input goes. `rename` converts one name (for --rename). `folding` tells how a folder compares
 * names (default: probed, see name-folding.ts).
 */
export async function planOutputs(collected: CollectedInputs, mode: OutputMode, rename: (name: string) => string,
  cwd: string, folding: FoldingProbe = probeFolding): Promise<OutputPlan> {
  const problems: string[] = [];
  const inputs: PlannedInput[] = [];
  const folders: FolderRename[] = [];
  const skipped: { path: string; why: string }[] = [];
  /** Every path written or created, to the input that claims it. `shown` is the path as messages show it. */
  const claimed = new Map<string, string>();
  /** The same, for the check under the folders' own comparison of names (case, normalization): `root` is the
   * existing folder below which the names may fold. */
  const claims: { path: string; by: string; shown: string; root: string }[] = [];
  const claim = (path: string, by: string, shown: string, root = dirname(path)) => {
    const other = claimed.get(path);
    if (other !== undefined && other !== by) problems.push(`${other} and ${by} would both be written to ${shown}`);
    else if (other === undefined) {
      claimed.set(path, by);
      claims.push({ path, by, shown, root });
    }
  };
  // File information by synchronous calls: a few microseconds each, where a call through the file-system threads
  // costs a round trip (tens of microseconds of CPU), which for a folder of small files dominated the planning.
  const known = new Map<string, Stats | null>();
  const info = (path: string): Stats | null => {
    let answer = known.get(path);
    if (answer === undefined) known.set(path, answer = statOrNull(path, false));
    return answer;
  };
  const ids = collected.files.map((input) => (input.stream ? null : statOrNull(input.location, true)));
  const inputIds = new Map<string, string>();
  ids.forEach((s, i) => {
    if (s) inputIds.set(`${s.dev}:${s.ino}`, collected.files[i]!.path);
  });
  const overwritesInput = (existing: Stats | null, self: InputFile) => {
    if (!existing) return null;
    const other = inputIds.get(`${existing.dev}:${existing.ino}`);
    return other !== undefined && other !== self.path ? other : other === self.path ? self.path : null;
  };
  const renamed = (name: string, what: string): string | null => {
    const converted = rename(name);
    const why = invalidName(name, converted);
    if (why) {
      problems.push(`cannot rename ${what}: ${why}`);
      return null;
    }
    return converted;
  };

  switch (mode.kind) {
    case 'stdout':
      for (const input of collected.files) inputs.push({ ...input, target: { kind: 'stdout' } });
      break;
    case 'file': {
      const input = collected.files[0];
      const location = resolve(cwd, mode.path);
      const target = await outputFile(location, mode.path, problems);
      if (input && target) {
        if (target.kind === 'file' && overwritesInput(await stat(target.path).catch(() => null), input)) {
          problems.push(`-o ${mode.path} is the input ${input.path} itself; use --in-place to rewrite a file`);
        }
        inputs.push({ ...input, target });
      }
      break;
    }
    case 'out-dir': {
      const dir = resolve(cwd, mode.dir);
      const dirInfo = await stat(dir).catch(() => null);
      if (dirInfo && !dirInfo.isDirectory()) problems.push(`--out-dir ${mode.dir} exists and is not a folder`);
      const reported = new Set<string>();
      /** Folders the outputs need, and output files, to the input that needs them first. */
      const neededFolders = new Map<string, string>();
      const files = new Map<string, { by: string; shown: string }>();
      for (const input of collected.files) {
        const parts = input.relative.split(sep);
        const names = mode.rename ? parts.map((part) => renamed(part, input.path)) : parts;
        if (names.some((n) => n === null)) continue;
        const path = join(dir, ...(names as string[]));
        const shown = join(mode.dir, ...(names as string[]));
        // The folders on the way: one that is a symbolic link would take the output out of the tree (or into an
        // input); one that is a file, or another output's name, cannot hold it.
        let blocked = false;
        for (let i = 1; i < names.length && !blocked; i++) {
          const folder = join(dir, ...(names as string[]).slice(0, i));
          const folderShown = join(mode.dir, ...(names as string[]).slice(0, i));
          const found = info(folder);
          blocked = found !== null && !found.isDirectory();
          if (blocked && !reported.has(folder)) {
            reported.add(folder);
            problems.push(found!.isSymbolicLink()
              ? `${folderShown} is a symbolic link; fanjian does not write through links inside --out-dir, which could take ` +
                'outputs out of it (remove the link, or choose another --out-dir)'
              : `${folderShown} exists and is not a folder, and ${input.path} would be written inside it`);
          }
          if (!neededFolders.has(folder)) neededFolders.set(folder, input.path);
        }
        if (blocked) continue;
        claim(path, input.path, shown, dir);
        files.set(path, { by: input.path, shown });
        const existing = info(path);
        const other = overwritesInput(existing, input);
        if (other === input.path) {
          problems.push(`${input.path} would be written over itself: --out-dir ${mode.dir} is where the inputs are; ` +
            'use --in-place to rewrite them, or another --out-dir');
        } else if (other !== null) {
          problems.push(`${input.path} would be written over the input ${other}; choose an --out-dir outside the inputs, or use --in-place`);
        } else if (existing?.isSymbolicLink()) {
          problems.push(`${shown} is a symbolic link; fanjian does not replace links (remove it or choose another --out-dir)`);
        } else if (existing && !existing.isFile()) {
          problems.push(`${shown} exists and is not a regular file`);
        }
        inputs.push({ ...input, target: { kind: 'file', path } });
      }
      for (const [path, file] of files) {
        const by = neededFolders.get(path);
        if (by !== undefined) problems.push(`${file.by} would be written to ${file.shown}, where ${by} needs a folder of that name`);
      }
      break;
    }
    case 'in-place': {
      // One file reached by two paths (a folder and a symbolic link to it, a file and a link to it) is one input:
      // rewritten twice, the second run would find its backup taken and the file changed.
      const byRealPath = new Map<string, string>();
      const realFolders = new Map<string, string>();
      for (const input of collected.files) {
        if (input.stream) {
          problems.push(`${input.path} is a pipe or device: it cannot be rewritten in place; use -o FILE`);
          continue;
        }
        let location = input.location;
        if (input.link) {
          if (input.root !== null) {
            skipped.push({ path: input.path, why: 'symbolic link: its file inside the folder is converted itself' });
            continue;
          }
          if (mode.rename) {
            problems.push(`${input.path} is a symbolic link: --rename would rename the link, not its file; name the file itself`);
            continue;
          }
          location = await realpath(input.location); // the link stays; the file it points to is converted
        } else {
          const folder = dirname(location);
          let real = realFolders.get(folder);
          if (real === undefined) realFolders.set(folder, real = realFolder(folder));
          location = join(real, basename(location));
        }
        const first = byRealPath.get(location);
        if (first !== undefined) {
          skipped.push({ path: input.path, why: `the same file as ${first} (reached through a symbolic link); converted once` });
          continue;
        }
        byRealPath.set(location, input.path);
        const backup = mode.backup === null ? undefined : location + mode.backup;
        if (backup !== undefined) {
          claim(backup, input.path, input.path + mode.backup);
          if (info(backup)) {
            problems.push(`the backup ${input.path}${mode.backup} already exists (from an earlier run?); ` +
              'move it away or choose another --backup suffix');
          }
        }
        const name = mode.rename ? renamed(basename(location), input.path) : basename(location);
        if (name === null) continue;
        const path = join(dirname(location), name);
        claim(path, input.path, input.link ? path : join(dirname(input.path), name));
        if (path !== location) {
          const existing = info(path);
          // The same file under another spelling (a case-insensitive file system) is the input itself.
          if (existing && !sameFile(existing, info(location))) {
            problems.push(`${input.path} cannot be renamed to ${name}: ${join(dirname(input.path), name)} already exists`);
          }
          inputs.push({ ...input, target: { kind: 'in-place', path, renameFrom: location, ...(backup !== undefined ? { backup } : {}) } });
        } else {
          inputs.push({ ...input, target: { kind: 'in-place', path, ...(backup !== undefined ? { backup } : {}) } });
        }
      }
      if (mode.rename) {
        const renamedFolders = new Set<string>();
        for (const folder of collected.folders) {
          const real = realFolder(folder.location);
          if (renamedFolders.has(real)) continue; // the same folder reached through a symbolic link
          renamedFolders.add(real);
          const name = renamed(basename(folder.location), join(folder.root, folder.relative));
          if (name === null || name === basename(folder.location)) continue;
          const to = join(dirname(folder.location), name);
          const shown = join(folder.root, dirname(folder.relative), name);
          claim(to, join(folder.root, folder.relative), shown);
          if (info(to)) problems.push(`the folder ${join(folder.root, folder.relative)} cannot be renamed to ${name}: ${shown} already exists`);
          folders.push({ from: folder.location, to, path: join(folder.root, folder.relative) });
        }
      }
      break;
    }
  }
  // New names are made by --out-dir and --rename; in place, the inputs' names already coexist.
  const names = mode.kind === 'out-dir' || (mode.kind === 'in-place' && mode.rename);
  if (problems.length === 0 && names) problems.push(...await foldedCollisions(claims, folding));
  return { inputs, folders, skipped, problems };
}

/**
 * Outputs whose names differ but are one name in their folder (`A.txt` and `a.txt` on a case-insensitive file
 * system; `café` in NFC and NFD on one that normalizes). Only folders receiving several names are probed.
 */
async function foldedCollisions(claims: readonly { path: string; by: string; shown: string; root: string }[],
  folding: FoldingProbe): Promise<string[]> {
  const byRoot = new Map<string, typeof claims[number][]>();
  for (const entry of claims) {
    const group = byRoot.get(entry.root);
    if (group) group.push(entry);
    else byRoot.set(entry.root, [entry]);
  }
  const problems: string[] = [];
  for (const [root, group] of byRoot) {
    if (group.length < 2) continue;
    const behaviour = await folding(root);
    if (!behaviour.caseInsensitive && !behaviour.normalizationInsensitive) continue;
    const seen = new Map<string, typeof claims[number]>();
    for (const entry of group) {
      const key = relative(root, entry.path).split(sep).map((name) => foldName(name, behaviour)).join(sep);
      const other = seen.get(key);
      if (other === undefined) {
        seen.set(key, entry);
        continue;
      }
      const how = [behaviour.caseInsensitive ? 'case' : '', behaviour.normalizationInsensitive ? 'Unicode normalization (NFC/NFD)' : '']
        .filter(Boolean).join(' or ');
      problems.push(`${other.by} and ${entry.by} would be written to ${other.shown} and ${entry.shown}, one name on this ` +
        `file system (its folder ${root} does not tell names apart by ${how}); rename one of them first`);
    }
  }
  return problems;
}

/** The target of -o: a file written atomically (through a symbolic link to its file), or a pipe or device. */
async function outputFile(location: string, named: string, problems: string[]): Promise<Target | null> {
  const own = await lstat(location).catch(() => null);
  if (!own) {
    // Its folder must be there: a mistyped -o path is refused, not made (as --out-dir's folders are).
    const folder = dirname(location);
    const info = await stat(folder).catch((error: NodeJS.ErrnoException) => error.code ?? String(error));
    if (typeof info === 'string') {
      problems.push(info === 'ENOENT' ? `-o ${named}: the folder ${folder} does not exist; create it first (mkdir -p), or correct the path`
        : info === 'ENOTDIR' ? `-o ${named}: the folder ${folder} is not a folder (a file is in its path)`
          : `-o ${named}: cannot look at the folder ${folder} (${info})`);
      return null;
    }
    if (!info.isDirectory()) {
      problems.push(`-o ${named}: the folder ${folder} is not a folder`);
      return null;
    }
    return { kind: 'file', path: location };
  }
  const followed = own.isSymbolicLink() ? await stat(location).catch(() => null) : own;
  if (!followed) {
    problems.push(`-o ${named} is a symbolic link to nothing; fanjian does not replace links (remove it, or name the file)`);
    return null;
  }
  if (followed.isDirectory()) {
    problems.push(`-o ${named} is a folder; use --out-dir ${named} to write into it`);
    return null;
  }
  if (followed.isFIFO() || followed.isCharacterDevice()) return { kind: 'device', path: location };
  if (!followed.isFile()) {
    problems.push(`-o ${named} is not a regular file, pipe or character device`);
    return null;
  }
  return { kind: 'file', path: own.isSymbolicLink() ? await realpath(location) : location };
}
