/**
 * Guarantee: converting a document never changes its structure. The formats insert converted text where the
 * original text was, as it is; a user dictionary whose value brings ASCII punctuation its key does not have (a
 * `"`, `\`, `<`, `&`, `*`, `,`…) would end a JSON or YAML string, open HTML markup, make Markdown or split a CSV
 * field: a document converted with one is refused before anything is written (exit 2, the entry and the input
 * named), where before it was written broken with exit 0 (in place, the file no longer parsed). Plain text takes
 * any value.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { micromark } from 'micromark';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { syntaxChange } from '../../src/cli/dictionary-risk.js';
import { convertDocument } from '../../src/node/documents.js';
import { fanjian, temporaryFolder } from '../cli/helpers.js';

const fixture = (name: string) => new URL(`../fixtures/office/${name}`, import.meta.url);

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

  it('checks inputs that are documents by their content: a docx without its extension, named .txt, or on standard input', async () => {
    // Before, only the extension was looked at: these were written with "<" inside word/document.xml, exit 0.
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'markup.txt'), '软件\t<软&件>\n');
    const docx = await readFile(fixture('document.docx'));
    for (const name of ['report', 'report.txt']) {
      await copyFile(fixture('document.docx'), join(dir, name));
      const out = await fanjian(['-c', 's2t', '--dict', join(dir, 'markup.txt'), join(dir, name), '-o', join(dir, `${name}.out`)]);
      expect(out.code, name).toBe(2);
      expect(out.stderr).toContain(`${name} is converted as docx (by its content), and dictionary`);
      expect(out.stderr).toContain('brings "<" that 软件 does not have');
      expect(out.stderr).toContain('nothing was written (1 problem with the dictionaries)');
      const inPlace = await fanjian(['-c', 's2t', '--dict', join(dir, 'markup.txt'), '--in-place', dir]);
      expect(inPlace.code).toBe(2);
      expect(await readFile(join(dir, name))).toEqual(docx);
    }
    const stdin = await fanjian(['-c', 's2t', '--dict', join(dir, 'markup.txt')], { input: docx });
    expect(stdin.code).toBe(1);
    expect(stdin.stdout.length).toBe(0);
    expect(stdin.stderr).toContain('standard input is converted as docx (by its content)');
    // The same file without the entry converts.
    await writeFile(join(dir, 'plain.dict'), '软件\t軟體\n');
    const fine = await fanjian(['-c', 's2t', '--dict', join(dir, 'plain.dict')], { input: docx });
    expect(fine.code).toBe(0);
    expect(fine.stdout.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
  });

  it('refuses values that drop or move an escape, and the dictionaries of an OpenCC configuration', async () => {
    const dir = await temporaryFolder();
    const cases: [string, string, string, string][] = [
      // dictionary, file, document, what the old code wrote (broken, exit 0)
      ['汉\\\t漢\n', 'a.json', '{"a": "汉\\"x"}\n', '{"a": "漢"x"}\n'],
      ['汉\\\t漢\n', 'b.yaml', 'a: "汉\\"x"\n', 'a: "漢"x"\n'],
      ['汉\\\t漢\n', 'c.md', '汉\\*x*\n', '漢*x*\n'],
      ['n汉\t漢\n', 'd.json', '{"a": "x\\n汉"}\n', '{"a": "x\\漢"}\n'],
      ['汉\\\t\\漢\n', 'e.json', '{"a": "x汉\\"y"}\n', '{"a": "x\\漢"y"}\n'],
      ['汉\t漢\u0085\n', 'f.yaml', 'a: 汉字\n', 'a: 漢\u0085字\n'],
    ];
    for (const [i, [dict, name, text]] of cases.entries()) {
      await writeFile(join(dir, `${i}.dict`), dict);
      await writeFile(join(dir, name), text);
      const result = await fanjian(['-c', 's2t', '--dict', join(dir, `${i}.dict`), '--in-place', join(dir, name)]);
      expect(result.code, name).toBe(2);
      expect(result.stderr).toMatch(/which (brings|drops|moves) /);
      expect(await readFile(join(dir, name), 'utf8')).toBe(text);
    }
    // What the old code wrote is indeed broken: the JSON and YAML do not parse, the Markdown gained emphasis.
    expect(() => JSON.parse(cases[0]![3])).toThrow();
    expect(() => JSON.parse(cases[3]![3])).toThrow();
    expect(() => parseYaml(cases[1]![3])).toThrow();
    expect(micromark(cases[2]![3])).toContain('<em>');
    expect(micromark(cases[2]![2])).not.toContain('<em>');
    // An OpenCC configuration's own text dictionaries write too (before: {"a": ""字"}, exit 0).
    await writeFile(join(dir, 'chain.txt'), '汉\t"\n');
    await writeFile(join(dir, 'my.json'), JSON.stringify({ name: 'x', conversion_chain: [{ dict: { type: 'text', file: 'chain.txt' } }] }));
    await writeFile(join(dir, 'g.json'), '{"a": "汉字"}');
    const chain = await fanjian(['-c', join(dir, 'my.json'), join(dir, 'g.json')]);
    expect(chain.code).toBe(2);
    expect(chain.stderr).toContain('dictionary chain.txt (line 1) maps 汉 to ", which brings');
    expect(chain.stdout.length).toBe(0);
  });

  it('a replacement that keeps the skeleton of ASCII characters keeps JSON, YAML and Markdown whole (fuzzed)', () => {
    // The rule the check applies, against the formats themselves: any key/value it lets through, replaced in any
    // text as the converter does (raw, where the text was), leaves the document parsing to the same shape.
    const piece = fc.constantFrom('汉', '漢', '字', '\\', '"', 'n', 'u', '0', '*', '_', '<', '&', ';', '[', ']', ',', ':', '#', ' ', 'x');
    const word = fc.array(piece, { minLength: 1, maxLength: 4 }).map((a) => a.join('').trim()).filter((w) => w !== '');
    // A value with the key's skeleton: its runs of Chinese characters replaced by others (the check lets it through).
    const entry = fc.tuple(word, fc.array(fc.constantFrom('漢', '字', '汉字', '漢漢'), { minLength: 4, maxLength: 4 }))
      .map(([key, runs]) => [key, key.replace(/[汉漢字]+/g, () => runs.shift() ?? '字')] as const);
    const shape = (markdown: string) => micromark(markdown).replace(/>[^<]*</g, '><').replace(/"[^"]*"/g, '""');
    fc.assert(fc.property(entry, fc.array(fc.oneof(piece, word), { maxLength: 12 }), ([key, value], parts) => {
      expect(syntaxChange(key, value)).toBeNull();
      const text = parts.join('') + key + parts.slice(0, 3).join('');
      const transform = (t: string) => t.split(key).join(value);
      const json = JSON.stringify({ a: text });
      const outJson = convertDocument(json, { format: 'json', transform });
      expect(Object.keys(JSON.parse(outJson))).toEqual(['a']);
      const yaml = `a: ${JSON.stringify(text)}\nb: 1\n`;
      const outYaml = parseYaml(convertDocument(yaml, { format: 'yaml', transform })) as Record<string, unknown>;
      expect(Object.keys(outYaml)).toEqual(['a', 'b']);
      expect(shape(convertDocument(`${text}\n`, { format: 'markdown', transform }))).toBe(shape(`${text}\n`));
    }), { numRuns: 300, interruptAfterTimeLimit: 10_000 });
  });
});
