/** repair(): the seed article and its gold files, corpus texts, names, protection and invariants. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert, FanjianError, repair, type RepairTarget } from '../../src/node/index.js';
import { corpusFiles, corpusPresent, fixture } from '../engine/helpers.js';

const article = fixture('article.txt');
const gold = fixture('seed/article.zh-TW.repaired.txt');
const headlines = fixture('seed/headlines.tsv').split('\n').filter((l) => l.trim()).slice(1).map((l) => l.split('\t'));

function changedCharacters(before: string, after: string): number {
  const a = [...before], b = [...after];
  expect(b.length).toBe(a.length);
  return a.filter((c, i) => c !== b[i]).length;
}

describe('repair on the seed article', () => {
  const result = repair(article, { to: 'tw' });

  it('equals the repaired gold byte for byte, with 53 changed characters', () => {
    expect(result.text).toBe(gold);
    expect(changedCharacters(article, result.text)).toBe(53);
    expect(result.changes).toHaveLength(53);
  });

  it('leaves the ten characters that a round trip wrongly changes', () => {
    for (const word of ['了解', '匯報', '事跡', '蒙混', '局限', '公布', '回復', '征程']) {
      expect(result.text.split(word).length).toBe(article.split(word).length);
    }
    // … which the t2s → s2tw round trip does change.
    const roundTrip = convert(convert(article, 't2s'), 's2tw');
    expect(roundTrip).not.toContain('了解');
    expect(changedCharacters(article, roundTrip)).toBe(63);
  });

  it('explains every change with its rule', () => {
    const byRule = new Map<string, number>();
    for (const c of result.changes) byRule.set(c.rule, (byRule.get(c.rule) ?? 0) + 1);
    expect(Object.fromEntries(byRule)).toEqual({
      'out-of-script-line': 21, 'out-of-script-character': 2, 'dictionary-phrase': 24, 'character-default': 2, 'converted-word': 4,
    });
    const zhuce = result.changes.find((c) => c.from === '注')!;
    expect(zhuce).toMatchObject({ to: '註', rule: 'converted-word' });
    expect(zhuce.reason).toContain('註冊');
    for (const c of result.changes) expect(article.slice(c.index, c.index + c.from.length)).toBe(c.from);
  });

  it('is idempotent', () => {
    expect(repair(result.text, { to: 'tw' }).changes).toEqual([]);
  });

  it.each(headlines)('headline %s: the zh-TW-repaired column', (_id, published, _hans, _tw, repaired) => {
    expect(repair(published!, { to: 'tw' }).text).toBe(repaired);
  });
});

describe('consistent text is left alone', () => {
  it('the zh-Hans gold under cn and s', () => {
    const hans = fixture('seed/article.zh-Hans.txt');
    expect(repair(hans, { to: 'cn' }).changes).toEqual([]);
    expect(repair(hans, { to: 's' }).changes).toEqual([]);
  });

  it('clean conversions of the samples', () => {
    const simplified = fixture('sample-data3185k.txt') + fixture('sample-zuozhuan.txt');
    expect(repair(simplified, { to: 'cn' }).changes).toEqual([]);
    for (const [config, to] of [['s2tw', 'tw'], ['s2hk', 'hk'], ['s2t', 't']] as const) {
      expect(repair(convert(simplified, config), { to }).changes).toEqual([]);
    }
  });

  describe.skipIf(!corpusPresent)('the shared corpus, each file under its own script', () => {
    const target: Record<string, RepairTarget> = {
      'data3185k.txt': 'cn', 'zuozhuan.txt': 'cn', 'gutenberg-25328.txt': 'tw', 'data689k.txt': 'tw',
    };
    it.each(corpusFiles())('$name', ({ name, text }) => {
      const { changes } = repair(text, { to: target[name]! });
      if (name !== 'data689k.txt') {
        expect(changes).toEqual([]);
        return;
      }
      // data689k.txt (世說新語 from Wikisource) carries Wikisource's notices in Simplified; those lines, and only
      // those, are converted whole.
      expect(changes.length).toBeGreaterThan(0);
      for (const change of changes) {
        expect(change.rule).toBe('out-of-script-line');
        const lineStart = text.lastIndexOf('\n', change.index) + 1;
        const line = text.slice(lineStart, text.indexOf('\n', change.index));
        expect(line).toMatch(/公有领域|维基文库/);
      }
    });
  });
});

describe('names and protected terms', () => {
  it('keeps 牛穎建 and 牛穎, in repair and in a t2s → s2tw round trip', () => {
    for (const name of ['牛穎建', '牛穎']) {
      const sentence = `這里的干部${name}并沒有說什么。`;
      const repaired = repair(sentence, { to: 'tw' }).text;
      expect(repaired).toBe(`這裡的幹部${name}並沒有說什麼。`);
      expect(convert(convert(name, 't2s'), 's2tw')).toBe(name);
    }
  });

  it('shields protected terms from repair', () => {
    const text = '這里的干部于穎建并沒有說什么。';
    expect(repair(text, { to: 'tw' }).text).toBe('這裡的幹部於穎建並沒有說什麼。');
    expect(repair(text, { to: 'tw', protect: ['于穎建'] }).text).toBe('這裡的幹部于穎建並沒有說什麼。');
  });
});

describe('Simplified targets', () => {
  it('repairs Traditional leftovers in Simplified text and keeps what is valid', () => {
    const text = '我們这个问题还没有解決，他们的幹部也来了。这里的后面很安静。';
    const { text: repaired, changes } = repair(text, { to: 'cn' });
    expect(repaired).toBe('我们这个问题还没有解决，他们的干部也来了。这里的后面很安静。');
    expect(changes.map((c) => c.from).join('')).toBe('們決幹');
  });

  it('converts a whole line written in Traditional', () => {
    const text = '第一行是简体中文。\n這一行是繁體中文，應該轉換。\n第三行也是简体。';
    expect(repair(text, { to: 'cn' }).text).toBe('第一行是简体中文。\n这一行是繁体中文，应该转换。\n第三行也是简体。');
  });
});

describe('invariants', () => {
  const pieces = fc.oneof(
    fc.constantFrom(...'這里的干部并沒有說什么後來他們于是采取措施头发发展汉字漢字了解公布，。 \n\r\nabc123😀𠮷'),
    fc.constantFrom('\ud800', '⿰木林'),
  );
  const text = fc.array(pieces, { maxLength: 80 }).map((p) => p.join(''));
  const target = fc.constantFrom<RepairTarget>('tw', 'hk', 't', 'cn', 's');

  it('never throws, changes only Han characters, and reassembles from its changes', () => {
    fc.assert(fc.property(text, target, (input, to) => {
      const { text: output, changes } = repair(input, { to });
      let rebuilt = '';
      let at = 0;
      for (const change of changes) {
        expect(change.index).toBeGreaterThanOrEqual(at);
        expect(input.slice(change.index, change.index + change.from.length)).toBe(change.from);
        for (const c of change.from) expect(c).toMatch(/\p{Script=Han}/u);
        rebuilt += input.slice(at, change.index) + change.to;
        at = change.index + change.from.length;
      }
      expect(rebuilt + input.slice(at)).toBe(output);
    }), { numRuns: 300 });
  });

  it('rejects an unknown target', () => {
    expect(() => repair('x', { to: 'jp' as RepairTarget })).toThrow(FanjianError);
    try {
      repair('x', { to: 'xx' as RepairTarget });
    } catch (error) {
      expect((error as FanjianError).code).toBe('INVALID_OPTION');
      expect((error as FanjianError).message).toContain('tw, hk, t, cn, s');
    }
  });
});

describe('a phrase that decides a leftover decides its whole word (issue 10, point 5)', () => {
  it.each<[string, string]>([
    ['面包师', '麵包師'], ['松紧带', '鬆緊帶'], ['钟表', '鐘錶'], ['卷发', '捲髮'], ['注册表', '註冊表'],
  ])('%s in Traditional text → %s', (word, expected) => {
    const text = ('這是一個很長的句子。' + word + '。').repeat(3);
    const repaired = repair(text, { to: 'tw' });
    expect(repaired.text).toBe(('這是一個很長的句子。' + expected + '。').repeat(3));
    expect(repaired.changes.some((c) => c.rule === 'dictionary-phrase' && /leftover/.test(c.reason))).toBe(true);
  });

  it('uses the same corrections as the converters: a corrected phrase decides the word (干手机 → 乾手機, not 幹手機)', () => {
    const filler = '這是一個很長的句子。';
    const text = (word: string) => (filler + word + '。').repeat(3);
    // 机 is the leftover; 干 is valid in Traditional text, so only the phrase decides it, and OpenCC's phrase data
    // has no 干手机 (its default 幹 is "to do"); fanjian's correction writes 乾 "dry".
    expect(repair(text('干手机'), { to: 'tw' }).text).toBe(text('乾手機'));
    expect(repair(text('干手机'), { to: 'tw', corrections: false }).text).toBe(text('幹手機'));
    // 中俄关系: OpenCC's phrase has 關系 (a typo), the correction 關係.
    expect(repair(text('中俄关系'), { to: 'tw' }).text).toBe(text('中俄關係'));
    expect(repair(text('中俄关系'), { to: 'tw', corrections: false }).text).toBe(text('中俄關系'));
    const change = repair(text('干手机'), { to: 'tw' }).changes.find((c) => c.from === '干')!;
    expect(change).toMatchObject({ to: '乾', rule: 'dictionary-phrase' });
    expect(change.reason).toMatch(/STPhrases \(fanjian\)/);
  });

  it('without a leftover in the word, a character valid as written stays (公布, 了解)', () => {
    expect(repair('政府公布了這個消息，我們了解。這里', { to: 'tw' }).text).toBe('政府公布了這個消息，我們了解。這裡');
  });
});
