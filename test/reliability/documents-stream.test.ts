/**
 * Guarantee: JSON and YAML documents are converted as they are read (like HTML), so what is wrong with one is
 * refused when it is seen, not after the whole input was read, and nothing is written; nesting of any depth costs
 * JSON a bit a level. Standard input redirected from a regular file is read by position for a survey (Markdown),
 * never kept aside. (Sizes and times at 200 MB: test/reliability/scripts/measure-documents.sh, README.)
 */
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, ftruncateSync, openSync, readSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { bin, fanjian, runInProcess, temporaryFolder } from '../cli/helpers.js';

const CHUNK = 1 << 16;

/** Standard input that would go on for 4 GB, counting the chunks taken. */
function endless(first: string, filler: string): { chunks: Uint8Array[]; taken: () => number } {
  let taken = 0;
  const piece = Buffer.from(filler.repeat(Math.ceil(CHUNK / filler.length)));
  const chunks = (function* () {
    taken++;
    yield Buffer.from(first);
    for (let i = 0; i < 65536; i++) {
      taken++;
      yield piece;
    }
  })();
  return { chunks: chunks as unknown as Uint8Array[], taken: () => taken };
}

describe('documents refused as soon as they are seen to be wrong', () => {
  it('JSON: an error is refused where it is, the rest of standard input unread', async () => {
    const input = endless('{"a": "后", "b" "c", ', '"x": "后", ');
    const result = await runInProcess(['-c', 's2t', '--format', 'json', '--max-input', '1G'], { input: input.chunks });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/standard input: Invalid JSON at line 1 \(offset 15\): a colon expected after the key; nothing was converted/);
    expect(input.taken()).toBeLessThan(4);
  });

  it('a small document refused at its end writes nothing to standard output either', async () => {
    for (const [format, input] of [['json', '{"a": "后", "b": ["后"'], ['yaml', 'a: 后\n---\nb: [后\n']] as const) {
      const result = await runInProcess(['-c', 's2t', '--format', format], { input });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/standard input: Invalid (JSON|YAML)/);
      expect(result.stdout.length).toBe(0);
    }
  });

  it('YAML: nesting past --max-depth, or past what the parser reads whatever the limit, is refused at once', async () => {
    for (const [args, message] of [
      [[], /The YAML nesting \(\d+ levels\) exceeds the limit of 1000 levels; nothing was converted \(raise it with .*--max-depth/],
      [['--max-depth', '100000000'], /deeper than the YAML parser can read \(500 levels/],
    ] as const) {
      const input = endless('a: ', '[');
      const result = await runInProcess(['-c', 's2t', '--format', 'yaml', '--max-input', '1G', ...args], { input: input.chunks });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(input.taken()).toBeLessThan(4);
    }
  });

  it('a large file refused at its end leaves no output file; one that converts is written whole', async () => {
    const dir = await temporaryFolder();
    // Over 16 MB: streamed. A JSON file broken at its very end, a YAML file deep near its end.
    const values = Array.from({ length: 250_000 }, (_, i) => `"k${i}": "这里的干部并没有于是软件开发，头发。{n}"`).join(',\n');
    await writeFile(join(dir, 'bad.json'), `{${values},\n"end": [}`);
    await writeFile(join(dir, 'good.json'), `{${values}}`);
    const yaml = Array.from({ length: 250_000 }, (_, i) => `---\nid: ${i}\ntitle: 这里的干部并没有于是软件开发，头发。\n`).join('');
    await writeFile(join(dir, 'deep.yaml'), `${yaml}---\nx: ${'['.repeat(2000)}`);
    for (const name of ['bad.json', 'deep.yaml']) {
      const out = join(dir, `out-${name}`);
      const result = await fanjian(['-c', 's2t', '--max-input', '1G', '-o', out, join(dir, name)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(name === 'bad.json' ? /Invalid JSON at line 250001 .*a value expected/ : /YAML nesting \(2001 levels\) exceeds the limit/);
      // Found while reading: the output is named as not written, not as where the problem was.
      expect(result.stderr).toContain(`${join(dir, name)}: `);
      expect(result.stderr).not.toContain('(writing');
      expect(result.stderr).toContain(`${out} was not written`);
      expect(existsSync(out)).toBe(false);
    }
    const out = join(dir, 'out.json');
    const good = await fanjian(['-c', 's2t', '--max-input', '1G', '-o', out, join(dir, 'good.json')]);
    expect(good.code).toBe(0);
    const text = '这里的干部并没有于是软件开发，头发。';
    expect(await readFile(out, 'utf8')).toBe(`{${values.replaceAll(text, convert(text, 's2t'))}}`);
  });

  it('JSON nested a million levels deep streams from standard input', async () => {
    const depth = 1_000_000;
    const result = await runInProcess(['-c', 's2t', '--format', 'json'], { input: '[{"后":'.repeat(depth) + '"后"' + '}]'.repeat(depth) });
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe('[{"后":'.repeat(depth) + '"後"' + '}]'.repeat(depth));
  });
});

/** Runs bin/fanjian.js with standard input the open file `fd` (its position shared, as a shell's `< file` gives). */
function fanjianOn(fd: number, args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: [fd, 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** Markdown with references defined after their uses (a survey reads them first), about 200 KB. */
function referenceMarkdown(paragraphs: number): string {
  let text = '# 这里的干部\n\n';
  for (let i = 0; i < paragraphs; i++) text += `这里的干部并没有于是[软件开发][doc${i % 20}]，头发。见[文档${i % 20}]与[未定义的标签]。\n\n`;
  for (let k = 0; k < 20; k++) text += `[文档${k}]: https://example.com/文档/${k}\n[doc${k}]: <https://example.com/${k}>\n`;
  return text;
}

// Linux tells an open file's position (/proc/self/fdinfo); elsewhere such standard input is kept aside as a pipe is.
describe('standard input redirected from a regular file (fanjian … < file.md)', () => {
  it('is surveyed by position, not kept aside: the output of the file, with no temporary folder to keep it in', async () => {
    const dir = await temporaryFolder();
    const file = join(dir, 'doc.md');
    const text = referenceMarkdown(1500);
    await writeFile(file, text);
    const fromFile = await fanjian(['-c', 's2t', file]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout.toString()).toContain('這裏的幹部並沒有於是[軟件開發][doc0]，頭髮。見[文檔0]與[未定義的標籤]。');
    // TMPDIR does not exist: a pipe cannot be kept aside there and is refused; the file needs no copy.
    const env = { TMPDIR: join(dir, 'missing') };
    const piped = await fanjian(['-c', 's2t', '--format', 'markdown'], { input: text, env });
    expect(piped.code).toBe(1);
    expect(piped.stderr).toMatch(/cannot create a temporary file in .*missing to read it twice/);
    const fd = openSync(file, 'r');
    try {
      const redirected = await fanjianOn(fd, ['-c', 's2t', '--format', 'markdown'], env);
      expect(redirected.stderr).toBe('');
      expect(redirected.code).toBe(0);
      expect(redirected.stdout.equals(fromFile.stdout)).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  it('is read from where the shell left it, as cat reads it, and leaves it at the end', async () => {
    const dir = await temporaryFolder();
    const file = join(dir, 'doc.md');
    const text = referenceMarkdown(1500);
    await writeFile(file, text);
    const skip = Buffer.byteLength(text.slice(0, text.indexOf('\n\n', 5000) + 2)); // whole paragraphs read before
    await writeFile(join(dir, 'rest.md'), Buffer.from(text).subarray(skip));
    const rest = await fanjian(['-c', 's2t', join(dir, 'rest.md')]);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, Buffer.alloc(skip), 0, skip, null); // `read` in the shell before fanjian
      const redirected = await fanjianOn(fd, ['-c', 's2t', '--format', 'markdown']);
      expect(redirected.code).toBe(0);
      expect(redirected.stdout.toString()).toBe(rest.stdout.toString());
      expect(readSync(fd, Buffer.alloc(16), 0, 16, null)).toBe(0); // what reads standard input next finds its end
    } finally {
      closeSync(fd);
    }
  });

  it('a file that grows or shrinks while it is read is read as far as it goes, never past its end', async () => {
    const { regularFileSource } = await import('../../src/cli/source.js');
    const dir = await temporaryFolder();
    const file = join(dir, 'doc.md');
    const text = Buffer.from(referenceMarkdown(3000)); // about 250 KB
    const collect = async (chunks: AsyncIterable<Uint8Array>) => {
      const parts: Uint8Array[] = [];
      for await (const chunk of chunks) parts.push(chunk);
      return Buffer.concat(parts);
    };
    for (const change of ['grow', 'shrink'] as const) {
      await writeFile(file, text);
      const fd = openSync(file, 'r+');
      try {
        const source = regularFileSource(fd, 'standard input')!;
        expect(source).not.toBeNull();
        expect((await source.sample()).bytes.length).toBeGreaterThan(0);
        const changed = change === 'grow' ? Buffer.concat([text, Buffer.from('\n追加的段落。\n')]) : text.subarray(0, 100_000);
        if (change === 'grow') appendFileSync(file, changed.subarray(text.length));
        else ftruncateSync(fd, changed.length);
        // The survey reads up to the size when opened, or to the end if that comes first; the conversion reads on
        // to the end it finds, as cat would.
        const surveyed = await collect(source.reread!({ folder: dir, limit: 1 << 30, why: 'a test', hooks: {} }));
        const read = await collect(source.chunks());
        await source.close();
        expect(surveyed.equals(change === 'grow' ? text : changed)).toBe(true);
        // Grown after the first read: what was added is read if the end had not been reached (read ahead) before.
        if (change === 'grow') expect(read.equals(text) || read.equals(changed)).toBe(true);
        // Shrunk after the sample: the sample read before it is what was there then; nothing else past the end.
        else expect(read.subarray(0, changed.length).equals(changed) && read.length <= text.length).toBe(true);
      } finally {
        closeSync(fd);
      }
    }
    expect(await readdir(dir)).toEqual(['doc.md']); // nothing kept aside
  });

  it('in process (a test\'s standard input, no descriptor) it streams as before', async () => {
    const result = await runInProcess(['-c', 's2t', '--format', 'markdown'], { input: '见[文档]。\n\n[文档]: /x\n' });
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe('見[文檔]。\n\n[文檔]: /x\n');
  });
});
