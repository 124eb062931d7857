/**
 * The pieces of `npm run accuracy` that decide what counts: the fixed split, the declared variant table, the
 * alignment of a reference with a conversion, the interval. The benchmark itself is run by hand, never here.
 */
import { describe, expect, it } from 'vitest';
import { big5Han, interval, splitOf, VariantTable, addCluster, emptyTally } from '../../src/bench/accuracy-data.js';
import { loadCedict, measureCedict, measureRoundTrip, outsideStandardForms, wrongPositions, writableFrom } from '../../src/bench/accuracy-measures.js';
import { EVIDENCE, UnihanLinks } from '../../src/bench/accuracy-evidence.js';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const variants = VariantTable.load();
const chars = (s: string) => [...s];

describe('development/test split', () => {
  it('is a fixed function of the key, about half and half', () => {
    expect(splitOf('关系')).toBe(splitOf('关系'));
    const keys = Array.from({ length: 20000 }, (_, i) => `第${i}行：他说了${i * 7}句话`);
    const dev = keys.filter((k) => splitOf(k) === 'dev').length;
    expect(dev / keys.length).toBeGreaterThan(0.48);
    expect(dev / keys.length).toBeLessThan(0.52);
  });

  it('does not follow the last character alone', () => {
    const pairs = ['一', '二', '三', '四', '五', '六', '七', '八'].map((c) => splitOf(`前文${c}`));
    expect(new Set(pairs).size).toBe(2);
  });
});

describe('declared variant table (dictionaries/variants.tsv)', () => {
  it("holds OpenCC's Taiwan and Hong Kong variants and Unihan's glyph variants", () => {
    for (const [a, b] of [['裏', '裡'], ['爲', '為'], ['着', '著'], ['溼', '濕'], ['衞', '衛'], ['眞', '真'], ['絶', '絕'], ['麽', '麼'], ['恆', '恒'],
      // Unihan kSemanticVariant citing Hong Kong's glyph list, although OpenCC writes both forms word by word.
      ['歎', '嘆'], ['鑒', '鑑'], ['蹟', '跡']]) {
      expect(variants.same(a!, b!), `${a}/${b}`).toBe(true);
      expect(variants.same(b!, a!), `${b}/${a}`).toBe(true);
    }
  });

  it('never declares the one-to-many choices a converter must get right', () => {
    // The error classes the issue names: these are wrong words, not variants.
    for (const [a, b] of [['舍', '捨'], ['回', '迴'], ['乾', '幹'], ['干', '幹'], ['范', '範'], ['伙', '夥'], ['沖', '衝'], ['游', '遊'],
      ['里', '裡'], ['里', '裏'], ['后', '後'], ['发', '髮'], ['發', '髮'], ['系', '係'], ['係', '繫'], ['制', '製'], ['面', '麵'],
      ['歷', '曆'], ['准', '準'], ['云', '雲'], ['余', '餘'], ['于', '於'], ['周', '週'], ['咨', '諮'], ['欲', '慾'], ['鉆', '鑽'],
      ['閑', '閒'], ['脩', '修'], ['沈', '沉'], ['弔', '吊'], ['饑', '飢']]) {
      expect(variants.same(a!, b!), `${a}/${b}`).toBe(false);
    }
  });

  it('is read with chains and trailing notes', () => {
    const table = new VariantTable('# note\nA\tB\t# a note\nB\tC\n\nD\tE\n');
    expect(table.same('A', 'C')).toBe(true);
    expect(table.same('A', 'D')).toBe(false);
    expect(table.same('#', 'A')).toBe(false);
  });
});

describe('wrong positions', () => {
  it('compares equal lengths position by position, up to variants', () => {
    expect(wrongPositions(chars('頭髮裏乾了'), chars('頭發裡幹了'), variants)).toEqual([{ at: 1, got: '發' }, { at: 3, got: '幹' }]);
  });

  it('aligns outputs of another length and blames only the characters that differ', () => {
    expect(wrongPositions(chars('甲乙丙丁'), chars('甲乙X丙丁'), variants)).toEqual([]);
    expect(wrongPositions(chars('甲乙丙丁'), chars('甲丙丁'), variants)).toEqual([{ at: 1, got: '∅' }]);
    expect(wrongPositions(chars('甲乙丙丁戊'), chars('甲Y丙丁'), variants).map((w) => w.at).sort()).toEqual([1, 4]);
  });
});

