/**
 * Guarantee: no partial file ever replaces an original or becomes an output. A full disk is simulated at the
 * write call (FANJIAN_TEST_DISK_BYTES: the write call writes short, then nothing, as the kernel does when the
 * disk fills), and, where this machine allows mounting, reproduced on a real 1 MB tmpfs.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { fanjian, temporaryFolder } from '../cli/helpers.js';

const text = '汉字后来的头发，干部这里并没有于是。\n'.repeat(3000); // 165 KB
const disk = (bytes: number) => ({ env: { FANJIAN_TEST_DISK_BYTES: String(bytes) } });

describe('a full disk', () => {
  it.each([0, 1, 4096, 100_000])('leaves the original intact under --in-place when the disk holds %i bytes', async (room) => {
    const dir = await temporaryFolder();
    const file = join(dir, 'a.txt');
    await writeFile(file, text);
    const result = await fanjian(['-c', 's2t', '--in-place', file], disk(room));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}: the disk is full`);
    expect(result.stderr).toContain('the file was left as it was');
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['a.txt']);
  });

  it('writes no output file with -o, --out-dir or from standard input, and exits 1', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'a.txt'), text);
    const single = await fanjian(['-c', 's2t', '-o', join(dir, 'out.txt'), join(dir, 'a.txt')], disk(50_000));
    const folder = await fanjian(['-c', 's2t', '--out-dir', join(dir, 'out'), join(dir, 'a.txt')], disk(50_000));
    const stdin = await fanjian(['-c', 's2t', '-o', join(dir, 'stdin.txt')], { input: text, ...disk(50_000) });
    for (const result of [single, folder, stdin]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/disk is full.*was not written/);
    }
    expect((await readdir(dir)).sort()).toEqual(['a.txt', 'out']);
    expect(await readdir(join(dir, 'out'))).toEqual([]);
  });

  it('keeps an existing output file whole when replacing it fails', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'a.txt'), text);
    await writeFile(join(dir, 'out.txt'), 'previous output');
    const result = await fanjian(['-c', 's2t', '-o', join(dir, 'out.txt'), join(dir, 'a.txt')], disk(10));
    expect(result.code).toBe(1);
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe('previous output');
  });

  it('fails only the files that did not fit, in worker threads too, and lists them', async () => {
    const dir = await temporaryFolder();
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', 'small.txt'), '汉字\n');
    await writeFile(join(dir, 'in', 'large.txt'), text);
    const result = await fanjian(['-c', 's2t', '-j', '2', '--in-place', join(dir, 'in')], { env: { FANJIAN_TEST_DISK_BYTES: '1000', FANJIAN_TEST_WORKERS_ONLY: '1' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/1 converted, 0 skipped, 1 failed; .*:\n\s+\S*large\.txt/);
    expect(await readFile(join(dir, 'in', 'small.txt'), 'utf8')).toBe('漢字\n');
    expect(await readFile(join(dir, 'in', 'large.txt'), 'utf8')).toBe(text);
    expect((await readdir(join(dir, 'in'))).sort()).toEqual(['large.txt', 'small.txt']);
  });

  it('on a real 1 MB tmpfs, refuses a conversion that does not fit and keeps the original (when mounting is allowed)', async () => {
    const dir = await temporaryFolder();
    const mountPoint = join(dir, 'S');
    await mkdir(mountPoint);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    } catch {
      console.warn('full-disk test on a real tmpfs not run: mounting is not permitted here (needs root)');
      return;
    }
    try {
      const original = '汉字后来\n'.repeat(50_000); // 650,000 bytes: the original and its converted copy do not both fit
      const file = join(mountPoint, 'a.txt');
      await writeFile(file, original);
      const result = await fanjian(['-c', 's2t', '--in-place', file]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the disk is full');
      expect(await readFile(file, 'utf8')).toBe(original);
      expect(await readdir(mountPoint)).toEqual(['a.txt']);
      // With room, the same command succeeds.
      await writeFile(file, original.slice(0, 100_000));
      expect((await fanjian(['-c', 's2t', '--in-place', file])).code).toBe(0);
      expect(await readFile(file, 'utf8')).toBe(convert(original.slice(0, 100_000), 's2t'));
    } finally {
      execFileSync('umount', [mountPoint]);
    }
  });
});
