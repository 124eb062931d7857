/**
 * Guarantee: memory is bounded. Plain text streams whatever its size; detect --lines, review and plain-text
 * --explain read by blocks of lines; what must be held whole (documents, repair, detect's summary) is refused
 * above --max-input with a message saying how to raise it; --jobs is capped.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert, detect } from '../../src/node/index.js';
import { parseSize, sizeAtLeast } from '../../src/cli/limits.js';
import { fanjian, runInProcess, temporaryFolder } from '../cli/helpers.js';

const lines = Array.from({ length: 3000 }, (_, i) => `第${i}行：他的后，发，干。这里的头发。\n`).join(''); // ~150 KB of short lines

describe('--max-input', () => {
  it('refuses a document or a repair larger than the limit, naming the option, and leaves the file alone', async () => {
    const dir = await temporaryFolder();
    const html = `<p>${'汉字'.repeat(2000)}</p>`;
    await writeFile(join(dir, 'a.html'), html);
    await writeFile(join(dir, 'b.txt'), lines);
    const document = await fanjian(['-c', 's2t', '--in-place', '--max-input', '4K', join(dir, 'a.html')]);
    const repair = await fanjian(['repair', '-t', 'tw', '--in-place', '--max-input', '4K', join(dir, 'b.txt')]);
    // The suggested limit is at least the input's size (12,007 and 153,890 bytes), rounded up to a unit.
    const suggested: string[] = [];
    for (const result of [document, repair]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/is larger than --max-input 4K, (and .* needs it whole in memory|which bounds .* even though it is converted as it is read); raise the limit \(e\.g\. --max-input \d+K\)/);
      suggested.push(/e\.g\. --max-input (\d+K)/.exec(result.stderr)![1]!);
    }
    // The document streams (it is converted as it is read) and says so; repair holds its input whole.
    expect(document.stderr).toMatch(/which bounds an HTML document even though it is converted as it is read/);
    expect(repair.stderr).toMatch(/needs it whole in memory/);
    expect(suggested).toEqual([`${Math.ceil(Buffer.byteLength(html) / 1024)}K`, `${Math.ceil(Buffer.byteLength(lines) / 1024)}K`]);
    expect(await readFile(join(dir, 'a.html'), 'utf8')).toBe(html);
    expect(await readFile(join(dir, 'b.txt'), 'utf8')).toBe(lines);
    // And it is enough.
    const again = await fanjian(['-c', 's2t', '--max-input', suggested[0]!, '-o', join(dir, 'out.html'), join(dir, 'a.html')]);
    expect(again.code).toBe(0);
    const stdin = await runInProcess(['repair', '-t', 'tw', '--max-input', '4K'], { input: lines });
    expect(stdin.code).toBe(1);
    // Standard input was not read to its end: the suggestion is more than what was read.
    expect(stdin.stderr).toMatch(/standard input is larger than --max-input 4K, .*raise the limit \(to more than --max-input \d+K: it was not read to its end\)/);
  });

  it('suggests sizes in readable units, never below the size asked for', () => {
    expect(sizeAtLeast(4100)).toBe('5K');
    expect(sizeAtLeast(40.3 * 1024 ** 2)).toBe('41M');
    expect(sizeAtLeast(1.2 * 1024 ** 3)).toBe('1229M');
    expect(sizeAtLeast(5 * 1024 ** 3)).toBe('5G');
    expect(sizeAtLeast(300)).toBe('300');
    for (const bytes of [1, 1023, 1025, 999_999, 33_554_433, 2 ** 31 + 1, 7.77e9]) {
      const text = sizeAtLeast(bytes);
      expect(parseSize(text, '--max-input')).toBeGreaterThanOrEqual(bytes);
      expect(parseSize(text, '--max-input')).toBeLessThanOrEqual(Math.max(bytes * 1.25, bytes + 1024));
    }
  });

  it('holds a zip document whole up to the larger of --max-input and 512 MiB: a DOCX with pictures is commonly over 32 MB', async () => {
    const dir = await temporaryFolder();
    const docx = await readFile(new URL('../fixtures/office/document.docx', import.meta.url));
    await writeFile(join(dir, 'a.docx'), docx);
    const result = await fanjian(['-c', 's2t', '--max-input', '4K', '-o', join(dir, 'out.docx'), join(dir, 'a.docx')]);
    expect(docx.length).toBeGreaterThan(4096);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await readFile(join(dir, 'out.docx'))).subarray(0, 2).toString()).toBe('PK');
  });

  it('never limits plain text, which streams', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'b.txt'), lines);
    const result = await fanjian(['-c', 's2t', '--max-input', '4K', '-o', join(dir, 'out.txt'), join(dir, 'b.txt')]);
    expect(result.code).toBe(0);
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe(convert(lines, 's2t'));
  });

  it('detect --lines, review and --explain work by lines: the limit bounds one line, not the input', async () => {
    const limit = ['--max-input', '4K'];
    const perLine = await runInProcess(['detect', '--lines', ...limit], { input: lines });
    expect(perLine.code).toBe(0);
    // 3000 lines, each ending in a line break: 3000 results (the empty "line" after the last break is none).
    expect(perLine.stdout.toString().trim().split('\n')).toEqual(detect(lines).lines.slice(0, 3000).map((l) =>
      `-:${l.line}: ${l.script} ${(l.confidence * 100).toFixed(1)}%`));
    const review = await runInProcess(['review', '-c', 's2t', ...limit], { input: lines });
    expect(review.code).toBe(0);
    expect(review.stdout.toString().trim().split('\n')).toHaveLength(3000 * 3); // 后, 发 and 干 on every line
    expect(review.stdout.toString()).toMatch(/^-:3000:\d+\t/m);
    const explain = await runInProcess(['-c', 's2t', '--explain', ...limit], { input: lines });
    expect(explain.code).toBe(0);
    expect(explain.stdout.toString()).toBe(convert(lines, 's2t'));
    expect(explain.stderr).toMatch(/^-:3000:\d+: /m);
    const longLine = await runInProcess(['detect', '--lines', ...limit], { input: '汉'.repeat(10_000) });
    expect(longLine.code).toBe(1);
    expect(longLine.stderr).toContain('--max-input');
  });

  it('rejects a malformed size', async () => {
    const result = await runInProcess(['-c', 's2t', '--max-input', 'lots'], { input: '汉' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-input needs a size such as 64M');
  });
});

describe('--jobs', () => {
  it('lowers an excessive thread count, saying so', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'a.txt'), '汉字');
    const result = await fanjian(['-c', 's2t', '-j', '300', '--out-dir', join(dir, 'out'), join(dir, 'a.txt')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`--jobs 300 lowered to ${Math.max(4, availableParallelism() * 4)}`);
  });

  it('takes only a decimal whole number: 0x10, 1e1, 2.0, " 2" and "" are refused, not read as 16, 10 or 2', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'a.txt'), '汉字');
    for (const value of ['0x10', '1e1', '2.0', ' 2', '', '0b11', '+2', '0']) {
      const result = await fanjian(['-c', 's2t', '--jobs', value, '-o', join(dir, 'out.txt'), join(dir, 'a.txt')]);
      expect(result.code, value).toBe(2);
      expect(result.stderr).toContain(`--jobs needs a positive whole number, not ${JSON.stringify(value)}`);
    }
    const attached = await fanjian(['-c', 's2t', '-j0x10', '-o', join(dir, 'out.txt'), join(dir, 'a.txt')]);
    expect(attached.code).toBe(2);
    expect(attached.stderr).toContain('--jobs needs a positive whole number');
    await expect(readFile(join(dir, 'out.txt'))).rejects.toThrow(/ENOENT/);
    const two = await fanjian(['-c', 's2t', '--jobs', '02', '-o', join(dir, 'out.txt'), join(dir, 'a.txt')]);
    expect(two.code).toBe(0);
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe('漢字');
  });
});

describe('--max-document', () => {
  it('refuses a YAML document held whole longer than the limit, naming the file and the option, and leaves the file alone; raised, it converts', async () => {
    const dir = await temporaryFolder();
    const entries = (n: number, from: number) => Array.from({ length: n }, (_, i) => `k${from + i}: 这里的头发\n`).join('');
    // Three documents of about 3000 characters each, then one of about 6000 (after the --- on line 603) that is
    // one entry (a document of many entries is read entry by entry past the limit, and converts).
    const small = `${entries(200, 0)}---\n${entries(200, 200)}---\n${entries(200, 400)}`;
    const large = `${small}---\nall:\n${entries(400, 600).replaceAll(/^/gm, '  ')}`;
    await writeFile(join(dir, 'long.yaml'), `${small}---\n${entries(400, 600)}`);
    const long = await fanjian(['-c', 's2t', '--max-document', '4K', join(dir, 'long.yaml')]);
    expect(long.code).toBe(0);
    expect(long.stdout.toString('utf8')).toBe(`${small}---\n${entries(400, 600)}`.replaceAll('这里的头发', '這裏的頭髮'));
    await writeFile(join(dir, 'small.yaml'), small);
    await writeFile(join(dir, 'large.yaml'), large);
    const ok = await fanjian(['-c', 's2t', '--max-document', '4K', '-o', join(dir, 'small.out.yaml'), join(dir, 'small.yaml')]);
    expect(ok.code).toBe(0);
    expect(await readFile(join(dir, 'small.out.yaml'), 'utf8')).toBe(small.replaceAll('这里的头发', '這裏的頭髮'));
    const refused = await fanjian(['-c', 's2t', '--in-place', '--max-document', '4K', join(dir, 'large.yaml')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/large\.yaml: The YAML document at line 603 \(\d+ characters or more, held whole to be parsed\) exceeds the limit of 4096 characters; .*--max-document/);
    expect(await readFile(join(dir, 'large.yaml'), 'utf8')).toBe(large);
    const raised = await fanjian(['-c', 's2t', '--in-place', '--max-document', '8K', join(dir, 'large.yaml')]);
    expect(raised.code).toBe(0);
    expect(await readFile(join(dir, 'large.yaml'), 'utf8')).toBe(large.replaceAll('这里的头发', '這裏的頭髮'));
    expect((await fanjian(['-c', 's2t', '--max-document', 'lots', join(dir, 'small.yaml')])).stderr).toMatch(/--max-document needs a size/);
  });
});
