/** The CLI run in process through run(argv, io): the same behaviour as the spawned command. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { runInProcess, temporaryFolder } from './helpers.js';

describe('run(argv, io)', () => {
  it('converts standard input to standard output and reports usage errors on its own stderr', async () => {
    const ok = await runInProcess(['-c', 's2t'], { input: '汉字和头发\n' });
    expect(ok).toEqual({ code: 0, stdout: Buffer.from(convert('汉字和头发\n', 's2t')), stderr: '' });
    const bad = await runInProcess(['-c', 's2x'], { input: '汉字' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^fanjian: unknown configuration "s2x"/);
  });

  it('resolves relative paths against io.cwd and writes files with the one writer', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'a.txt'), '汉字\n');
    const result = await runInProcess(['-c', 's2t', '-o', 'b.txt', 'a.txt'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(await readFile(join(dir, 'b.txt'), 'utf8')).toBe('漢字\n');
  });

  it('runs detect, review and list against the given streams', async () => {
    expect((await runInProcess(['detect'], { input: '这里的头发\n' })).stdout.toString()).toMatch(/^-: simplified/);
    expect((await runInProcess(['review', '-c', 's2t'], { input: '他的后，发，干。\n' })).stdout.toString()).toContain('后 → 後');
    expect((await runInProcess(['list'])).stdout.toString().trim().split('\n')).toHaveLength(16);
  });
});
