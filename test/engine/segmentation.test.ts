/**
 * Segmentation beyond forward maximum match (conversion-segmentation.ts, issue 10 point 3): where the word forward
 * match takes overlaps a word starting inside it, the cut with fewer words wins, only where the two convert
 * differently, and only with corrections.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConverter } from '../../src/node/index.js';
import { ConversionChain } from '../../src/conversion-chain.js';
import { DictionaryStage, type ChainTrace } from '../../src/conversion-stage.js';
import { CompiledDictionary } from '../../src/dictionary/compiled-dictionary.js';
import { decisionExtents } from '../../src/explain.js';
import { createConversionStream, StreamCuts } from '../../src/stream.js';
import { fixture, openccJs } from './helpers.js';

const S2T = ['s2tw', 's2hk', 's2twp', 's2hkp'] as const;

/** Overlaps found in real text (data3185k.txt), where forward match writes the wrong character. */
const FIXED: readonly [string, string, string][] = [
  // text, fanjian (a word read whole), OpenCC (forward match took the overlapping word)
  ['这样的势头发展下去', '這樣的勢頭發展下去', '這樣的勢頭髮展下去'], // 发展 "to develop", not 头发 "hair"
  ['欧美发达国家', '歐美發達國家', '歐美髮達國家'], // 发达国家, not 美发 "hairdressing"
  ['会产生发自内心的', '會產生發自內心的', '會產生髮自內心的'], // 发自, not 生发 "hair growth"
  ['私人飞机制造厂', '私人飛機製造廠', '私人飛機制造廠'], // 制造厂, not 机制 "mechanism"
  ['十几分钟', '十幾分鐘', '十幾分鍾'], // 分钟 "minute", not 几分 "somewhat"
  ['最后就是只剩下', '最後就是只剩下', '最後就是隻剩下'], // 只剩 "only … left", not 是只 + classifier
];

