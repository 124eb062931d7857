/**
 * Guarantee: a Markdown document read from standard input, a FIFO or `<(cmd)` — which cannot be read twice — is
 * converted exactly as the same bytes in a file, in memory and time linear in its size: it is kept aside in a
 * temporary file (src/cli/spool.ts; readable by its owner only, within --max-input) for the survey of its reference
 * definitions, which a file gets by reading the file again. A full disk while keeping it says so and writes nothing;
 * no temporary file is left after success, failure or a signal. Plain text from standard input is never kept
 * aside (it streams line by line). (Sizes and times at 200 MB: measure-documents.sh md-refs, README.)
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, fanjian, runInProcess, temporaryFolder } from '../cli/helpers.js';

/**
 * A document whose references are defined at its end, after their uses, in more than one spelling and across the
 * 64 KB sample and the reading's chunks: read as it streams without a survey, none of its `[label]`s could be
 * known to be references.
 */
function referenceDocument(paragraphs: number): string {
  const labels = 50;
  let text = '# 这里的干部\n\n';
  for (let i = 0; i < paragraphs; i++) {
    text += `## 软件开发 ${i}\n\n这里的干部并没有于是[软件开发][doc${i % labels}]，头发。见[文档${i % labels}]和[文档${(i + 7) % labels}][]。\n` +
      `后来的汉字，![图片][doc${(i + 3) % labels}]与[未定义的标签]和[Doc${i % labels}]。\n\n`;
  }
  for (let k = 0; k < labels; k++) text += `[文档${k}]: https://example.com/文档/${k}\n[doc${k}]: <https://example.com/${k}>\n`;
  return text;
}

const document = referenceDocument(3000); // about 450 KB
const args = ['-c', 's2t', '--format', 'markdown'];

/** The names in a folder (recursively), for "nothing left behind". */
async function names(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true })).map(String).sort();
}

