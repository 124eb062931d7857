/** The record formats on the command line: --format jsonl|csv|tsv (or by extension), --field, --column, --lenient. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { fanjian, temporaryFolder } from '../cli/helpers.js';

const s2tw = (text: string) => convert(text, 's2tw');

describe('fanjian --format jsonl|csv|tsv', () => {
  it('converts the chosen JSON values of each line (by extension, with --field)', async () => {
    const dir = await temporaryFolder();
    const lines = [
      { id: 1, text: '汉字和头发', meta: { source: '这里', score: 0.5 } },
      { id: 2, text: '后面的干部', turns: [{ role: '用户', content: '软件' }] },
    ];
    await writeFile(join(dir, 'data.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const all = await fanjian(['-c', 's2tw', join(dir, 'data.jsonl')]);
    expect(all.stderr).toBe('');
    expect(all.stdout.toString('utf8').trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { id: 1, text: s2tw('汉字和头发'), meta: { source: s2tw('这里'), score: 0.5 } },
      { id: 2, text: s2tw('后面的干部'), turns: [{ role: s2tw('用户'), content: s2tw('软件') }] },
    ]);
    const chosen = await fanjian(['-c', 's2tw', '--field', 'text', '--field', 'turns[].content', join(dir, 'data.jsonl')]);
    expect(chosen.stdout.toString('utf8').trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { ...lines[0], text: s2tw('汉字和头发') },
      { ...lines[1], text: s2tw('后面的干部'), turns: [{ role: '用户', content: s2tw('软件') }] },
    ]);
  });

  it('converts CSV and TSV columns by name or number, on standard input with --format', async () => {
    const csv = 'id,标题,正文\r\n1,"汉字,""这里""",头发\r\n2,后面,"干部\n软件"\r\n';
    const byName = await fanjian(['-c', 's2tw', '--format', 'csv', '--column', '正文'], { input: csv });
    expect(byName.stdout.toString('utf8')).toBe(`id,标题,正文\r\n1,"汉字,""这里""",${s2tw('头发')}\r\n2,后面,"${s2tw('干部\n软件')}"\r\n`);
    const tsv = '1\t汉字\t头发\n2\t"后面\t这里\n';
    const byNumber = await fanjian(['-c', 's2tw', '--format', 'tsv', '--column', '3'], { input: tsv });
    expect(byNumber.stdout.toString('utf8')).toBe(`1\t汉字\t${s2tw('头发')}\n2\t"后面\t${s2tw('这里')}\n`);
  });

  it('refuses a numbered --column that no record reaches (a mistyped number converted nothing, with exit 0), writing no file', async () => {
    const dir = await temporaryFolder();
    const input = join(dir, 'two.csv');
    await writeFile(input, 'a,b\n汉字,头发\n这里,后面,干部\n');
    const wide = await fanjian(['-c', 's2tw', '--column', '9', '-o', join(dir, 'out.csv'), input]);
    expect(wide.code).toBe(1);
    expect(wide.stderr).toContain('No record of this CSV has a column 9 (the widest has 3)');
    expect(wide.stderr).toContain('check --column');
    await expect(readFile(join(dir, 'out.csv'))).rejects.toThrow();
    // A column only some records reach is converted where it is (ragged records are legitimate CSV).
    const ragged = await fanjian(['-c', 's2tw', '--column', '3', '-o', join(dir, 'out.csv'), input]);
    expect(ragged.code).toBe(0);
    expect(await readFile(join(dir, 'out.csv'), 'utf8')).toBe(`a,b\n汉字,头发\n这里,后面,${s2tw('干部')}\n`);
  });

  it('names the line of a malformed record and writes nothing, or passes it with --lenient and a warning', async () => {
    const dir = await temporaryFolder();
    const input = join(dir, 'bad.jsonl');
    await writeFile(input, '{"a":"汉字"}\n{"a": 汉字}\n{"a":"头发"}\n');
    const strict = await fanjian(['-c', 's2tw', '-o', join(dir, 'out.jsonl'), input]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('line 2: invalid JSON Lines record');
    await expect(readFile(join(dir, 'out.jsonl'))).rejects.toThrow();
    const lenient = await fanjian(['-c', 's2tw', '--lenient', '-o', join(dir, 'out.jsonl'), input]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain('line 2: not JSON');
    expect(await readFile(join(dir, 'out.jsonl'), 'utf8')).toBe(`{"a":"${s2tw('汉字')}"}\n{"a": 汉字}\n{"a":"${s2tw('头发')}"}\n`);
    const csv = await fanjian(['-c', 's2tw', '--format', 'csv'], { input: 'a\n"x"y\n' });
    expect(csv.code).toBe(1);
    expect(csv.stderr).toContain('line 2: invalid CSV record: text after the closing quote');
  });

  it('streams records in constant memory: a record input is never held whole (--max-input does not apply)', async () => {
    const dir = await temporaryFolder();
    const line = JSON.stringify({ text: '汉字这里头发后面的干部'.repeat(20), n: 1 }) + '\n';
    const text = line.repeat(Math.ceil((3 << 20) / Buffer.byteLength(line)));
    await writeFile(join(dir, 'big.jsonl'), text);
    const records = await fanjian(['-c', 's2tw', '--max-input', '1M', '-o', join(dir, 'out.jsonl'), join(dir, 'big.jsonl')]);
    expect(records.stderr).toBe('');
    expect(records.code).toBe(0);
    expect(await readFile(join(dir, 'out.jsonl'), 'utf8')).toBe(s2tw(text));
    // The same text as a JSON document must be held whole, and is refused above --max-input.
    await mkdir(join(dir, 'doc'));
    const whole = await fanjian(['-c', 's2tw', '--format', 'json', '--max-input', '1M', '-o', join(dir, 'doc', 'out.json'), join(dir, 'big.jsonl')]);
    expect(whole.code).toBe(1);
  });

  it('refuses options of the wrong record format and --explain', async () => {
    const wrong = await fanjian(['-c', 's2tw', '--format', 'csv', '--field', 'text'], { input: 'a\n' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--field is for JSON Lines');
    const explain = await fanjian(['-c', 's2tw', '--format', 'jsonl', '--explain'], { input: '{"a":"汉"}\n' });
    expect(explain.code).toBe(1);
    expect(explain.stderr).toContain('--explain does not list the changes in jsonl records');
  });
});
