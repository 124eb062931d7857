/**
 * Guarantee: no partial file ever replaces an original or becomes an output, and interruptions leave no temporary
 * file. Here, at the writer itself (src/cli/atomic-write.ts): temporary names are unique and recognised as such,
 * a name taken meanwhile is never overwritten (another one is tried), a new output gets the usual mode of a new
 * file (0666 less the umask) and a replaced one keeps its own, with both writers; and once the temporary files
 * are being removed on a signal, no conversion still running may create one. (The last sets state for the whole
 * process: it runs last, and this file holds nothing else that writes.)
 */
import { readdir, readFile, stat, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicFile, isTemporaryName, removeTemporaries, uniqueSuffix } from '../../src/cli/atomic-write.js';
import { temporaryFolder } from '../cli/helpers.js';

describe('temporary files', () => {
  it('get unique names that are never taken for inputs', () => {
    const suffixes = Array.from({ length: 5000 }, () => uniqueSuffix());
    expect(new Set(suffixes).size).toBe(suffixes.length);
    for (const suffix of suffixes.slice(0, 50)) expect(isTemporaryName(`.a.txt.${suffix}.fanjian-tmp`)).toBe(true);
  });

  it('never overwrite a file that holds the next name: another name is tried', async () => {
    const dir = await temporaryFolder();
    const next = ((parseInt(uniqueSuffix(), 16) + 1) >>> 0).toString(16).padStart(8, '0');
    const taken = join(dir, `.a.txt.${next}.fanjian-tmp`);
    await writeFile(taken, 'another run\'s');
    const writer = await AtomicFile.create(join(dir, 'a.txt'), { small: true });
    expect(writer.temporary).not.toBe(taken);
    await writer.write(Buffer.from('漢字'));
    await writer.commit();
    expect(await readFile(taken, 'utf8')).toBe('another run\'s');
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('漢字');
  });

  it.each([false, true])('become the output with the mode of a new file, or keep the replaced one\'s (small output: %s)', async (small) => {
    const dir = await temporaryFolder();
    const fresh = join(dir, 'new.txt');
    const writer = await AtomicFile.create(fresh, { small });
    await writer.write(Buffer.from('漢字'));
    await writer.commit();
    expect(await readFile(fresh, 'utf8')).toBe('漢字');
    expect((await stat(fresh)).mode & 0o777).toBe(0o666 & ~process.umask());
    const existing = join(dir, 'existing.txt');
    await writeFile(existing, 'old');
    await chmod(existing, 0o604);
    const replacing = await AtomicFile.create(existing, { small });
    await replacing.write(Buffer.from('新'));
    await replacing.commit();
    expect(await readFile(existing, 'utf8')).toBe('新');
    expect((await stat(existing)).mode & 0o777).toBe(0o604);
    expect((await readdir(dir)).sort()).toEqual(['existing.txt', 'new.txt']);
  });

  it('are never created once they are being removed (an interruption)', async () => {
    const dir = await temporaryFolder();
    const target = join(dir, 'a.txt');
    const creating = AtomicFile.create(target, { small: true }); // under way when the signal's removal starts
    await removeTemporaries();
    await expect(creating).rejects.toThrow('interrupted before it was written');
    await expect(AtomicFile.create(join(dir, 'b.txt'), {})).rejects.toThrow('interrupted before it was written');
    expect(await readdir(dir)).toEqual([]);
  });
});
