/** Reading an input held whole (documents): one buffer of the file's size, and exact whatever the file does meanwhile. */
import { describe, expect, it } from 'vitest';
import { wholeBytes } from '../../src/cli/pipeline.js';
import type { Source } from '../../src/cli/source.js';

function source(size: number | null, chunks: readonly number[][]): Source {
  return {
    name: 'f', path: 'f', found: false,
    stamp: size === null ? null : { dev: 1, ino: 1, size, mtimeMs: 0, mode: 0o644, uid: 0, gid: 0 },
    sample: () => { throw new Error('not used'); },
    chunks: async function* () { for (const c of chunks) yield Uint8Array.from(c); },
    close: async () => undefined,
  };
}

describe('wholeBytes', () => {
  const parts = [[1, 2, 3], [4, 5], [6, 7, 8, 9]];
  const all = [1, 2, 3, 4, 5, 6, 7, 8, 9];

  it('reads a file of known size, a stream, a file that grew and one that shrank while read, exactly', async () => {
    expect([...await wholeBytes(source(9, parts), 100, 'x')]).toEqual(all);
    expect([...await wholeBytes(source(null, parts), 100, 'x')]).toEqual(all);
    expect([...await wholeBytes(source(4, parts), 100, 'x')]).toEqual(all); // grew: 4 bytes when opened
    expect([...await wholeBytes(source(20, parts), 100, 'x')]).toEqual(all); // shrank
    expect([...await wholeBytes(source(0, parts), 100, 'x')]).toEqual(all);
  });

  it('refuses more than the limit, by the size when opened or by what arrives', async () => {
    await expect(wholeBytes(source(9, parts), 8, 'a test')).rejects.toThrow(/--max-input/);
    await expect(wholeBytes(source(4, parts), 8, 'a test')).rejects.toThrow(/--max-input/);
    await expect(wholeBytes(source(null, parts), 8, 'a test')).rejects.toThrow(/--max-input/);
  });
});
