/** The detect, repair and review commands and --explain, run as a user runs them. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert, detect, repair } from '../../src/node/index.js';
import { fixture } from '../engine/helpers.js';
import { fanjian, temporaryFolder } from './helpers.js';

const article = fixture('article.txt');
const gold = fixture('seed/article.zh-TW.repaired.txt');

describe('fanjian repair', () => {
  it('repairs the seed article to the gold, on stdout and in place', async () => {
    const piped = await fanjian(['repair', '-t', 'tw'], { input: article });
    expect(piped.code).toBe(0);
    expect(piped.stdout.toString('utf8')).toBe(gold);
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'a.txt'), article);
    const inPlace = await fanjian(['repair', '-t', 'tw', '--in-place', join(dir, 'a.txt')]);
    expect(inPlace.code).toBe(0);
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe(gold);
  });

  it('lists each change with --explain', async () => {
    const result = await fanjian(['repair', '-t', 'tw', '--explain'], { input: article });
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(53);
    expect(lines[0]).toMatch(/^-:3:5: 注 → 註 {2}\(converted-word: /);
    expect(lines).toContain('-:18:31: 并 → 並  (out-of-script-character: 并 (U+5E76) is not used in Traditional text; 并沒有 → 並沒有)');
  });

  it('needs a target', async () => {
    const result = await fanjian(['repair'], { input: article });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('-t');
  });
});

describe('fanjian detect', () => {
  it('prints one line per file, per line with --lines, and JSON with --json', async () => {
    const dir = await temporaryFolder();
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', 'tw.txt'), article);
    await writeFile(join(dir, 'in', 'hans.txt'), fixture('seed/article.zh-Hans.txt'));
    const summary = await fanjian(['detect', join(dir, 'in')]);
    expect(summary.code).toBe(0);
    const lines = summary.stdout.toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/hans\.txt: simplified /);
    expect(lines[1]).toMatch(/tw\.txt: traditional \(tw\) 96\.5%; 1721 Han: .* 53 outliers/);

    const perLine = (await fanjian(['detect', '--lines', join(dir, 'in', 'tw.txt')])).stdout.toString('utf8').trim().split('\n');
    expect(perLine).toHaveLength(article.split('\n').length);
    expect(perLine[59]).toMatch(/tw\.txt:60: simplified/);

    const json = JSON.parse((await fanjian(['detect', '--json', join(dir, 'in', 'tw.txt')])).stdout.toString('utf8'));
    expect(json).toEqual([{ path: join(dir, 'in', 'tw.txt'), ...detect(article) }]);
  });

  it('counts lines as editors do: a final line break ends the last line', async () => {
    const count = async (input: string) => (await fanjian(['detect', '--lines'], { input })).stdout.toString('utf8').split('\n').filter(Boolean);
    const four = await count('这是简体。\n這是繁體。\n第三行\n第四行\n');
    expect(four).toHaveLength(4);
    expect(four[3]).toMatch(/^-:4: /);
    expect(await count('一\n二')).toHaveLength(2);
    expect(await count('一\n\n')).toEqual([expect.stringMatching(/^-:1: /), expect.stringMatching(/^-:2: none/)]);
    expect(await count('')).toEqual([]);
  });

  it('reads standard input', async () => {
    const result = await fanjian(['detect'], { input: '这是简体中文，我们说的话。' });
    expect(result.stdout.toString('utf8')).toMatch(/^-: simplified /);
  });
});

describe('fanjian review and convert --explain', () => {
  it('lists the ambiguous spots with line, column and context', async () => {
    const result = await fanjian(['review', '-c', 's2tw', '--json'], { input: '第一行\n他的后，发，干。' });
    expect(result.code).toBe(0);
    const spots = JSON.parse(result.stdout.toString('utf8')) as { line: number; column: number; source: string; target: string; candidates: string[]; context: string }[];
    expect(spots.map((s) => [s.line, s.column, s.source, s.target])).toEqual([[2, 3, '后', '後'], [2, 5, '发', '發'], [2, 7, '干', '幹']]);
    expect(spots[1]!.candidates).toEqual(expect.arrayContaining(['發', '髮']));
    expect(spots[0]!.context).toBe('他的[后]，发，干。');
    const plain = await fanjian(['review', '-c', 's2tw'], { input: '他的后，发，干。' });
    expect(plain.stdout.toString('utf8').split('\n')[0]).toBe('-:1:3\t后 → 後\t後 后\t他的[后]，发，干。');
  });

  it('explains a conversion on standard error while the text goes to standard output', async () => {
    const result = await fanjian(['-c', 's2twp', '--explain'], { input: '鼠标和头发\n后' });
    expect(result.stdout.toString('utf8')).toBe(convert('鼠标和头发\n后', 's2twp'));
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      '-:1:1: 鼠标 → 滑鼠  (TWPhrases, stage 2)',
      '-:1:4: 头发 → 頭髮  (STPhrases, stage 1)',
      '-:2:1: 后 → 後  (STCharacters, stage 1; ambiguous (後 后))',
    ]);
  });

  it('repair and detect agree with the library on a folder', async () => {
    const dir = await temporaryFolder();
    const text = '這里的干部并沒有說什么。\n';
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', 'a.txt'), text);
    const result = await fanjian(['repair', '-t', 'tw', '--out-dir', join(dir, 'out'), join(dir, 'in')]);
    expect(result.code).toBe(0);
    expect(await readFile(join(dir, 'out', 'a.txt'), 'utf8')).toBe(repair(text, { to: 'tw' }).text);
  });
});
