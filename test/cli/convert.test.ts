/** The `fanjian convert` command, run as a user runs it. Expected text comes from the library (verified against OpenCC). */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CONFIG_NAMES, convert } from '../../src/node/index.js';
import { fixture } from '../engine/helpers.js';
import { bin, fanjian, temporaryFolder } from './helpers.js';

const article = fixture('article.txt');
const hans = fixture('seed/article.zh-Hans.txt');
const traditionalSample = fixture('sample-data689k.txt');
const simplifiedSample = fixture('sample-data3185k.txt');

describe('standard input and output', () => {
  it('converts stdin to stdout', async () => {
    const result = await fanjian(['-c', 't2s'], { input: article });
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe(hans);
  });

  it('streams a multi-megabyte stdin exactly like whole-text conversion', async () => {
    const text = (simplifiedSample + '\r\n' + article + '\n').repeat(250);
    expect(Buffer.byteLength(text)).toBeGreaterThan(4_000_000);
    const result = await fanjian(['convert', '-c', 's2twp'], { input: text });
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8') === convert(text, 's2twp')).toBe(true);
  });

  it('writes stdin to a file with -o', async () => {
    const dir = await temporaryFolder();
    const result = await fanjian(['-c', 's2tw', '-o', join(dir, 'out.txt')], { input: simplifiedSample });
    expect(result.code).toBe(0);
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe(convert(simplifiedSample, 's2tw'));
  });
});

