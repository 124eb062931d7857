/**
 * Guarantee: converting a document never changes its structure. The formats insert converted text where the
 * original text was, as it is; a user dictionary whose value brings ASCII punctuation its key does not have (a
 * `"`, `\`, `<`, `&`, `*`, `,`…) would end a JSON or YAML string, open HTML markup, make Markdown or split a CSV
 * field: a document converted with one is refused before anything is written (exit 2, the entry and the input
 * named), where before it was written broken with exit 0 (in place, the file no longer parsed). Plain text takes
 * any value.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fanjian, temporaryFolder } from '../cli/helpers.js';

describe('documents and user dictionaries that bring syntax', () => {
  it('refuses a document to be converted with a value that adds punctuation; converts plain text with it', async () => {
    const dir = await temporaryFolder();
    const documents: Record<string, string> = {
      'a.json': '{"a": "汉字"}\n', 'b.yaml': 'a: "汉字"\nb: 汉字\n', 'c.html': '<p title="汉字">汉字</p>\n', 'd.md': '汉字 *后*\n', 'e.csv': 'a,汉字\n',
    };
    for (const [name, text] of Object.entries(documents)) await writeFile(join(dir, name), text);
    await writeFile(join(dir, 'quote.txt'), '汉\t引"号\n');
    await writeFile(join(dir, 'slash.txt'), '# comment\n字\t反\\斜\n');
    await writeFile(join(dir, 'plain.txt'), '汉字');
    for (const dict of ['quote.txt', 'slash.txt']) {
      for (const name of Object.keys(documents)) {
        const result = await fanjian(['-c', 's2t', '--dict', join(dir, dict), '--in-place', join(dir, name)]);
        expect(result.code, `${dict} ${name}`).toBe(2);
        expect(result.stderr).toMatch(new RegExp(`${name} is converted as \\w+, and dictionary .*${dict} \\(line \\d\\) maps .* nothing was converted`));
        expect(await readFile(join(dir, name), 'utf8')).toBe(documents[name]);
      }
      // Standard input read as a document too; and a folder holding one refuses the run before anything is written.
      const stdin = await fanjian(['-c', 's2t', '--dict', join(dir, dict), '--format', 'json'], { input: '{"a": "汉字"}' });
      expect(stdin.code).toBe(2);
      expect(stdin.stdout.toString()).toBe('');
      const folder = await fanjian(['-c', 's2t', '--dict', join(dir, dict), '--in-place', dir]);
      expect(folder.code).toBe(2);
      expect(await readFile(join(dir, 'plain.txt'), 'utf8')).toBe('汉字');
    }
    // Plain text (named, or forced with --format text) takes it.
    const plain = await fanjian(['-c', 's2t', '--dict', join(dir, 'quote.txt'), join(dir, 'plain.txt')]);
    expect(plain.code).toBe(0);
    expect(plain.stdout.toString()).toBe('引"号字');
    const forced = await fanjian(['-c', 's2t', '--dict', join(dir, 'quote.txt'), '--format', 'text', join(dir, 'a.json')]);
    expect(forced.stdout.toString()).toBe('{"a": "引"号字"}\n');
    // A value whose punctuation is in its key (C++) is no risk: the document converts.
    await writeFile(join(dir, 'same.txt'), 'C++语言\tC++語言\n');
    await writeFile(join(dir, 'f.json'), '{"a": "C++语言"}');
    const same = await fanjian(['-c', 's2t', '--dict', join(dir, 'same.txt'), join(dir, 'f.json')]);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout.toString())).toEqual({ a: 'C++語言' });
    // Only what is written counts: a comment line, and alternatives after the first value, are never written.
    await writeFile(join(dir, 'noted.txt'), '# "引号"\t<注释>\n语言\t語言 "語言"\n');
    const noted = await fanjian(['-c', 's2t', '--dict', join(dir, 'noted.txt'), join(dir, 'f.json')]);
    expect(noted.code).toBe(0);
    expect(JSON.parse(noted.stdout.toString())).toEqual({ a: 'C++語言' });
  });
});
