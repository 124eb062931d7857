/**
 * The fast path for UTF-8 plain text (src/cli/utf8-lines.ts) gives the library's whole-text output however the input
 * is cut, and hands over to the general stream exactly where it must: description characters, invalid UTF-8 (with
 * the right byte offset), long lines, a byte-order mark only at the start.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { cutAt } from '../engine/helpers.js';
import { runInProcess, temporaryFolder } from './helpers.js';

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
