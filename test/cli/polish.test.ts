/** Command-line polish: did-you-mean for commands, the right --help, honest messages for PDF and Office files, the progress line. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Progress, byteSize } from '../../src/cli/progress.js';
import { fanjian, runInProcess, temporaryFolder } from './helpers.js';

describe('commands and help', () => {
  it('a mistyped command gets a "did you mean", not "no such file"', async () => {
    const result = await runInProcess(['conver', '-c', 's2t']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command "conver" \(did you mean "convert"\?\)/);
    expect(result.stderr).not.toMatch(/no such file/);
    expect((await runInProcess(['detetc', 'x'])).stderr).toMatch(/did you mean "detect"/);
  });

  it('a file that happens to look like a command is still a file; commands take any case', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'conver'), '汉字');
    const file = await runInProcess(['-c', 's2t', 'conver'], { cwd: dir });
    expect(file.stdout.toString()).toBe('漢字');
    const upper = await runInProcess(['Convert', '-c', 's2t'], { input: '汉字', cwd: dir });
    expect(upper.stdout.toString()).toBe('漢字');
  });

  it('encoding, format and quote names are taken in any case and common spelling, with a "did you mean"', async () => {
    const gbk = Buffer.from([0xba, 0xba, 0xd7, 0xd6]); // 汉字 in GBK
    for (const name of ['GBK', 'gbk', 'CP936']) {
      const result = await runInProcess(['-c', 's2t', '-e', name], { input: gbk });
      expect(result.stderr).toBe('');
      expect(result.stdout.toString()).toBe('漢字');
    }
    for (const name of ['UTF-8', 'utf_8', 'Utf8']) {
      expect((await runInProcess(['-c', 's2t', '-e', name, '--format', 'TEXT'], { input: '汉字' })).stdout.toString()).toBe('漢字');
    }
    const big5 = await runInProcess(['-c', 's2t', '--output-encoding', 'Big5'], { input: '汉字' });
    expect(big5.stdout).toEqual(Buffer.from([0xba, 0x7e, 0xa6, 0x72])); // 漢字 in Big5
    expect((await runInProcess(['-c', 's2t', '--quotes', 'CJK'], { input: '“汉”' })).stdout.toString()).toBe('「漢」');
    const typo = await runInProcess(['-c', 's2t', '--format', 'jsnl'], { input: '{}' });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean "jsonl"\?/);
    expect((await runInProcess(['-c', 's2t', '-e', 'latin1'], { input: 'x' })).stderr).toMatch(/Valid \(any case\): auto, utf8/);
  });

  it('--field and --column are refused for an input that is not JSON Lines, CSV or TSV, never silently ignored', async () => {
    const json = '{"text":"软件","other":"软件"}';
    const refused = await runInProcess(['-c', 's2t', '--field', 'text'], { input: json });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout.toString()).toBe('');
    expect(refused.stderr).toMatch(/--field apply to JSON Lines, CSV and TSV, and this input is read as text.*--format jsonl/);
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'a.json'), json);
    const file = await runInProcess(['-c', 's2t', '--column', '2', join(dir, 'a.json')]);
    expect(file.code).not.toBe(0);
    expect(file.stderr).toMatch(/a\.json: --column apply to .* read as json/);
    const records = await runInProcess(['-c', 's2t', '--format', 'jsonl', '--field', 'text'], { input: json + '\n' });
    expect(records.stdout.toString()).toBe('{"text":"軟件","other":"软件"}\n');
  });

  it("usage errors point to the command's own --help", async () => {
    expect((await runInProcess(['-c', 's2t', '--bogus'])).stderr).toContain('fanjian convert --help');
    expect((await runInProcess(['-c'])).stderr).toContain('fanjian convert --help');
    expect((await runInProcess(['repair', '-t'])).stderr).toContain('fanjian repair --help');
    expect((await runInProcess(['detect', '--bogus'])).stderr).toContain('fanjian detect --help');
  });
});

describe('files that are not text', () => {
  it('PDF and legacy Office files say what they are and that fanjian does not convert them', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'a.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 3, 0xff, 0, 0, 0x80, 0x90])]));
    await writeFile(join(dir, 'b.doc'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
    const pdf = await fanjian(['-c', 's2t', join(dir, 'a.pdf')]);
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toMatch(/a\.pdf is a PDF document; fanjian does not convert PDF/);
    expect(pdf.stderr).not.toMatch(/--encoding/);
    const doc = await fanjian(['-c', 's2t', join(dir, 'b.doc')]);
    // The Office formats recognise an OLE2 file themselves; either way the message says what it is.
    expect(doc.code).toBe(1);
    expect(doc.stderr).toMatch(/b\.doc(:| is) .*(legacy Microsoft Office|legacy or encrypted Office)/);
    expect(doc.stderr).not.toMatch(/--encoding/);
    // In a folder they are skipped, with the same explanation.
    const folder = await fanjian(['-c', 's2t', '--out-dir', join(dir, 'out'), dir]);
    expect(folder.stderr).toMatch(/skipped \S*a\.pdf: is a PDF document/);
    // The summary line: counts, bytes, time and rate (b.doc fails in the Office format's own check).
    expect(folder.stderr).toMatch(/0 converted, 1 skipped, 1 failed; [\d.]+ (B|KiB) in \d+\.\d s \([\d.]+ (B|KiB|MiB)\/s\):\n/);
  });
});

describe('the progress line', () => {
  const terminal = () => {
    const written: string[] = [];
    return { written, stream: { write: (text: string | Uint8Array) => { written.push(String(text)); return true; }, isTTY: true, columns: 200 } };
  };

  it('rounds rates, names binary units, and shows bytes rather than "0/1 files" for one file', () => {
    let now = 0;
    const { stream, written } = terminal();
    const progress = new Progress({ stream, enabled: true, totalBytes: 176 * 1024 ** 2, totalFiles: 1 }, () => now);
    now = 1500;
    progress.advance(3);
    now = 3000;
    progress.advance(50 * 1024 ** 2);
    expect(written[0]).toMatch(/3 B of 176\.0 MiB {2}2 B\/s/); // 3 bytes in 1.5 s: "2 B/s", not 2.0000001
    const line = written.at(-1)!;
    expect(line).toMatch(/50\.0 MiB of 176\.0 MiB {2}16\.7 MiB\/s {2}ETA 7\.6 s/);
    expect(line).not.toMatch(/files|\d\.\d{3,}/);
    expect(progress.shown).toBe(true);
  });

  it('counts files when there are several, and is not drawn for a short job or when disabled', () => {
    let now = 0;
    const { stream, written } = terminal();
    const several = new Progress({ stream, enabled: true, totalBytes: 2048, totalFiles: 3 }, () => now);
    several.advance(10, 1);
    expect(written).toEqual([]); // before a second has passed
    now = 2000;
    several.advance(1014, 1);
    expect(written.at(-1)).toMatch(/2\/3 files {2}1\.0 KiB of 2\.0 KiB/);
    const off = new Progress({ stream, enabled: false, totalBytes: null, totalFiles: null }, () => now);
    now = 9000;
    off.advance(5);
    expect(off.shown).toBe(false);
    expect(byteSize(1000)).toBe('1000 B');
    expect(byteSize(1536)).toBe('1.5 KiB');
  });

  /** The CLI in process on a slow standard input (a terminal or not) with standard error on a terminal. */
  async function slowInput(stdinIsTerminal: boolean): Promise<{ stdout: string; stderr: string }> {
    const dir = await temporaryFolder();
    const { stream, written } = terminal();
    const typed = (async function* () {
      yield Buffer.from('汉字\n');
      await new Promise((resolve) => setTimeout(resolve, 1300));
      yield Buffer.from('后来\n');
    })();
    const { run } = await import('../../src/cli/main.js');
    const out: Buffer[] = [];
    const stdout = { write: (chunk: Uint8Array | string, done?: (error?: Error | null) => void) => { out.push(Buffer.from(chunk)); done?.(); return true; } };
    const code = await run(['-c', 's2t'], { stdin: Object.assign(typed, { isTTY: stdinIsTerminal }), stdout, stderr: stream, env: {}, cwd: dir });
    expect(code).toBe(0);
    return { stdout: Buffer.concat(out).toString(), stderr: written.join('') };
  }

  it('is not drawn while a person types on a terminal stdin', async () => {
    expect(await slowInput(true)).toEqual({ stdout: '漢字\n後來\n', stderr: '' });
  });

  it('on a slow pipe it is drawn, then replaced by a one-line summary', async () => {
    const { stdout, stderr } = await slowInput(false);
    expect(stdout).toBe('漢字\n後來\n');
    expect(stderr).toMatch(/^\r.*14 B.*\/s.*\x1b\[K/);
    expect(stderr).toMatch(/\r\x1b\[Kfanjian: standard input converted: 14 B in 1\.\d s \(\d+ B\/s\)\n$/);
  });
});
