/**
 * Guarantee: JSON and YAML documents are converted as they are read (like HTML), so what is wrong with one is
 * refused when it is seen, not after the whole input was read, and nothing is written; nesting of any depth costs
 * JSON a bit a level. (Sizes and times at 200 MB: test/reliability/scripts/measure-documents.sh, README.)
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { fanjian, runInProcess, temporaryFolder } from '../cli/helpers.js';

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
