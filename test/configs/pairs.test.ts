/**
 * Every { from, to } pair opencc-js 1.4.2 accepts converts as opencc-js converts it: the 16 OpenCC configurations
 * and the 33 pairs it chains through the OpenCC standard (hk → tw, cn → jp, tw → twp, …), checked against opencc-js
 * itself on the committed samples and, when present, on the shared corpus. A chained pair is one converter whose
 * stream() and explain() work like a configuration's.
 */
import fc from 'fast-check';
import * as OpenCC from 'opencc-js/core';
import * as Locale from 'opencc-js/preset';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_NAMES, CONFIGS, convert, createConverter, LOCALE_CODES, PAIR_NAMES, PAIRS, type Converter, type LocaleCode,
} from '../../src/node/index.js';
import { corpusFiles, corpusPresent, fixture } from '../engine/helpers.js';

/** "" when equal, else where the first difference is (multi-MB diffs are unreadable). */
function firstDifference(actual: string, expected: string): string {
  if (actual === expected) return '';
  let i = 0;
  while (actual[i] === expected[i]) i++;
  return `differs at ${i}: got ${JSON.stringify(actual.slice(i, i + 20))}, expected ${JSON.stringify(expected.slice(i, i + 20))}`;
}

const opencc = (from: LocaleCode, to: LocaleCode) => OpenCC.ConverterBuilder(Locale)({ from, to }) as (text: string) => string;

const pairs = LOCALE_CODES.flatMap((from) => LOCALE_CODES.map((to) => ({ from, to })));
const samples = ['sample-data3185k.txt', 'sample-data689k.txt', 'sample-gutenberg-25328.txt', 'sample-zuozhuan.txt',
  'edge-cases.txt', 'article.txt'].map((name) => fixture(name)).join('\n');
/** CJK compatibility ideographs (豈 U+F900, 﨎 U+FA0E …): OpenCC's configurations normalize them, opencc-js's chained pairs do not. */
const compatibility = '\uF900\uF901\uFA0E\uFA10 車賈 干部 这里 後來 乾淨 裡面 著名 鼠標 軟件 自行車 滑鼠 軟體 腳踏車';

async function streamed(converter: Converter, chunks: readonly string[]): Promise<string> {
  const stream = converter.stream();
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const pieces: string[] = [];
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      pieces.push(value);
    }
  })();
  for (const chunk of chunks) await writer.write(chunk);
  await writer.close();
  await reading;
  return pieces.join('');
}

