/**
 * Guarantee: outputs whose names differ only by case or by Unicode normalization are refused where the output
 * folder takes them as one name (macOS, Windows, vfat), before anything is written. No file system on Linux test
 * machines folds names (vfat and casefold tmpfs need kernel support a container rarely has), so the folder's
 * behaviour is injected into the plan; the probe itself is checked on the real (exact) file system here, and its
 * fallback for folders where it cannot write.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInputs } from '../../src/cli/inputs.js';
import { EXACT, foldName, probeFolding, type NameFolding } from '../../src/cli/name-folding.js';
import { planOutputs } from '../../src/cli/output-plan.js';
import { temporaryFolder } from '../cli/helpers.js';

const FOLDS_BOTH: NameFolding = { caseInsensitive: true, normalizationInsensitive: true };
const NORMALIZES: NameFolding = { caseInsensitive: false, normalizationInsensitive: true };
const t2sName = (name: string) => name.replace('發', '发').replace('髮', '发');
const nfc = 'caf\u00e9.txt', nfd = 'cafe\u0301.txt';

async function plan(files: Record<string, string>, mode: Parameters<typeof planOutputs>[1], folding: NameFolding,
  rename = (name: string) => name) {
  const dir = await temporaryFolder();
  await mkdir(join(dir, 'in'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'in', name), text);
  const probed: string[] = [];
  const collected = await collectInputs([join(dir, 'in')], { extensions: [], globs: [] }, dir);
  const result = await planOutputs(collected, mode, rename, dir, async (folder) => {
    probed.push(folder);
    return folding;
  });
  return { result, probed, dir };
}

describe('names one file system takes as one', () => {
  it('--out-dir: A.txt and a.txt collide on a case-insensitive folder, are two files on an exact one', async () => {
    const mode = { kind: 'out-dir', dir: 'out', rename: false } as const;
    const folded = await plan({ 'A.txt': '汉', 'a.txt': '字' }, mode, FOLDS_BOTH);
    expect(folded.result.problems).toHaveLength(1);
    expect(folded.result.problems[0]).toMatch(/A\.txt and .*a\.txt would be written to out\/A\.txt and out\/a\.txt, one name on this file system .*by case/);
    expect(folded.probed).toEqual([join(folded.dir, 'out')]);
    expect((await plan({ 'A.txt': '汉', 'a.txt': '字' }, mode, EXACT)).result.problems).toEqual([]);
  });

  it('--out-dir: café in NFC and in NFD collide where the folder normalizes names', async () => {
    const mode = { kind: 'out-dir', dir: 'out', rename: false } as const;
    const folded = await plan({ [nfc]: '汉', [nfd]: '字' }, mode, NORMALIZES);
    expect(folded.result.problems[0]).toMatch(/one name on this file system .*by Unicode normalization \(NFC\/NFD\)/);
    expect((await plan({ [nfc]: '汉', [nfd]: '字', 'A.txt': '', 'a.txt': '' }, mode, NORMALIZES)).result.problems).toHaveLength(1);
  });

  it('--in-place --rename: 發.TXT and 髮.txt renamed to 发.TXT and 发.txt collide on a case-insensitive folder', async () => {
    const mode = { kind: 'in-place', backup: null, rename: true } as const;
    const folded = await plan({ '發.TXT': 'A', '髮.txt': 'B' }, mode, FOLDS_BOTH, t2sName);
    expect(folded.result.problems).toHaveLength(1);
    expect(folded.result.problems[0]).toMatch(/发\.TXT and .*发\.txt, one name on this file system/);
    expect((await plan({ '發.TXT': 'A', '髮.txt': 'B' }, mode, EXACT, t2sName)).result.problems).toEqual([]);
  });

  it('in place without --rename, no new name is made: nothing is probed', async () => {
    const { result, probed } = await plan({ 'a.txt': '汉', 'b.txt': '字' }, { kind: 'in-place', backup: null, rename: false }, FOLDS_BOTH);
    expect(result.problems).toEqual([]);
    expect(probed).toEqual([]);
  });

  it('foldName: case and normalization folded as asked', () => {
    expect(foldName(nfd.toUpperCase(), FOLDS_BOTH)).toBe(foldName(nfc, FOLDS_BOTH));
    expect(foldName(nfd, NORMALIZES)).toBe(nfc);
    expect(foldName('A', NORMALIZES)).toBe('A');
    expect(foldName(nfd, EXACT)).toBe(nfd);
  });

  it('the probe tells this exact file system apart from a folding one, leaves nothing behind, and probes the nearest existing folder', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'keep.txt'), '');
    expect(await probeFolding(dir)).toEqual(EXACT);
    expect(await probeFolding(join(dir, 'not', 'yet'))).toEqual(EXACT);
    expect(await readdir(dir)).toEqual(['keep.txt']);
  });

  it('where no probe can be written and no name tells, the folder is taken as folding (a collision refused, not risked)', async () => {
    const dir = await temporaryFolder();
    const folder = join(dir, 'ro');
    await mkdir(folder);
    let unmount: (() => void) | null = null;
    if (process.getuid?.() === 0) {
      // root writes into any folder whose mode forbids it: a read-only mount is needed.
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', folder], { stdio: 'ignore' });
        unmount = () => execFileSync('umount', [folder]);
      } catch {
        console.warn('name-folding fallback test not run: as root it needs a read-only mount, which is not permitted here');
        return;
      }
    } else {
      await chmod(folder, 0o555);
    }
    try {
      expect(await probeFolding(folder)).toEqual(FOLDS_BOTH);
    } finally {
      if (unmount) unmount();
      else await chmod(folder, 0o755);
    }
  });
});
