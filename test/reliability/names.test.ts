/**
 * Guarantee: every output name is planned before anything is written; a collision, an output over an input, an
 * existing backup or a converted name that escapes its folder is refused as a whole (exit 2, nothing written).
 * Backups and fanjian's own temporary files are never inputs; a name that is not UTF-8 fails alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, fanjian, temporaryFolder } from '../cli/helpers.js';

async function tree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
}

async function contents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[join(entry.parentPath, entry.name).slice(dir.length + 1)] = await readFile(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

const homographs = { '發.txt': 'A', '髮.txt': 'B', '乾.txt': 'C', '幹.txt': 'D' };

describe('output names', () => {
  it('refuses --in-place --rename when two files would get one name, and changes nothing', async () => {
    const dir = await temporaryFolder();
    await tree(join(dir, 'rr'), homographs);
    const result = await fanjian(['-c', 't2s', '--in-place', '--rename', join(dir, 'rr')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/發\.txt and .*髮\.txt would both be written to .*发\.txt/);
    expect(result.stderr).toMatch(/乾\.txt and .*幹\.txt would both be written to .*干\.txt/);
    expect(result.stderr).toContain('nothing was written');
    expect(await contents(join(dir, 'rr'))).toEqual(homographs);
  });

  it('refuses --out-dir --rename collisions, and two inputs with the same base name', async () => {
    const dir = await temporaryFolder();
    await tree(join(dir, 'rr'), homographs);
    await tree(dir, { 'x/a.txt': '汉', 'y/a.txt': '字' });
    const renamed = await fanjian(['-c', 't2s', '--out-dir', join(dir, 'out'), '--rename', join(dir, 'rr')]);
    const sameBase = await fanjian(['-c', 's2t', '--out-dir', join(dir, 'out'), join(dir, 'x', 'a.txt'), join(dir, 'y', 'a.txt')]);
    for (const result of [renamed, sameBase]) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('would both be written to');
    }
    expect((await readdir(dir)).sort()).toEqual(['rr', 'x', 'y']);
  });

  it('refuses to rename a file onto an existing one', async () => {
    const dir = await temporaryFolder();
    await tree(dir, { '發.txt': 'A', '发.txt': 'already here' });
    const result = await fanjian(['-c', 't2s', '--in-place', '--rename', join(dir, '發.txt')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/發\.txt cannot be renamed to 发\.txt: .*发\.txt already exists/);
    expect(await contents(dir)).toEqual({ '發.txt': 'A', '发.txt': 'already here' });
  });

  it('refuses folder renames that collide', async () => {
    const dir = await temporaryFolder();
    await tree(dir, { 'in/發/a.txt': '一', 'in/髮/b.txt': '二' });
    const result = await fanjian(['-c', 't2s', '--in-place', '--rename', join(dir, 'in')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/would both be written to .*发/);
    expect(await contents(join(dir, 'in'))).toEqual({ '發/a.txt': '一', '髮/b.txt': '二' });
  });

  it('refuses a converted name with a separator or "..", so nothing lands outside the tree', async () => {
    const dir = await temporaryFolder();
    await tree(join(dir, 'a', 'b'), { 'in/汉.txt': '汉字', 'evil.txt': '汉\t../../../escaped\n', 'dots.txt': '汉.txt\t..\n' });
    for (const dict of ['evil.txt', 'dots.txt']) {
      for (const mode of [['--out-dir', join(dir, 'a', 'b', 'out')], ['--in-place']]) {
        const result = await fanjian(['-c', 's2t', '--dict', join(dir, 'a', 'b', dict), '--rename', ...mode, join(dir, 'a', 'b', 'in')]);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/cannot rename .*汉\.txt: it would (contain "\/"|become "\.\.")/);
      }
    }
    expect(await readdir(dir)).toEqual(['a']);
    expect((await readdir(join(dir, 'a', 'b'))).sort()).toEqual(['dots.txt', 'evil.txt', 'in']);
    expect(await contents(join(dir, 'a', 'b', 'in'))).toEqual({ '汉.txt': '汉字' });
  });

  it('refuses an --out-dir that is the input folder, and never walks an --out-dir inside it', async () => {
    const dir = await temporaryFolder();
    await tree(join(dir, 'in'), { 'a.txt': '汉字' });
    const same = await fanjian(['-c', 's2t', '--out-dir', join(dir, 'in'), join(dir, 'in')]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/would be written over itself.*use --in-place/);
    expect(await contents(join(dir, 'in'))).toEqual({ 'a.txt': '汉字' });
    for (let run = 0; run < 2; run++) {
      const inside = await fanjian(['-c', 's2t', '--out-dir', join(dir, 'in', 'out'), join(dir, 'in')]);
      expect(inside.code).toBe(0);
    }
    expect(await contents(join(dir, 'in'))).toEqual({ 'a.txt': '汉字', 'out/a.txt': '漢字' }); // no out/out
  });

  it('converts a file named twice (or named and inside a named folder) once', async () => {
    const dir = await temporaryFolder();
    await tree(dir, { 'in/a.txt': '汉字' });
    const result = await fanjian(['-c', 's2t', '--in-place', join(dir, 'in', 'a.txt'), join(dir, 'in'), join(dir, 'in', '.', 'a.txt')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped .*a\.txt: named more than once; converted once/);
    expect(await contents(dir)).toEqual({ 'in/a.txt': '漢字' });
  });

  it('converts once a file reached through a folder and a symbolic link to it (with --backup, and with --rename)', async () => {
    const dir = await temporaryFolder();
    await tree(dir, { 'in/a.txt': '汉字', 'in/sub/發.txt': '頭髮', 'in2/發.txt': '頭髮' });
    await symlink('in', join(dir, 'link'));
    await symlink('in2', join(dir, 'link2'));
    const backup = await fanjian(['-c', 's2t', '--in-place', '--backup', '.orig', join(dir, 'in'), join(dir, 'link')]);
    expect(backup.stderr).toMatch(/skipped .*link\/a\.txt: the same file as .*in\/a\.txt \(reached through a symbolic link\); converted once/);
    expect(backup.code).toBe(0);
    expect(await contents(join(dir, 'in'))).toEqual({ 'a.txt': '漢字', 'a.txt.orig': '汉字', 'sub/發.txt': '頭髮' });
    const renamed = await fanjian(['-c', 't2s', '--in-place', '--rename', join(dir, 'link2'), join(dir, 'in2', '發.txt')]);
    expect(renamed.stderr).toMatch(/skipped .*in2\/發\.txt: the same file as .*link2\/發\.txt/);
    expect(renamed.code).toBe(0);
    expect(await contents(join(dir, 'in2'))).toEqual({ '发.txt': '头发' });
  });

  it('refuses --out-dir outputs where one needs a folder of another\'s name, or an existing file is in the way', async () => {
    const dir = await temporaryFolder();
    await tree(dir, { 'in/發/a.txt': 'A', 'in/发': 'B', 'x/sub/c.txt': 'C', 'y/sub': 'D' });
    const renamed = await fanjian(['-c', 't2s', '--rename', '--out-dir', join(dir, 'out'), join(dir, 'in')]);
    expect(renamed.code).toBe(2);
    expect(renamed.stderr).toContain(`${join(dir, 'in', '发')} would be written to ${join(dir, 'out', '发')}, where ${join(dir, 'in', '發', 'a.txt')} needs a folder of that name`);
    const roots = await fanjian(['-c', 's2t', '--out-dir', join(dir, 'out'), join(dir, 'x'), join(dir, 'y')]);
    expect(roots.code).toBe(2);
    expect(roots.stderr).toContain(`where ${join(dir, 'x', 'sub', 'c.txt')} needs a folder of that name`);
    await tree(dir, { 'out/sub': 'a file in the way' });
    const existing = await fanjian(['-c', 's2t', '--out-dir', join(dir, 'out'), join(dir, 'x')]);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toContain(`${join(dir, 'out', 'sub')} exists and is not a folder, and ${join(dir, 'x', 'sub', 'c.txt')} would be written inside it`);
    expect(await contents(join(dir, 'out'))).toEqual({ sub: 'a file in the way' });
  });

  it('refuses -o naming the input itself', async () => {
    const dir = await temporaryFolder();
    await tree(dir, { 'a.txt': '汉字' });
    const result = await fanjian(['-c', 's2t', '-o', join(dir, 'a.txt'), join(dir, 'a.txt')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is the input');
    expect(await contents(dir)).toEqual({ 'a.txt': '汉字' });
  });
});

describe('backups', () => {
  it('never converts a backup and never overwrites one: a second run is refused, the original kept', async () => {
    const dir = await temporaryFolder();
    await tree(join(dir, 'bk'), { 'a.txt': '汉字' });
    const first = await fanjian(['-c', 's2t', '--in-place', '--backup', '.orig', join(dir, 'bk')]);
    expect(first.code).toBe(0);
    const second = await fanjian(['-c', 's2t', '--in-place', '--backup', '.orig', join(dir, 'bk')]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/skipped .*a\.txt\.orig: a backup/);
    expect(second.stderr).toMatch(/the backup .*a\.txt\.orig already exists/);
    expect(await contents(join(dir, 'bk'))).toEqual({ 'a.txt': '漢字', 'a.txt.orig': '汉字' });
  });

  it('fails a backup or a temporary file named on the command line (exit 1, named), converting the others; in a folder, skips it', async () => {
    const dir = await temporaryFolder();
    await tree(dir, { 'a.txt': '汉字', 'notes.orig': '汉字', '.b.txt.0123abcd.fanjian-tmp': '后' });
    const result = await fanjian(['-c', 's2t', '--in-place', '--backup', '.orig', join(dir, 'a.txt'), join(dir, 'notes.orig'),
      join(dir, '.b.txt.0123abcd.fanjian-tmp')]);
    expect(result.code).toBe(1); // it exited 0, "1 skipped": a file asked for and not converted
    expect(result.stderr).toContain(`${join(dir, 'notes.orig')} is a backup (--backup .orig); backups are never converted; nothing was done with it`);
    expect(result.stderr).toContain('is a temporary file of an interrupted fanjian run; delete it');
    expect(result.stderr).toMatch(/1 converted, 0 skipped, 2 failed/);
    expect(await contents(dir)).toEqual({ 'a.txt': '漢字', 'a.txt.orig': '汉字', 'notes.orig': '汉字', '.b.txt.0123abcd.fanjian-tmp': '后' });
  });

  it('refuses a backup suffix that names backups like temporary files (exit 2, nothing done)', async () => {
    const dir = await temporaryFolder();
    await tree(dir, { '.a.0123abcd': '汉字' }); // its backup would read as `.a` + suffix 0123abcd + .fanjian-tmp
    const result = await fanjian(['-c', 's2t', '--in-place', '--backup', '.fanjian-tmp', join(dir, '.a.0123abcd')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--backup cannot end in .fanjian-tmp');
    expect(await contents(dir)).toEqual({ '.a.0123abcd': '汉字' });
  });

  it('fails, rather than skips, a file ending in the suffix whose original is not beside it (--backup .txt on .txt files)', async () => {
    // Before: every a.txt was "a backup (--backup .txt)", skipped: nothing converted, exit 0.
    const dir = await temporaryFolder();
    await tree(join(dir, 'd'), { 'a.txt': '汉字', 'b.md': '汉字' });
    const result = await fanjian(['-c', 's2t', '--in-place', '--backup', '.txt', join(dir, 'd')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('a.txt ends in the --backup suffix .txt, but a, the file it would be the backup of, is not beside it; it was not converted');
    expect(await contents(join(dir, 'd'))).toEqual({ 'a.txt': '汉字', 'b.md': '漢字', 'b.md.txt': '汉字' });
    // A backup whose original was renamed by --rename is still a backup on the next --rename run: skipped, exit 0.
    await tree(join(dir, 'r'), { '头发.txt': '头发' });
    expect((await fanjian(['-c', 's2t', '--in-place', '--rename', '--backup', '.bak', join(dir, 'r')])).code).toBe(0);
    await writeFile(join(dir, 'r', '后来.txt'), '后来');
    const again = await fanjian(['-c', 's2t', '--in-place', '--rename', '--backup', '.bak', join(dir, 'r')]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('头发.txt.bak: a backup (--backup .bak)');
    expect(await contents(join(dir, 'r'))).toEqual({ '頭髮.txt': '頭髮', '头发.txt.bak': '头发', '後來.txt': '後來', '后来.txt.bak': '后来' });
  });

  it('keeps the backup under its old name with --rename', async () => {
    const dir = await temporaryFolder();
    await tree(dir, { '头发.txt': '头发' });
    const result = await fanjian(['-c', 's2t', '--in-place', '--rename', '--backup', '.bak', join(dir, '头发.txt')]);
    expect(result.code).toBe(0);
    expect(await contents(dir)).toEqual({ '頭髮.txt': '頭髮', '头发.txt.bak': '头发' });
  });
});

describe('what is never an input', () => {
  it("skips fanjian's own temporary files left by a killed run", async () => {
    const dir = await temporaryFolder();
    await tree(join(dir, 'in'), { 'a.txt': '汉字', '.a.txt.0123abcd.fanjian-tmp': '汉字后' });
    const result = await fanjian(['-c', 's2t', '--in-place', join(dir, 'in')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped .*fanjian-tmp: a temporary file of an interrupted fanjian run; delete it/);
    expect(await contents(join(dir, 'in'))).toEqual({ 'a.txt': '漢字', '.a.txt.0123abcd.fanjian-tmp': '汉字后' });
  });

  it('fails a file whose name is not UTF-8 alone, converts the others, and lists it in the summary', async () => {
    const dir = await temporaryFolder();
    await tree(join(dir, 'in'), { 'good.txt': '汉字' });
    const bad = Buffer.concat([Buffer.from(join(dir, 'in', 'bad')), Buffer.from([0xff]), Buffer.from('.txt')]);
    await writeFile(bad, '汉字');
    const result = await fanjian(['-c', 's2t', '--out-dir', join(dir, 'out'), join(dir, 'in')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\ufffd\.txt: the name is not valid UTF-8 \(bytes [0-9a-f]*ff2e747874\); rename it/);
    expect(result.stderr).toMatch(/1 converted, 0 skipped, 1 failed/);
    expect(await contents(join(dir, 'out'))).toEqual({ 'good.txt': '漢字' });
    // Named on the command line, it cannot even be opened by name: the message says why and what to do.
    const named = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" -c s2t "$(printf '%s/in/bad\\xff.txt' "$0")"`, dir], { encoding: 'utf8' });
    expect(named.status).toBe(2);
    expect(named.stderr).toContain('if its name has bytes that are not UTF-8, Node cannot open it by name');
  });
});