describe('the pairs', () => {
  it('are the 49 opencc-js accepts: the 16 configurations and 33 chained pairs, each named once', () => {
    expect(pairs).toHaveLength(49);
    const names = pairs.map((p) => createConverter(p).config);
    expect(new Set(names).size).toBe(49);
    expect(new Set(names)).toEqual(new Set([...CONFIG_NAMES, ...PAIR_NAMES]));
    expect(CONFIGS).toHaveLength(16);
    expect(PAIRS.map((p) => p.name)).toEqual([...PAIR_NAMES]);
    for (const p of PAIRS) {
      expect(createConverter({ from: p.from, to: p.to }).config).toBe(p.name);
      expect(p.description.length).toBeGreaterThan(20);
    }
    // The examples.
    expect(createConverter({ from: 'hk', to: 'tw' }).config).toBe('hk2tw');
    expect(createConverter({ from: 'tw', to: 'hk' }).config).toBe('tw2hk');
    expect(createConverter({ from: 'cn', to: 'jp' }).config).toBe('s2jp');
    expect(createConverter({ from: 'jp', to: 'cn' }).config).toBe('jp2s');
    expect(createConverter({ from: 'tw', to: 'twp' }).config).toBe('tw2twp');
    expect(PAIRS.find((p) => p.name === 'hk2tw')!.chain).toEqual(['HKVariantsRevPhrases+HKVariantsRev', 'TWVariantsPhrases+TWVariants']);
  });

  describe.each(pairs)('{ from: $from, to: $to } with corrections: false equals opencc-js', ({ from, to }) => {
    it('on the committed samples and compatibility ideographs', () => {
      const ours = createConverter({ from, to }, { corrections: false });
      const theirs = opencc(from, to);
      expect(firstDifference(ours.convert(samples), theirs(samples))).toBe('');
      expect(ours.convert(compatibility)).toBe(theirs(compatibility));
    });
  });

  describe.skipIf(!corpusPresent)('chained pairs on the shared corpus', () => {
    const files = corpusFiles();
    it.each(PAIRS.filter((p) => p.from !== p.to))('$name', ({ from, to }) => {
      const ours = createConverter({ from, to }, { corrections: false });
      const theirs = opencc(from, to);
      for (const { name, text } of files) expect(`${name}: ${firstDifference(ours.convert(text), theirs(text))}`).toBe(`${name}: `);
    });
  });

  it('convert the way their chain says (hand-checked examples)', () => {
    // HK standard 裏 → OpenCC 裏 → Taiwan 裡; Taiwan 著 stays; HK 綫 → 線.
    expect(convert('這裏的綫', 'hk2tw')).toBe('這裡的線');
    expect(convert('軟體和滑鼠', 'twp2hk')).toBe('軟件和鼠標');
    expect(convert('发现软件', { from: 'cn', to: 'jp' })).toBe('発現軟件'); // 发 → 發 → Shinjitai 発
    expect(convert('自行車', 'tw2twp')).toBe('腳踏車');
    expect(convert('', 't2t')).toBe('');
    expect(convert('任何文字 any text', 't2t')).toBe('任何文字 any text');
  });
});

describe('a chained pair is one converter', () => {
  const text = (samples + compatibility).repeat(2);

  it.each(['hk2tw', 's2jp', 'tw2twp', 'jp2s', 't2t'] as const)('%s: stream() equals convert() for random chunkings', async (name) => {
    const converter = createConverter(name);
    const whole = converter.convert(text);
    await fc.assert(fc.asyncProperty(fc.array(fc.nat({ max: text.length }), { maxLength: 12 }), async (cuts) => {
      const sorted = [...new Set(cuts)].sort((a, b) => a - b);
      const chunks = [0, ...sorted].map((start, i) => text.slice(start, sorted[i] ?? text.length));
      expect(await streamed(converter, chunks)).toBe(whole);
    }), { numRuns: 15 });
  });

  it('explain() follows a piece of text through both halves of the chain and reassembles the output', () => {
    const converter = createConverter('s2jp');
    const input = '发现这里';
    const spans = converter.explain(input);
    let rebuilt = '';
    let at = 0;
    for (const span of spans) {
      rebuilt += input.slice(at, span.index) + span.target;
      at = span.index + span.source.length;
    }
    expect(rebuilt + input.slice(at)).toBe(converter.convert(input));
    // 发现 → 發現 (into the OpenCC standard, STPhrases) → 発現 (out of it, Shinjitai): one span, two steps.
    expect(spans[0]).toMatchObject({ index: 0, source: '发现', target: '発現', stage: 2, dictionary: 'JPShinjitaiCharactersRev' });
    expect(spans[0]!.steps.map((s) => [s.stage, s.dictionary, s.source, s.target])).toEqual([
      [1, 'STPhrases', '发现', '發現'], [2, 'JPShinjitaiCharactersRev', '發', '発'],
    ]);
    expect(spans[1]).toMatchObject({ index: 2, source: '这里', target: '這裏', stage: 1 });
  });

  it('takes user dictionaries and protected terms like a configuration', () => {
    expect(convert('这里的软件', { from: 'cn', to: 'jp' }, { protect: ['软件'] })).toBe('這裏的软件');
    expect(convert('這裏', 'hk2tw', { dictionaries: [[['這裏', '那裡']]] as never })).toBe('那裡');
  });
});
