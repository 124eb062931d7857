/** `fanjian review --opencc`: where fanjian and OpenCC 1.4.2 disagree, with position, forms, rule and reason. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { fanjian, temporaryFolder } from '../cli/helpers.js';
import { openccJs } from './helpers.js';

interface Difference {
  path: string; line: number; column: number; source: string; fanjian: string; opencc: string; by: string;
  reason?: string; context: string;
}

const TEXT = '第一行没有分歧。\n按这样的势头发展下去。\n𠮷中俄关系，不准吸烟。\n或云：「不可」\n';

describe('fanjian review --opencc', () => {
  it('lists each difference with line, column, both forms, what decided and why (JSON)', async () => {
    const dir = await temporaryFolder();
    const file = join(dir, 'notes.txt');
    await writeFile(file, TEXT);
    const result = await fanjian(['review', '--opencc', '-c', 's2tw', '--json', file]);
    expect(result.code).toBe(0);
    const differences = JSON.parse(result.stdout.toString('utf8')) as Difference[];
    expect(differences.map((d) => [d.line, d.column, d.source, d.fanjian, d.opencc, d.by])).toEqual([
      [2, 6, '头发展下去', '頭發展下去', '頭髮展下去', 'segmentation (fanjian)'],
      // columns count characters: 𠮷 is one
      [3, 2, '中俄关系', '中俄關係', '中俄關系', 'STPhrases (fanjian)'],
      [3, 7, '不准', '不准', '不準', 'STPhrases (fanjian)'],
      [4, 2, '云', '云', '雲', 'rule quotation-yun (fanjian)'],
    ]);
    expect(differences.every((d) => d.path === file && typeof d.reason === 'string' && d.reason.length > 10)).toBe(true);
    expect(differences[1]!.reason).toMatch(/關係/);
    expect(differences[0]!.context).toBe('按这样的势[头发展下去]。');
    // Each row is a real disagreement: the two forms are fanjian's and opencc-js's conversions of the stretch.
    for (const d of differences) {
      const line = TEXT.split('\n')[d.line - 1]!;
      expect(convert(line, 's2tw')).toContain(d.fanjian);
      expect(openccJs('s2tw')(line)).toContain(d.opencc);
    }
  });

  it('writes one tab-separated line per difference when piped, and reads standard input', async () => {
    const result = await fanjian(['review', '--opencc', '-c', 's2t'], { input: '中俄关系\n' });
    expect(result.code).toBe(0);
    const lines = result.stdout.toString('utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const cells = lines[0]!.split('\t');
    expect(cells.slice(0, 5)).toEqual(['-:1:1', '中俄关系', '中俄關係', '中俄關系', 'STPhrases (fanjian)']);
    expect(cells[5]).toMatch(/關係/);
    expect(cells[6]).toBe('[中俄关系]');
  });

  it('lists nothing where the two agree, and refuses --no-corrections', async () => {
    const same = await fanjian(['review', '--opencc', '-c', 's2tw'], { input: '第一行没有分歧。\n' });
    expect(same.code).toBe(0);
    expect(same.stdout.toString('utf8')).toBe('');
    const refused = await fanjian(['review', '--opencc', '--no-corrections', '-c', 's2tw'], { input: '中俄关系' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--opencc.*--no-corrections/);
  });

  it('is described by --help', async () => {
    const help = await fanjian(['review', '--help']);
    expect(help.stdout.toString('utf8')).toMatch(/--opencc/);
  });
});