describe('files', () => {
  it('converts files to stdout in the order given', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'a.txt'), '汉字\n');
    await writeFile(join(dir, 'b.txt'), '头发\n');
    const result = await fanjian(['-c', 's2t', join(dir, 'b.txt'), join(dir, 'a.txt')]);
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe('頭髮\n漢字\n');
  });

  it('writes one file to another with -o', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'in.txt'), article);
    const result = await fanjian(['-c', 't2s', '-o', join(dir, 'out.txt'), join(dir, 'in.txt')]);
    expect(result.code).toBe(0);
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe(hans);
  });

  it('creates missing output folders, and fails with a message where a folder cannot be made', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'in.txt'), article);
    const deep = await fanjian(['-c', 't2s', '--out-dir', join(dir, 'a', 'b', 'c'), join(dir, 'in.txt')]);
    expect(deep.code).toBe(0);
    expect(await readFile(join(dir, 'a', 'b', 'c', 'in.txt'), 'utf8')).toBe(hans);
    const underFile = await fanjian(['-c', 't2s', '--out-dir', join(dir, 'in.txt', 'out'), join(dir, 'in.txt')]);
    expect(underFile.code).toBe(1);
    expect(underFile.stderr).toContain('ENOTDIR');
    // procfs answers mkdir with ENOENT, on which Node's recursive mkdir spins forever.
    const unwritable = existsSync('/proc/self') ? ['/proc/fanjian-test/out'] : [];
    for (const target of unwritable) {
      const result = await fanjian(['-c', 't2s', '--out-dir', target, join(dir, 'in.txt')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('/proc/fanjian-test');
    }
  }, 20_000);

  it('mirrors a folder tree into --out-dir, converting names with --rename', async () => {
    const dir = await temporaryFolder();
    await mkdir(join(dir, 'in', '简体小说', '第一卷'), { recursive: true });
    await writeFile(join(dir, 'in', '简体小说', '第一卷', '头发.txt'), '头发和鼠标\n');
    await writeFile(join(dir, 'in', 'readme.md'), '软件\n');
    const result = await fanjian(['-c', 's2twp', '--out-dir', join(dir, 'out'), '--rename', join(dir, 'in')]);
    expect(result.code).toBe(0);
    expect(await readFile(join(dir, 'out', '簡體小說', '第一卷', '頭髮.txt'), 'utf8')).toBe('頭髮和滑鼠\n');
    expect(await readFile(join(dir, 'out', 'readme.md'), 'utf8')).toBe('軟體\n');
    expect(await readdir(join(dir, 'in'))).toEqual(['readme.md', '简体小说']); // inputs untouched
  });

  it('keeps the original names without --rename, and filters by --ext', async () => {
    const dir = await temporaryFolder();
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', '头发.txt'), '头发');
    await writeFile(join(dir, 'in', 'skip.md'), '头发');
    const result = await fanjian(['-c', 's2t', '--out-dir', join(dir, 'out'), '--ext', 'txt', join(dir, 'in')]);
    expect(result.code).toBe(0);
    expect(await readdir(join(dir, 'out'))).toEqual(['头发.txt']);
  });

  it('rewrites files in place atomically, keeping the mode and a backup', async () => {
    const dir = await temporaryFolder();
    const file = join(dir, 'doc.txt');
    await writeFile(file, simplifiedSample);
    await chmod(file, 0o640);
    const result = await fanjian(['-c', 's2tw', '--in-place', '--backup', '.orig', file]);
    expect(result.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(convert(simplifiedSample, 's2tw'));
    expect(await readFile(file + '.orig', 'utf8')).toBe(simplifiedSample);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect((await readdir(dir)).sort()).toEqual(['doc.txt', 'doc.txt.orig']);
  });

  it('leaves the original intact when a write fails midway', async () => {
    const dir = await temporaryFolder();
    const file = join(dir, 'doc.txt');
    await writeFile(file, simplifiedSample);
    const result = await fanjian(['-c', 's2tw', '--in-place', file], { env: { FANJIAN_TEST_DISK_BYTES: '100' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('doc.txt');
    expect(await readFile(file, 'utf8')).toBe(simplifiedSample);
    expect(await readdir(dir)).toEqual(['doc.txt']); // no temporary file left behind
  });

  it('removes its temporary file when interrupted with Ctrl-C', async () => {
    const dir = await temporaryFolder();
    const child = spawn(process.execPath, [bin, '-c', 's2t', '-o', join(dir, 'out.txt')], { stdio: ['pipe', 'ignore', 'pipe'] });
    // The child is interrupted before it has read all of this: the rest of the write fails with EPIPE, as expected.
    child.stdin.on('error', () => {});
    child.stdin.write(simplifiedSample.repeat(15)); // past the 64 KB encoding sample, so conversion starts
    const deadline = Date.now() + 10_000;
    while (!(await readdir(dir)).some((f) => f.endsWith('.fanjian-tmp'))) {
      if (Date.now() > deadline) throw new Error('no temporary file appeared');
      await new Promise((r) => setTimeout(r, 20));
    }
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(await readdir(dir)).toEqual([]);
  });

  it('streams files larger than the whole-file limit and still converts them exactly', async () => {
    const dir = await temporaryFolder();
    const text = (simplifiedSample + '\n').repeat(1100);
    expect(Buffer.byteLength(text)).toBeGreaterThan(16 * 1024 * 1024);
    await writeFile(join(dir, 'big.txt'), text);
    const result = await fanjian(['-c', 's2t', '-o', join(dir, 'out.txt'), join(dir, 'big.txt')]);
    expect(result.code).toBe(0);
    expect((await readFile(join(dir, 'out.txt'), 'utf8')) === convert(text, 's2t')).toBe(true);
  });
});

/** `text` without the characters `encoding` lacks (so the fixture can be written in it). */
function encodable(text: string, encoding: string): string {
  return [...text].filter((c) => iconv.decode(iconv.encode(c, encoding), encoding) === c).join('');
}

describe('encodings', () => {
  const cases: [string, string, string, string][] = [
    ['gbk', encodable(simplifiedSample, 'gbk'), 's2t', 'GBK'],
    ['gb18030', simplifiedSample + '𠮷', 's2tw', 'GB18030'],
    ['big5', encodable(traditionalSample, 'big5'), 't2s', 'Big5'],
  ];
  it.each(cases)('detects %s input under auto and writes UTF-8', async (encoding, text, config) => {
    expect(text.length).toBeGreaterThan(1000);
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'in.txt'), iconv.encode(text, encoding));
    const result = await fanjian(['-c', config, join(dir, 'in.txt')]);
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe(convert(text, config as 's2t'));
  });

  it.each([
    ['gbk', '汉字', 's2t'], ['gbk', '中', 's2t'], ['gbk', '我们的头发。', 's2tw'], ['gb18030', '头发𠮷', 's2t'],
    ['big5', '頭髮', 't2s'], ['big5', '的', 't2s'], ['big5', '我們的軟體，', 't2s'],
  ])('detects a short %s input %s under auto', async (encoding, text, config) => {
    const result = await fanjian(['-c', config], { input: iconv.encode(text, encoding) });
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe(convert(text, config as 's2t'));
  });

  it.each(['utf16le', 'utf16be', 'utf8'])('reads %s with a byte-order mark', async (encoding) => {
    const dir = await temporaryFolder();
    const bytes = encoding === 'utf8'
      ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(article)])
      : iconv.encode(article, encoding, { addBOM: true });
    await writeFile(join(dir, 'in.txt'), bytes);
    const result = await fanjian(['-c', 't2s', join(dir, 'in.txt')]);
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe(hans);
  });

  it('writes the input encoding back with --output-encoding same, and a BOM only when asked', async () => {
    const dir = await temporaryFolder();
    const text = encodable(simplifiedSample, 'gbk');
    await writeFile(join(dir, 'in.txt'), iconv.encode(text, 'gbk'));
    const same = await fanjian(['-c', 's2tw', '--output-encoding', 'same', join(dir, 'in.txt')]);
    expect(iconv.decode(same.stdout, 'gbk')).toBe(convert(text, 's2tw'));
    const bom = await fanjian(['-c', 's2tw', '--bom', join(dir, 'in.txt')]);
    expect([...bom.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const none = await fanjian(['-c', 's2tw', join(dir, 'in.txt')]);
    expect(none.stdout[0]).not.toBe(0xef);
  });

  it('reports undecodable bytes with the byte offset (exit 1), or replaces them with --lenient', async () => {
    const dir = await temporaryFolder();
    const bytes = Buffer.concat([Buffer.from('汉字abc'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('头发')]);
    await writeFile(join(dir, 'bad.txt'), bytes);
    const strict = await fanjian(['-c', 's2t', '-e', 'utf8', join(dir, 'bad.txt')]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('bad.txt');
    expect(strict.stderr).toContain('byte offset 9');
    const lenient = await fanjian(['-c', 's2t', '-e', 'utf8', '--lenient', join(dir, 'bad.txt')]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout.toString('utf8')).toBe('漢字abc\ufffd\ufffdA頭髮');
  });

  it('recognises damaged UTF-8 under auto and names the offset instead of guessing a legacy encoding', async () => {
    const dir = await temporaryFolder();
    const text = simplifiedSample.slice(0, 2000);
    const good = Buffer.from(text);
    const cut = good.subarray(0, good.length - 1); // a download cut inside the last character
    const at = 200; // characters before the stray byte
    const splice = Buffer.byteLength(text.slice(0, at));
    const spliced = Buffer.concat([good.subarray(0, splice), Buffer.from([0xff]), good.subarray(splice)]);
    await writeFile(join(dir, 'cut.txt'), cut);
    await writeFile(join(dir, 'spliced.txt'), spliced);
    const lastCharStart = good.length - Buffer.byteLength(text.at(-1)!);
    expect(lastCharStart).toBeLessThan(cut.length); // the cut really leaves a partial character
    for (const [name, offset] of [['cut.txt', lastCharStart], ['spliced.txt', splice]] as const) {
      const strict = await fanjian(['-c', 's2t', join(dir, name)]);
      expect(strict.code).toBe(1);
      expect(strict.stderr).toContain(`${name}: invalid UTF-8 at byte offset ${offset}`);
    }
    const lenient = await fanjian(['-c', 's2t', '--lenient', join(dir, 'spliced.txt')]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout.toString('utf8')).toBe(convert(text.slice(0, at) + '\ufffd' + text.slice(at), 's2t'));
  });

  it('names a character the output encoding cannot represent', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'in.txt'), '汉字𠮷\n');
    const result = await fanjian(['-c', 's2t', '--output-encoding', 'big5', join(dir, 'in.txt')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('U+20BB7');
    expect(result.stderr).toContain('Big5');
  });
});

describe('folders', () => {
  it('skips binary files with a warning and converts the rest', async () => {
    const dir = await temporaryFolder();
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', 'a.txt'), '汉字');
    await writeFile(join(dir, 'in', 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0x00]));
    const result = await fanjian(['-c', 's2t', '--out-dir', join(dir, 'out'), join(dir, 'in')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped .*image\.png: looks binary/);
    expect(result.stderr).toMatch(/1 converted, 1 skipped, 0 failed/);
    expect(await readdir(join(dir, 'out'))).toEqual(['a.txt']);
  });

  it('does not follow symbolic links out of the folder', async () => {
    const dir = await temporaryFolder();
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'outside.txt'), '秘密');
    await writeFile(join(dir, 'in', 'a.txt'), '汉字');
    await symlink(join(dir, 'outside.txt'), join(dir, 'in', 'link.txt'));
    const result = await fanjian(['-c', 's2t', '--in-place', join(dir, 'in')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped .*link\.txt: symbolic link .*outside/);
    expect(await readFile(join(dir, 'outside.txt'), 'utf8')).toBe('秘密');
    expect(await readFile(join(dir, 'in', 'a.txt'), 'utf8')).toBe('漢字');
  });

  it('gives the same bytes with --jobs 2 as with --jobs 1', async () => {
    const dir = await temporaryFolder();
    await mkdir(join(dir, 'in', 'sub'), { recursive: true });
    const lines = simplifiedSample.split('\n');
    for (let i = 0; i < 24; i++) {
      await writeFile(join(dir, 'in', i % 3 ? 'sub' : '', `f${i}.txt`), lines.slice(i * 3, i * 3 + 40).join('\n'));
    }
    const one = await fanjian(['-c', 's2twp', '--jobs', '1', '--out-dir', join(dir, 'one'), join(dir, 'in')]);
    const two = await fanjian(['-c', 's2twp', '--jobs', '2', '--out-dir', join(dir, 'two'), join(dir, 'in')]);
    // Files this small are all done by the main thread before a worker has loaded: make the worker do them.
    const worker = await fanjian(['-c', 's2twp', '--jobs', '2', '--out-dir', join(dir, 'worker'), join(dir, 'in')],
      { env: { FANJIAN_TEST_WORKERS_ONLY: '1' } });
    expect([one.code, two.code, worker.code]).toEqual([0, 0, 0]);
    for (let i = 0; i < 24; i++) {
      const name = join(i % 3 ? 'sub' : '', `f${i}.txt`);
      const expected = convert(lines.slice(i * 3, i * 3 + 40).join('\n'), 's2twp');
      for (const out of ['one', 'two', 'worker']) expect(await readFile(join(dir, out, name), 'utf8')).toBe(expected);
    }
  });
});