describe('segmentation beyond forward maximum match', () => {
  it.each(S2T)('%s: reads the word forward match cuts through, where that changes the characters', (config) => {
    const converter = createConverter(config);
    const opencc = createConverter(config, { corrections: false });
    for (const [text, ours, theirs] of FIXED) {
      expect(converter.convert(text), text).toBe(ours);
      expect(opencc.convert(text), text).toBe(theirs);
      expect(openccJs(config)(text), text).toBe(theirs);
    }
  });

  it('keeps forward match where the other cut has as many words and single characters', () => {
    // 茶几|周围 against 茶|几周围: as many words, one more single character (an upstream OpenCC case).
    expect(createConverter('s2tw').convert('茶几周围')).toBe('茶几周圍');
    // 这只|比 against 这|只比: a full tie, which words alone cannot decide; OpenCC's cut stays. (秀发|布 against
    // 秀|发布 was one too, until the phrase correction 秀发布 decided it: test/accuracy/corrections.test.ts.)
    expect(createConverter('s2tw').convert('这只比')).toBe(createConverter('s2tw', { corrections: false }).convert('这只比'));
    expect(createConverter('s2tw').convert('这只比')).toBe('這隻比');
  });

  it('explain shows the word read whole, and openccDifferences names the segmentation', () => {
    const converter = createConverter('s2tw');
    const spans = converter.explain('势头发展下去');
    expect(spans.map((s) => [s.source, s.target])).toEqual([['势', '勢'], ['头', '頭'], ['发展下去', '發展下去']]);
    expect(createConverter('s2tw', { corrections: false }).explain('势头发展下去').map((s) => s.source)).toEqual(['势', '头发']);
    const [difference] = converter.openccDifferences('按这样的势头发展下去');
    expect(difference).toMatchObject({ fanjian: expect.stringContaining('頭發展'), opencc: expect.stringContaining('頭髮展'),
      by: 'segmentation (fanjian)' });
    expect(difference!.reason).toMatch(/头发/);
  });

  it('leaves Traditional → Simplified and corrections: false as OpenCC segments', () => {
    expect(createConverter('t2s').chain.refining).toBe(false);
    expect(createConverter('s2t').chain.refining).toBe(false);
    expect(createConverter('tw2s').chain.refining).toBe(false);
    expect(createConverter('s2t', { corrections: false }).chain.refining).toBe(false);
    expect(createConverter('s2twp').chain.refining).toBe(true);
    for (const config of ['s2t', 's2tw', 't2s', 'tw2s'] as const) {
      const text = fixture('sample-data3185k.txt').slice(0, 30000);
      const source = config.startsWith('s') ? text : createConverter('s2t', { corrections: false }).convert(text);
      expect(createConverter(config, { corrections: false }).convert(source)).toBe(openccJs(config)(source));
    }
  });

  /** Text dense with the overlaps above, cut anywhere. */
  const dense = FIXED.map(([text]) => text).join('') + fixture('sample-data3185k.txt').slice(0, 3000);

  it('reports what a refinement read to the trace, so that no stream cuts where the decision would flip', () => {
    // A made-up dictionary where the cut depends on text beyond the words it ends up taking: in abcdefg, ab|cde|f|g
    // (four segments) loses to a|bcd|efg (three); cut after bcd, abcd alone is ab|cd (two segments, no single
    // character) against a|bcd (two, one single), and forward match would win there.
    const dictionary = CompiledDictionary.build(['test'], [['ab', 'Ab'], ['bcd', 'bCd'], ['cd', 'cD'], ['cde', 'cdE'], ['efg', 'eFg']]
      .map(([key, value]) => ({ key: key!, value: value!, flags: 1 })));
    const chain = new ConversionChain(new DictionaryStage(CompiledDictionary.build([], [])), null, [new DictionaryStage(dictionary)], true);
    const run = (text: string, trace: ChainTrace | null = null) => {
      const units = Uint16Array.from(text, (c) => c.charCodeAt(0));
      const result = chain.run(units, 0, units.length, trace);
      return String.fromCharCode(...result.units.subarray(0, result.length));
    };
    expect(run('abcdefg')).toBe('abCdeFg');
    expect(run('abcd') + run('efg')).toBe('AbcDeFg'); // so 4 must not be a cut
    const extents: [number, number, number][] = [];
    const trace: ChainTrace = { beginPass() {}, endPass() {}, match: (from, to, _o, _e, decision) => void extents.push([from, to, decision]) };
    expect(run('abcdefg', trace)).toBe('abCdeFg');
    expect(extents.filter(([, , d]) => d >= 0).map(([from, to]) => [from, to])).toEqual([[1, 4], [4, 7]]);
    expect(extents.some(([from, to, d]) => d < 0 && from < 4 && to > 4)).toBe(true);
    // Without refinement (corrections off), forward match as OpenCC.
    const plain = new ConversionChain(new DictionaryStage(CompiledDictionary.build([], [])), null, [new DictionaryStage(dictionary)]);
    const units = Uint16Array.from('abcdefg', (c) => c.charCodeAt(0));
    const result = plain.run(units, 0, units.length);
    expect(String.fromCharCode(...result.units.subarray(0, result.length))).toBe('AbcdEfg');
  });

  it.each(S2T)('%s: a position inside no traced decision is a safe cut (what refinement read is reported)', (config) => {
    const converter = createConverter(config);
    const source = dense;
    fc.assert(fc.property(fc.integer({ min: 0, max: source.length - 40 }), fc.integer({ min: 8, max: 40 }), (at, length) => {
      const text = source.slice(at, at + length);
      const whole = converter.convert(text);
      const units = new Uint16Array(text.length);
      for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
      const blocked = new Uint8Array(text.length + 1);
      const extents = decisionExtents(converter, units, 0, text.length);
      for (let k = 0; k < extents.length; k += 2) blocked.fill(1, extents[k]! + 1, extents[k + 1]!);
      for (let p = 1; p < text.length; p++) {
        if (blocked[p]) continue;
        expect(converter.convert(text.slice(0, p)) + converter.convert(text.slice(p)), `${text} cut at ${p}`).toBe(whole);
      }
    }), { numRuns: 150 });
  });

  it.each(S2T)('%s: explain() reassembles into convert() and streams equal convert() however the text is cut', async (config) => {
    const converter = createConverter(config);
    const pieces = fc.oneof(fc.constantFrom(...FIXED.map(([text]) => text)),
      fc.integer({ min: 0, max: dense.length - 30 }).map((i) => dense.slice(i, i + 30)));
    await fc.assert(fc.asyncProperty(fc.array(pieces, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 20 }),
      async (parts, cuts) => {
        const text = parts.join('');
        const whole = converter.convert(text);
        let rebuilt = '', at = 0;
        for (const span of converter.explain(text)) {
          rebuilt += text.slice(at, span.index) + span.target;
          at = span.index + span.source.length;
        }
        expect(rebuilt + text.slice(at)).toBe(whole);
        const positions = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...positions].map((p, k, all) => text.slice(p, all[k + 1] ?? text.length));
        // Low thresholds make the stream search for cuts inside the unbroken text (the traced search).
        const stream = createConversionStream(converter, new StreamCuts(converter), { minBatch: 8, maxPending: 64 });
        const writer = stream.writable.getWriter();
        const reading = (async () => {
          let out = '';
          for await (const piece of stream.readable as unknown as AsyncIterable<string>) out += piece;
          return out;
        })();
        for (const chunk of chunks) await writer.write(chunk);
        await writer.close();
        expect(await reading).toBe(whole);
      }), { numRuns: 60 });
  });
});
