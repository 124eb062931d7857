/**
 * Whether a folder tells names apart by case and by Unicode normalization. macOS (APFS, HFS+), Windows (NTFS),
 * vfat/exFAT and ext4 casefold folders take `A.txt` and `a.txt`, or `café` in NFC and NFD, as one name: two
 * outputs so named would overwrite each other although their names differ. The folder is asked, not guessed: a
 * probe file is created (named as fanjian's temporary files, so a kill never leaves it to be taken as an input)
 * and looked up under its other spellings, then removed. Where no probe can be created (a read-only folder),
 * existing names are looked up case-swapped; when nothing tells, the folder is taken as insensitive to both, so
 * that a collision is refused rather than risked.
 */
import { lstat, open, readdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { uniqueSuffix } from './atomic-write.js';

export interface NameFolding {
  /** `A.txt` and `a.txt` are one name. */
  readonly caseInsensitive: boolean;
  /** A name in NFC and in NFD is one name. */
  readonly normalizationInsensitive: boolean;
}

/** How the folders of a job compare names (injected in tests: no file system here folds case). */
export type FoldingProbe = (folder: string) => Promise<NameFolding>;

export const EXACT: NameFolding = { caseInsensitive: false, normalizationInsensitive: false };

/** The key under which two names are one name in a folder of that behaviour. */
export function foldName(name: string, folding: NameFolding): string {
  let key = folding.normalizationInsensitive || folding.caseInsensitive ? name.normalize('NFC') : name;
  // Upper then lower case: the common simple case folding (ß stays ß, as on NTFS and APFS).
  if (folding.caseInsensitive) key = key.toUpperCase().toLowerCase();
  return key;
}

const sameEntry = async (a: string, b: string): Promise<boolean> => {
  const [x, y] = await Promise.all([lstat(a).catch(() => null), lstat(b).catch(() => null)]);
  return x !== null && y !== null && x.ino === y.ino && x.dev === y.dev;
};

/** Probe a folder (or, when it does not exist yet, the nearest one above it, where it will be created). */
export async function probeFolding(folder: string): Promise<NameFolding> {
  let dir = folder;
  for (;;) {
    const info = await lstat(dir).catch(() => null);
    if (info?.isDirectory()) break;
    const up = dirname(dir);
    if (up === dir) return { caseInsensitive: true, normalizationInsensitive: true };
    dir = up;
  }
  // é (NFC) and e + combining acute (NFD); lower-case letters to swap.
  const name = `.fanjian-probe-caf\u00e9.${uniqueSuffix()}.fanjian-tmp`;
  const path = join(dir, name);
  const handle = await open(path, 'wx').catch(() => null);
  if (handle) {
    try {
      await handle.close();
      const [caseInsensitive, normalizationInsensitive] = await Promise.all([
        sameEntry(path, join(dir, name.toUpperCase())),
        sameEntry(path, join(dir, name.normalize('NFD'))),
      ]);
      return { caseInsensitive, normalizationInsensitive };
    } finally {
      await unlink(path).catch(() => {});
    }
  }
  // No probe possible: an existing name with letters, looked up case-swapped.
  const names = await readdir(dir).catch(() => [] as string[]);
  const lettered = names.find((entry) => entry.toUpperCase() !== entry.toLowerCase() && !names.includes(swapCase(entry)));
  if (lettered === undefined) return { caseInsensitive: true, normalizationInsensitive: true };
  const caseInsensitive = await sameEntry(join(dir, lettered), join(dir, swapCase(lettered)));
  return { caseInsensitive, normalizationInsensitive: caseInsensitive };
}

const swapCase = (name: string) => [...name].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
