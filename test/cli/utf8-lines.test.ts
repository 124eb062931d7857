/**
 * The fast path for UTF-8 plain text (src/cli/utf8-lines.ts) gives the library's whole-text output however the input
 * is cut, and hands over to the general stream exactly where it must: description characters, invalid UTF-8 (with
 * the right byte offset), long lines, a byte-order mark only at the start.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert, createConverter } from '../../src/node/index.js';
import { convertUtf8Block, convertUtf8Lines, type BlockHelper, type UnitConverter } from '../../src/cli/utf8-lines.js';
import { cutAt } from '../engine/helpers.js';
import { fanjian, runInProcess, temporaryFolder } from './helpers.js';

const cuts = (bytes: Buffer, at: readonly number[]) => cutAt(bytes, at).filter((p) => p.length > 0);

describe('UTF-8 lines, converted whole', () => {
  it('equals whole-text conversion for any chunking, with description sequences across lines and a late U+FEFF', async () => {
    const parts = ['汉字后来\n', '头发\r\n', '⿰\n', '氵去\n', '干部\n', '\ufeff里面\n', '😀发\n', 'abc', '\n\n'];
    await fc.assert(fc.asyncProperty(
      fc.array(fc.constantFrom(...parts), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 6 }),
      async (lines, at) => {
        const text = lines.join('');
        const result = await runInProcess(['-c', 's2tw'], { input: cuts(Buffer.from(text), at) });
        expect(result.stderr).toBe('');
        expect(result.stdout.toString()).toBe(convert(text.replace(/^\ufeff/, ''), 's2tw')); // a mark at the very start is a BOM
      }), { numRuns: 60, interruptAfterTimeLimit: 20_000 });
  }, 60_000);

  it('drops a byte-order mark at the start only', async () => {
    const result = await runInProcess(['-c', 's2t'], { input: [Buffer.from([0xef, 0xbb]), Buffer.from([0xbf]), Buffer.from('汉\n\ufeff汉')] });
    expect(result.stdout.toString()).toBe('漢\n\ufeff漢');
  });

  it('reports invalid UTF-8 far into a file at its byte offset, and writes nothing', async () => {
    const dir = await temporaryFolder();
    const line = Buffer.from('汉字后来头发\n');
    const bytes = Buffer.concat([...Array.from({ length: 200_000 }, () => line), Buffer.from([0xe6, 0x41, 0x0a])]);
    await writeFile(join(dir, 'a.txt'), bytes);
    const result = await runInProcess(['-c', 's2t', '-o', join(dir, 'out.txt'), join(dir, 'a.txt')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`byte offset ${line.length * 200_000}`);
    const lenient = await runInProcess(['-c', 's2t', '--lenient', join(dir, 'a.txt')]);
    expect(lenient.stdout.toString().endsWith('漢字後來頭髮\n\ufffdA\n')).toBe(true);
  });

  it('a line longer than the fast path holds streams through the general path, unchanged in output', async () => {
    const text = '汉字后来头发干部'.repeat(200_000) + '\n里面';
    const result = await runInProcess(['-c', 's2t'], { input: cuts(Buffer.from(text), [1 << 16, 1 << 20, 3 << 20]) });
    expect(result.stdout.toString()).toBe(convert(text, 's2t'));
  });
});

describe('UTF-8 lines with helper threads', () => {
  const converter = createConverter('s2tw');
  const units: UnitConverter = (u, length) => converter.chain.run(u, 0, length);
  /** The general path of the test: the rest converted whole (exact, as conversion never crosses a line break). */
  async function* whole(rest: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
    const parts: Uint8Array[] = [];
    for await (const part of rest) parts.push(part);
    yield converter.convert(Buffer.concat(parts).toString('utf8'));
  }
  async function* chunked(parts: readonly Buffer[]): AsyncGenerator<Uint8Array> {
    for (const part of parts) yield part;
  }

  it('gives the output in input order whatever blocks the helper takes and however late it answers', async () => {
    const parts = ['汉字后来\n', '头发\r\n', '⿰氵去\n', '干部\n', '😀发\n', 'abc', '\n', '里面的面\n'];
    await fc.assert(fc.asyncProperty(
      fc.array(fc.constantFrom(...parts), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 8 }),
      fc.array(fc.tuple(fc.boolean(), fc.nat({ max: 3 })), { minLength: 1, maxLength: 10 }), fc.boolean(),
      async (lines, at, schedule, utf8) => {
        const text = lines.join('');
        let call = 0;
        let sent = 0;
        const helper: BlockHelper = {
          ready: () => schedule[call++ % schedule.length]![0],
          convert: async (block) => {
            sent++;
            const delay = schedule[sent % schedule.length]![1];
            for (let i = 0; i < delay; i++) await new Promise((resolve) => setImmediate(resolve));
            return convertUtf8Block(block, units);
          },
        };
        const out: Buffer[] = [];
        for await (const piece of convertUtf8Lines(chunked(cuts(Buffer.from(text), at)), units, whole, utf8, helper)) {
          if (typeof piece === 'string') out.push(Buffer.from(piece));
          else {
            expect(Buffer.from(piece.bytes).toString('utf8').length).toBe(piece.units);
            out.push(Buffer.from(piece.bytes));
          }
        }
        expect(Buffer.concat(out).toString('utf8')).toBe(converter.convert(text));
      }), { numRuns: 80, interruptAfterTimeLimit: 20_000 });
  }, 60_000);

  it('gives text that UTF-8 cannot hold (a lone surrogate) as a string, for the output encoder to name', async () => {
    // Valid UTF-8 input never converts to a lone surrogate; a converter that makes one stands for a future bug.
    const lone: UnitConverter = (u, length) => {
      const out = u.slice(0, length);
      out[0] = 0xd800;
      return { units: out, length };
    };
    const block = convertUtf8Block(Buffer.from('汉字\n'), lone);
    expect(block).toBe('\ud800字\n');
    const pieces: unknown[] = [];
    for await (const piece of convertUtf8Lines(chunked([Buffer.from('汉字\n')]), lone, whole, true)) pieces.push(piece);
    expect(pieces).toEqual(['\ud800字\n']);
    const result = await convertUtf8Lines(chunked([Buffer.from('汉字\n')]), units, whole, true).next();
    expect(result.value).toEqual({ bytes: Buffer.from('漢字\n'), units: 3 });
  });

  it('a long file on --jobs 2 (this thread and a worker converting blocks) equals whole-text conversion, and still finds invalid UTF-8 at its offset', async () => {
    const dir = await temporaryFolder();
    const line = Buffer.from('汉字后来头发，干部这里并没有于是。\n');
    const count = Math.ceil((9 << 20) / line.length); // above the size at which helpers join
    const text = Buffer.concat([...Array.from({ length: count }, () => line), Buffer.from('⿰氵去\n'), line, Buffer.from('末行')]);
    await writeFile(join(dir, 'a.txt'), text);
    // The test hook sends every block after the first to the worker, loaded or not.
    const env = { FANJIAN_TEST_WORKERS_ONLY: '1' };
    const result = await fanjian(['-c', 's2tw', '--jobs', '2', '-o', join(dir, 'out.txt'), join(dir, 'a.txt')], { env });
    expect(result.stderr).toBe('');
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe(converter.convert(text.toString('utf8')));
    const bad = Buffer.concat([text.subarray(0, line.length * count), Buffer.from([0xe6, 0x41, 0x0a])]);
    await writeFile(join(dir, 'b.txt'), bad);
    const failed = await fanjian(['-c', 's2tw', '--jobs', '2', '-o', join(dir, 'out-b.txt'), join(dir, 'b.txt')], { env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`byte offset ${line.length * count}`);
  }, 120_000);
});