describe('usage errors exit 2', () => {
  it('lists the valid configurations for an unknown one', async () => {
    const result = await fanjian(['-c', 's2x'], { input: '汉字' });
    expect(result.code).toBe(2);
    for (const name of CONFIG_NAMES) expect(result.stderr).toContain(name);
  });

  it("accepts OpenCC's configuration file names and any case, as the opencc command does", async () => {
    for (const config of ['s2twp.json', 'S2TWP']) {
      const result = await fanjian(['-c', config], { input: '鼠标和软件' });
      expect(result.code).toBe(0);
      expect(result.stdout.toString('utf8')).toBe('滑鼠和軟體');
    }
  });

  it.each<[string, string[], RegExp]>([
    ['a missing configuration', [], /choose a configuration/],
    ['a missing file', ['-c', 's2t', '/nonexistent/file.txt'], /no such file/],
    ['-o with two inputs', ['-c', 's2t', '-o', 'x', 'package.json', 'tsconfig.json'], /single input/],
    ['--in-place with --out-dir', ['-c', 's2t', '--in-place', '--out-dir', 'x', 'package.json'], /cannot be used together/],
    ['--backup without --in-place', ['-c', 's2t', '--backup', '.b', 'package.json'], /only works with --in-place/],
    ['--in-place on standard input', ['-c', 's2t', '--in-place'], /needs input files/],
    ['a folder to standard output', ['-c', 's2t', 'test'], /--out-dir DIR or --in-place/],
    ['an unknown option', ['-c', 's2t', '--bogus'], /unknown option/],
    ['an unknown encoding', ['-c', 's2t', '-e', 'latin9'], /latin9/],
    ['a bad --jobs', ['-c', 's2t', '--jobs', 'many', 'package.json'], /--jobs/],
  ])('%s', async (_, args, message) => {
    const result = await fanjian(args, { cwd: new URL('../../', import.meta.url).pathname });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('names the file and line of a malformed user dictionary', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'my.txt'), '# mine\n于颖建\t于颖建\nbroken line\n');
    const result = await fanjian(['-c', 's2tw', '--dict', join(dir, 'my.txt')], { input: '于颖建' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, 'my.txt')}, line 3`);
  });
});

describe('dictionaries, protected terms and information', () => {
  it('applies --dict, --protect and --protect-file', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'my.txt'), '鼠标\t滑鼠標\n');
    await writeFile(join(dir, 'names.txt'), '# names\n于颖建\n');
    const result = await fanjian(['-c', 's2tw', '--dict', join(dir, 'my.txt'), '--protect-file', join(dir, 'names.txt'),
      '--protect', '头发'], { input: '于颖建的鼠标和头发' });
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe('于颖建的滑鼠標和头发');
  });

  it('turns the corrections layer off with --no-corrections', async () => {
    expect((await fanjian(['-c', 't2s'], { input: '圞' })).stdout.toString('utf8')).toBe('𪢮');
    expect((await fanjian(['-c', 't2s', '--no-corrections'], { input: '圞' })).stdout.toString('utf8')).toBe('圞');
  });

  it('lists configurations, shows examples in --help and prints the version', async () => {
    const list = (await fanjian(['list'])).stdout.toString('utf8');
    expect(list.trim().split('\n')).toHaveLength(16);
    expect(list).toMatch(/^s2twp\s+Simplified Chinese to Traditional Chinese \(Taiwan\)/m);
    const help = await fanjian(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.toString('utf8')).toContain('Examples:');
    const version = await fanjian(['--version']);
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version.stdout.toString('utf8').trim()).toBe(pkg.version);
  });
});
