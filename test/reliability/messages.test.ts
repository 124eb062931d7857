/** Messages of the command line: each names the file and the fix instead of a raw error. */
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runInProcess, temporaryFolder } from '../cli/helpers.js';

describe('messages', () => {
  it('--protect-file on a device that never ends is refused at once, not "Invalid string length"', async () => {
    const result = await runInProcess(['-c', 's2t', '--protect-file', '/dev/zero'], { input: '汉字' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('fanjian: protect file /dev/zero is not a regular file (a device such as /dev/zero never ends)\n');
  });

  it('a --dict or --protect-file that is not UTF-8 is refused with the offset and a way to convert it', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'gbk.txt'), iconv.encode('汉字\t漢字\n', 'gbk'));
    for (const option of ['--dict', '--protect-file']) {
      const result = await runInProcess(['-c', 's2t', option, join(dir, 'gbk.txt')], { input: '汉字' });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/gbk\.txt is not valid UTF-8 \(byte offset 0\); save it as UTF-8 \(e\.g\. iconv -f GB18030 -t UTF-8/);
    }
  });

  it('--help describes what --lenient writes, --force and --max-input', async () => {
    const help = (await runInProcess(['convert', '--help'])).stdout.toString().replace(/\s+/g, ' ');
    expect(help).toContain('undecodable bytes become U+FFFD; characters the output encoding lacks become "?" (GBK, Big5, GB18030) or U+FFFD (UTF-8)');
    expect(help).toContain('--force');
    expect(help).toMatch(/--max-input <size> .* default 32M/);
  });

  it('an unsure encoding names the candidates and the fix', async () => {
    const result = await runInProcess(['-c', 's2t'], { input: iconv.encode('隆', 'gbk') });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('fanjian: standard input: it reads as UTF-8 (¡) and as GB18030 (隆); nothing was converted. ' +
      'Pass --encoding with the right one (gb18030, big5, utf8…)\n');
  });

  it('a missing --dict or --protect-file, or an input that cannot be read, is told in words, not as a bare errno', async () => {
    const dir = await temporaryFolder();
    for (const option of ['--dict', '--protect-file']) {
      const result = await runInProcess(['-c', 's2t', option, join(dir, 'missing.txt')], { input: '汉字' });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`fanjian: cannot read ${option === '--dict' ? 'dictionary' : 'protect file'} ${join(dir, 'missing.txt')}: no such file or folder while opening (ENOENT)\n`);
    }
    const loop = join(dir, 'loop');
    await symlink(loop, loop);
    const input = await runInProcess(['-c', 's2t', loop]);
    expect(input.code).toBe(2);
    expect(input.stderr).toBe(`fanjian: ${loop}: cannot read it: too many levels of symbolic links while reading its information (ELOOP)\n`);
  });

  it('detect and review on an Office document say they read text only, not that fanjian cannot convert it', async () => {
    const docx = new URL('../fixtures/office/document.docx', import.meta.url).pathname;
    for (const command of [['detect'], ['review', '-c', 's2t']]) {
      const result = await runInProcess([...command, docx]);
      expect(result.code, command[0]).not.toBe(0);
      expect(result.stderr).toContain('is a Word document (DOCX) by its name: a zip of XML parts, not text');
      expect(result.stderr).toContain('detect and review read text only');
      expect(result.stderr).not.toContain('does not convert');
    }
    // convert does convert it.
    expect((await runInProcess(['-c', 's2t', docx])).code).toBe(0);
  });
});
