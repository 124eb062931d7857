/** converter.openccDifferences(): where fanjian's corrections and rules make it differ from OpenCC, and why. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_NAMES, createConverter } from '../../src/node/index.js';
import { fixture, openccJs } from './helpers.js';

describe('openccDifferences()', () => {
  it('names the rule and its reason, and fanjian dictionary corrections', () => {
    const differences = createConverter('s2t').openccDifferences('或云：「不可」。中俄关系很好。');
    expect(differences[0]).toMatchObject({ index: 1, source: '云', fanjian: '云', opencc: '雲', by: 'rule quotation-yun (fanjian)' });
    expect(differences[0]!.reason).toMatch(/quotation/);
    expect(differences[1]).toMatchObject({ source: '中俄关系', fanjian: '中俄關係', opencc: '中俄關系', by: 'STPhrases (fanjian)' });
  });

  it('is empty without corrections and where the outputs agree', () => {
    expect(createConverter('s2t', { corrections: false }).openccDifferences('或云：「不可」')).toEqual([]);
    expect(createConverter('s2t').openccDifferences('汉字')).toEqual([]);
  });

  it.each(['s2t', 's2tw', 't2s', 's2twp'] as const)('%s: the differences turn OpenCC\'s output into fanjian\'s', (config) => {
    const converter = createConverter(config);
    const han = fixture('sample-data3185k.txt').slice(0, 20000) + fixture('article.txt');
    const pieces = fc.oneof(fc.integer({ min: 0, max: han.length - 40 }).map((i) => han.slice(i, i + 40)),
      fc.constantFrom('或云：「', '范滂字孟博', '很赞', '中俄关系', '⿰发发'));
    fc.assert(fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
      const text = parts.join('');
      const differences = converter.openccDifferences(text);
      // Rebuild fanjian's output from OpenCC's conversion of the stretches between differences.
      let rebuilt = '', at = 0;
      for (const d of differences) {
        rebuilt += openccJs(config)(text.slice(at, d.index)) + d.fanjian;
        at = d.index + d.source.length;
        expect(d.fanjian).not.toBe(d.opencc);
      }
      rebuilt += openccJs(config)(text.slice(at));
      expect(rebuilt).toBe(converter.convert(text));
    }), { numRuns: 40 });
  });

  it('runs for every configuration', () => {
    for (const config of CONFIG_NAMES) expect(Array.isArray(createConverter(config).openccDifferences('云云'))).toBe(true);
  });
});
