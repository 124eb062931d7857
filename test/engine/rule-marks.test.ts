/**
 * The context rules visit only the places the first pass marked (WrittenMarks in conversion-pass.ts): the output
 * must equal the rule stage's own scan of the whole text (ContextRuleStage.rewrite), wherever the rules'
 * characters come from — a one-character conversion, a phrase's value, the slow path, an ideographic description
 * sequence copied whole — and wherever the converted stretch begins and ends.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createConverter, type ConfigName } from '../../src/node/index.js';
import { toCodeUnits } from '../../src/code-units.js';
import { ConversionChain } from '../../src/conversion-chain.js';
import { DictionaryStage, type ChainStage } from '../../src/conversion-stage.js';
import { CONTEXT_RULES, ContextRuleStage, RULE_CHARACTERS, type ContextRule } from '../../src/context-rules.js';
import { CompiledDictionary } from '../../src/dictionary/compiled-dictionary.js';
import { createConversionStream, StreamCuts } from '../../src/stream.js';
import { openccJs, pump } from './helpers.js';

/** The same chain with the rule stage scanning the whole text itself (no marks), as before marks existed. */
function scanningChain(chain: ConversionChain): ConversionChain {
  const stages = chain.stages.map((stage): ChainStage => {
    if (!(stage instanceof ContextRuleStage)) return stage;
    const scanning = Object.create(stage) as ContextRuleStage;
    Object.defineProperty(scanning, 'watch', { value: undefined });
    return scanning;
  });
  return new ConversionChain(chain.normalization, chain.segmentation, stages, chain.refining);
}

function run(chain: ConversionChain, text: string, start = 0, end = text.length): string {
  const units = toCodeUnits(text);
  const result = chain.run(units, start, end);
  return String.fromCharCode(...result.units.subarray(0, result.length));
}

const TO_TRADITIONAL: ConfigName[] = ['s2t', 's2tw', 's2twp', 's2hk', 's2hkp'];

/**
 * Pieces of text around the rules: each rule's character in Simplified and Traditional, what the rules read
 * before and after it, phrases that hold it, and units of the slow path (a surrogate pair, an ideographic
 * description sequence, a compatibility ideograph that needs normalization).
 */
const pieces = [
  ...'云雲范範余餘岳嶽冲衝咸鹹辟闢赞贊',
  ...'：:「『“‘」。，、 \nA',
  ...'经詩书傳曰尉军相府公州掾点按很真成助同过进谓集',
  '白云', '风云', '规范', '模范', '范围', '多余', '其余', '山岳', '冲突', '咸菜', '开辟', '赞成', '云南', '余下',
  '𠀀', '⿰云：', '⿱范', '豈', '沖', '乾',
];