describe('interval', () => {
  it('contains the rate, and clustered errors widen it', () => {
    const spread = emptyTally(), clumped = emptyTally();
    for (let i = 0; i < 100; i++) {
      addCluster(spread, 1, 100);
      addCluster(clumped, i < 10 ? 10 : 0, 100);
    }
    const [lo, hi] = interval(spread);
    expect(lo).toBeLessThan(0.01);
    expect(hi).toBeGreaterThan(0.01);
    const [clo, chi] = interval(clumped);
    expect(chi - clo).toBeGreaterThan(hi - lo);
  });

  it('is Wilson for words (one unit a cluster) and never below zero', () => {
    const words = emptyTally();
    for (let i = 0; i < 1000; i++) addCluster(words, i < 3 ? 1 : 0, 1);
    const [lo, hi] = interval(words);
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(0.01);
    const none = emptyTally();
    addCluster(none, 0, 50);
    expect(interval(none)[0]).toBe(0);
  });
});

describe('measures', () => {
  it('CC-CEDICT: any listed Traditional form counts, a wrong one is listed with its word (development part only)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'fanjian-accuracy-'));
    try {
      const file = join(folder, 'cedict.tsv');
      // 台湾 has two listed forms; 头发 has one.
      writeFileSync(file, '# test\n台灣\t台湾\n臺灣\t台湾\n頭髮\t头发\n');
      const cedict = loadCedict(file);
      const toTraditional = { 台湾: '臺灣', 头发: '頭發' } as Record<string, string>;
      const result = measureCedict(cedict, 'toTraditional', (t) => t.split('\n').map((w) => toTraditional[w] ?? w).join('\n'), variants);
      const all = result.tallies.dev.units + result.tallies.test.units;
      const wrong = result.tallies.dev.errors + result.tallies.test.errors;
      expect([all, wrong]).toEqual([2, 1]);
      if (splitOf('头发') === 'dev') expect(result.devErrors.map((e) => `${e.expected}→${e.got}`)).toEqual(['髮→發']);
      else expect(result.devErrors).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('round trips count Han positions that come back as another character, leaving out forms outside the standard', () => {
    const lines = ['他的頭髮乾了。', '内外皆知。'];
    const there = (t: string) => t.replace(/髮/g, '发').replace(/乾/g, '干');
    const back = (t: string) => t.replace(/发/g, '發').replace(/干/g, '幹').replace(/内/g, '內');
    const outside = outsideStandardForms([['内', '內'], ['干', '幹']], ['內', '幹', '乾']);
    const result = measureRoundTrip(lines, there, back, variants, outside);
    const errors = result.tallies.dev.errors + result.tallies.test.errors;
    const han = result.tallies.dev.units + result.tallies.test.units;
    expect(errors).toBe(2); // 髮→發, 乾→幹; 内 is left out, not an error
    expect(han).toBe(6 + 3);
  });

  it('counts apart the errors at positions the first trip lost (the return trip\'s data never writes the original there)', () => {
    const lines = ['荀脩頭髮乾了。', '束脩。'];
    const there = (t: string) => t.replace(/脩/g, '修').replace(/髮/g, '发').replace(/乾/g, '干');
    const back = (t: string) => t.replace(/发/g, '發').replace(/干/g, '幹');
    // OpenCC-like data: 干 may come back as 乾 (a phrase writes it), 修 as 脩 only in 束脩, 发 as 髮 in 头发.
    const writable = writableFrom([['干', '幹'], ['干燥', '乾燥'], ['头发', '頭髮'], ['束修', '束脩'], ['荀修', '荀修']]);
    expect(writable('修')).toEqual(expect.arrayContaining(['修', '脩']));
    expect(writable('甲')).toEqual(['甲']);
    const result = measureRoundTrip(lines, there, back, variants, () => false, undefined, writable);
    const errors = result.tallies.dev.errors + result.tallies.test.errors;
    expect(errors).toBe(4); // 脩 twice, 髮, 乾
    // 脩 is written back for 修 in 束脩, so no position is lost; with data that never writes it, both are.
    expect(result.lost!.dev + result.lost!.test).toBe(0);
    const never = measureRoundTrip(lines, there, back, variants, () => false, undefined, writableFrom([['干燥', '乾燥'], ['头发', '頭髮']]));
    expect(never.lost!.dev + never.lost!.test).toBe(2);
    expect(never.tallies.dev.errors + never.tallies.test.errors).toBe(4); // still counted as errors
  });

  it("leaves out the old and Japanese glyphs only the Traditional→Simplified table knows, when they are not in Big5", () => {
    const big5 = big5Han();
    // Big5 proper: Taiwan's 5,401 common and 7,652 less common characters.
    expect(big5.size).toBe(5401 + 7652);
    for (const c of ['錄', '產', '內', '脩', '濛', '恆', '為', '裡']) expect(big5.has(c), c).toBe(true);
    for (const c of ['録', '産', '内', '彦', '说', '录']) expect(big5.has(c), c).toBe(false);
    const tsCharacters = [['録', '录'], ['錄', '录'], ['脩', '修'], ['産', '产']];
    const outside = outsideStandardForms([['内', '內'], ...tsCharacters.filter(([key]) => !big5.has(key!))], ['內', '錄', '修', '產']);
    expect(['内', '録', '産'].map(outside)).toEqual([true, true, true]);
    // A standard character a round trip loses (脩 → 修) stays counted: a lost character is an error.
    expect(['錄', '脩', '修', '產'].map(outside)).toEqual([false, false, false, false]);
  });

  it('the listing says what decided each error when the converter explains itself', () => {
    // A line of the development part, so that its errors are listed.
    const line = ['頭髮乾了', '他的頭髮乾了', '她的頭髮乾了', '我的頭髮乾了'].find((l) => splitOf(l) === 'dev')!;
    const there = (t: string) => t.replace(/髮/g, '发').replace(/乾/g, '干');
    const back = (t: string) => t.replace(/发/g, '發').replace(/干/g, '幹');
    const at = line.indexOf('乾');
    const explainBack = (t: string) => [
      { index: t.indexOf('发') - 1, source: t.slice(t.indexOf('发') - 1, t.indexOf('发') + 1), dictionary: 'STPhrases', ambiguous: false },
      { index: at, source: '干', dictionary: 'STCharacters', ambiguous: true },
    ];
    const result = measureRoundTrip([line], there, back, variants, () => false, explainBack);
    expect(result.devErrors.map((e) => `${e.expected}→${e.got} ${e.decidedBy}`)).toEqual(['髮→發 STPhrases', '乾→幹 STCharacters default']);
  });
});

describe('Unihan evidence of the errors left (--unihan)', () => {
  // A few lines in Unihan_Variants.txt's format (the real file is not in the repository).
  const unihan = new UnihanLinks([
    '# comment',
    'U+5F14\tkSemanticVariant\tU+540A<kLau,kMatthews',
    'U+6C88\tkSpecializedSemanticVariant\tU+6C89<kFenn',
    'U+8499\tkTraditionalVariant\tU+61DE U+6FDB U+77C7 U+8499',
    'U+340A\tkSpoofingVariant\tU+340B',
  ].join('\n'));

  it('names the strongest link of the two forms, in either direction', () => {
    expect(unihan.evidence('弔', '吊')).toBe(EVIDENCE[0]);
    expect(unihan.evidence('吊', '弔')).toBe(EVIDENCE[0]);
    expect(unihan.evidence('沈', '沉')).toBe(EVIDENCE[1]);
    expect(unihan.evidence('濛', '蒙')).toBe(EVIDENCE[2]);
    expect(unihan.evidence('閑', '閒')).toBe(EVIDENCE[3]);
    expect(unihan.evidence('\u340a', '\u340b')).toBe(EVIDENCE[3]); // look-alikes are not variants
    expect(unihan.link('濛', '蒙')).toEqual(['kTraditionalVariant']);
  });

  it('counts errors by that link', () => {
    const errors = [['弔', '吊'], ['弔', '吊'], ['濛', '蒙'], ['閑', '閒']].map(([expected, got]) => ({ expected: expected!, got: got!, context: '' }));
    expect([...unihan.count(errors).values()]).toEqual([2, 0, 1, 1]);
  });
});