describe('Markdown from standard input that may define references', () => {
  it('converts the same bytes on standard input, through a FIFO and from a file to the same output', async () => {
    const dir = await temporaryFolder();
    const spool = join(dir, 'tmp');
    await mkdir(spool);
    const file = join(dir, 'doc.md');
    await writeFile(file, document);
    const fromFile = await fanjian(['-c', 's2t', file]);
    expect(fromFile.code).toBe(0);
    const out = fromFile.stdout.toString('utf8');
    // References used before their definitions are read as references: a label spelt one way everywhere is
    // converted with its definition, whose destination stays as written.
    expect(out).toContain('這裏的幹部並沒有於是[軟件開發][doc0]，頭髮。見[文檔0]和[文檔7][]。');
    expect(out).toContain('[文檔0]: https://example.com/文档/0\n');
    const env = { TMPDIR: spool };
    // Standard input in one piece, in many small pieces (in process: the system's temporary folder), from a pipe
    // (spawned), and a FIFO.
    const whole = await runInProcess(args, { input: document });
    const bytes = Buffer.from(document);
    const pieces: Uint8Array[] = [];
    for (let at = 0, size = 1; at < bytes.length; at += size, size = (size * 7 + 3) % 9000 + 1) pieces.push(bytes.subarray(at, at + size));
    const chunked = await runInProcess(args, { input: pieces });
    const spawned = await fanjian(args, { input: document, env });
    for (const result of [whole, chunked, spawned]) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.equals(fromFile.stdout)).toBe(true);
    }
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', file, fifo], { stdio: 'ignore' });
    const viaFifo = await fanjian([...args, fifo], { env });
    writer.kill();
    expect(viaFifo.code).toBe(0);
    expect(viaFifo.stdout.equals(fromFile.stdout)).toBe(true);
    // With an output file, the copy is kept beside it; nothing is left in either folder.
    const target = join(dir, 'out', 'doc.md');
    await mkdir(join(dir, 'out'));
    const toFile = await fanjian([...args, '-o', target], { input: document, env });
    expect(toFile.code).toBe(0);
    expect((await readFile(target)).equals(fromFile.stdout)).toBe(true);
    expect(await names(join(dir, 'out'))).toEqual(['doc.md']);
    expect(await names(spool)).toEqual([]);
  }, 120_000);

  it('a full disk while keeping the input aside: a message naming the fix, no output, nothing left behind', async () => {
    const dir = await temporaryFolder();
    const spool = join(dir, 'tmp');
    await mkdir(spool);
    for (const room of [0, 1000, 100_000]) {
      const env = { TMPDIR: spool, FANJIAN_TEST_DISK_BYTES: String(room) };
      const toStdout = await fanjian(args, { input: document, env });
      expect(toStdout.code).toBe(1);
      expect(toStdout.stderr).toContain(`standard input: the disk is full in ${spool}, where it is kept aside to be read twice`);
      expect(toStdout.stderr).toMatch(/nothing was converted or written\. Free some space there, set TMPDIR to a writable folder with room, or save the input to a file/);
      expect(toStdout.stdout.length).toBe(0);
      const target = join(dir, 'out.md');
      const toFile = await fanjian([...args, '-o', target], { input: document, env });
      expect(toFile.code).toBe(1);
      expect(toFile.stderr).toContain(`standard input: the disk is full in ${dir}, where it is kept aside`);
      expect(toFile.stderr).not.toContain('TMPDIR');
      expect(await names(dir)).toEqual(['tmp']);
      expect(await names(spool)).toEqual([]);
    }
  }, 120_000);

  it('is bounded by --max-input, and a temporary folder that cannot be written is named', async () => {
    const dir = await temporaryFolder();
    const limited = await fanjian([...args, '--max-input', '100K'], { input: document, env: { TMPDIR: dir } });
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(/standard input is larger than --max-input 100K, which bounds .* even though it is converted as it is read/);
    expect(limited.stdout.length).toBe(0);
    expect(await names(dir)).toEqual([]);
    const missing = join(dir, 'missing');
    const result = await fanjian(args, { input: document, env: { TMPDIR: missing } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`standard input: cannot create a temporary file in ${missing} to read it twice (ENOENT)`);
    expect(result.stderr).toContain('Make sure that folder exists, set TMPDIR to a writable folder with room');
    expect(result.stderr).not.toContain('Free some space');
    // Plain text is never kept aside: it converts with the same unusable temporary folder.
    const text = await fanjian(['-c', 's2t'], { input: document, env: { TMPDIR: missing } });
    expect(text.code).toBe(0);
    expect(text.stdout.toString('utf8')).toContain('這裏的幹部並沒有於是[軟件開發][doc0]');
  }, 60_000);

  it.each(['SIGINT', 'SIGTERM'] as const)('%s while standard input is being kept aside: prompt exit, nothing left behind', async (signal) => {
    const dir = await temporaryFolder();
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: dir } });
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.stdin.on('error', () => undefined);
    child.stdin.write(document); // and the input stays open
    // The copy is unlinked as soon as it is open; where /proc shows open files, wait for it and check its mode.
    const fds = `/proc/${child.pid}/fd`;
    let seen = false;
    const deadline = Date.now() + 30_000;
    while (!seen && Date.now() < deadline && existsSync(fds)) {
      for (const fd of await readdir(fds).catch(() => [])) {
        const link = await readlink(join(fds, fd)).catch(() => '');
        if (link.startsWith(join(dir, '.fanjian-input.')) && link.endsWith('.fanjian-tmp (deleted)')) {
          expect((await stat(join(fds, fd))).mode & 0o777).toBe(0o600);
          seen = true;
        }
      }
      if (!seen) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (!existsSync(fds)) await new Promise((resolve) => setTimeout(resolve, 2000));
    else expect(seen).toBe(true);
    const sent = Date.now();
    child.kill(signal);
    expect(await ended).toBe(signal === 'SIGTERM' ? 143 : 130);
    expect(Date.now() - sent).toBeLessThan(3000);
    expect(await names(dir)).toEqual([]);
  }, 60_000);
});