describe('context rules on marked places', () => {
  it('the rule stage of every Simplified → Traditional configuration uses the marks', () => {
    for (const config of TO_TRADITIONAL) {
      const chain = createConverter(config).chain;
      const stage = chain.stages.find((s): s is ContextRuleStage => s instanceof ContextRuleStage)!;
      const marked = vi.spyOn(stage, 'rewriteMarked');
      const scanned = vi.spyOn(stage, 'rewrite');
      expect(run(chain, '或云：「不可」')).toBe('或云：「不可」');
      expect(marked).toHaveBeenCalledTimes(1);
      expect(scanned).not.toHaveBeenCalled();
      vi.restoreAllMocks();
    }
  });

  it.each(TO_TRADITIONAL)('%s: equals the scan of the whole text on random mixes of the rules\' contexts', (config) => {
    const chain = createConverter(config).chain;
    const scanning = scanningChain(chain);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const text = parts.join('');
        expect(run(chain, text)).toBe(run(scanning, text));
        // A stretch that starts and ends inside the text (as between a user's overrides, or a stream's pieces).
        const start = text.length === 0 ? 0 : a % text.length;
        const end = start + (text.length === start ? 0 : b % (text.length - start + 1));
        expect(run(chain, text, start, end)).toBe(run(scanning, text, start, end));
      }),
      { numRuns: 300 },
    );
  });

  it.each(TO_TRADITIONAL)('%s: rules fire at the start and at the end of the converted stretch', (config) => {
    const chain = createConverter(config).chain;
    expect(run(chain, '云：')).toBe('云：'); // the character first, what it reads last
    expect(run(chain, '范')).toBe('范'); // a clause start: the start of the text
    expect(run(chain, '他说云')).toBe(run(scanningChain(chain), '他说云')); // nothing after the character
    expect(run(chain, '。范', 1, 2)).toBe('范'); // the stretch begins at the character
    expect(run(chain, '很好云：', 2, 4)).toBe('云：');
    expect(run(chain, '云：后来', 0, 2)).toBe('云：');
  });

  it('a phrase\'s value decides; a phrase of one unit does not, nor does a unit copied whole', () => {
    // A group of one dictionary with a character, a phrase holding its default and a two-unit key written as one
    // unit, watched as the build watches the rules' characters; and the group unwatched (the stage then scans).
    const entries = [
      { key: '云', value: '雲', flags: 1 },
      { key: '云云', value: '雲', flags: 1 },
      { key: '白云', value: '白雲', flags: 1 },
    ];
    const rule: ContextRule = {
      name: 'test-yun', configs: ['s2t'], wrote: '雲', write: '云', before: '：', reason: 'test',
    };
    const empty = new DictionaryStage(CompiledDictionary.build([], []));
    const outputs = [{ watch: '雲' }, {}].map((options) => {
      const group = CompiledDictionary.build(['test'], entries, options);
      const rules = new ContextRuleStage([rule], group);
      expect(rules.watch(group) === null).toBe(options.watch === undefined);
      const chain = new ConversionChain(empty, null, [new DictionaryStage(group), rules]);
      return ['云：', '白云：', '云云：', '雲：', '云', '云云', '⿰雲：', '𠀀云：'].map((text) => run(chain, text));
    });
    expect(outputs[0]).toEqual(['云：', '白雲：', '云：', '云：', '雲', '雲', '⿰云：', '𠀀云：']);
    expect(outputs[1]).toEqual(outputs[0]);
  });

  it('the build records where each rule character is written', () => {
    const chain = createConverter('s2t').chain;
    const writersOf = chain.stages[0] instanceof DictionaryStage ? chain.stages[0].dictionary.meta.writersOf : undefined;
    for (const character of RULE_CHARACTERS) expect(writersOf?.[character]?.length).toBeGreaterThan(0);
    expect(writersOf?.['雲']).toContain('云'.charCodeAt(0));
    expect(writersOf?.['範']).toContain('范'.charCodeAt(0));
    expect(new Set(CONTEXT_RULES.map((r) => r.wrote))).toEqual(new Set(RULE_CHARACTERS));
  });

  it('corrections: false stays opencc-js after a converter with rules marked the shared group', () => {
    const text = '或云：「不可」。范滂字孟博。诗云。很赞。余曰。岳飞。冲字玄叔。咸曰。太尉辟';
    for (const config of TO_TRADITIONAL) {
      createConverter(config).convert(text);
      expect(createConverter(config, { corrections: false }).convert(text)).toBe(openccJs(config)(text));
    }
  });

  it.each(['s2t', 's2twp'] as const)('%s streams: a rule character at the start or end of a chunk', async (config) => {
    const converter = createConverter(config);
    const text = '云：「可」。或云：「可」。范滂字孟博。规范。诗云。云';
    const cuts = [...text].map((_, i) => i).filter((i) => '云范'.includes(text[i]!) || '云范'.includes(text[i - 1] ?? ''));
    const chunks: string[] = [];
    let from = 0;
    for (const at of [...cuts, text.length]) {
      if (at > from) chunks.push(text.slice(from, at));
      from = at;
    }
    const small = createConversionStream(converter, new StreamCuts(converter), { minBatch: 1, maxPending: 64 });
    expect((await pump(small, chunks)).join('')).toBe(converter.convert(text));
    expect((await pump(converter.stream(), chunks)).join('')).toBe(converter.convert(text));
  });
});
