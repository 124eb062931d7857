/**
 * Invariants over random text mixing Han (both scripts), ASCII, non-BMP characters, ideographic description
 * sequences, CRLF and lone surrogates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_NAMES, createConverter, type ConfigName } from '../../src/node/index.js';
import { loadGroup } from '../../src/data-source.js';
import { allDictionaryGroups } from '../../src/configs.js';
import { openccJs } from './helpers.js';

const han = /^\p{Script=Han}$/u;
const hanPool = [...'汉字头发后面干部里面面条这里并没有多么于是系统范围采取涌现征程制造联系注册了解台湾乾坤著作幹乾後裡麵發髮臺灣於並沒麼這'];
const nonBmp = ['𠮷', '𣨼', '𪢮', '😀', '👍🏽', '\u{2F800}'];
const ids = ['⿰', '⿱', '⿲', '⿻', '⿿'];
const asciiPool = [...' \t,.!?0123456789abcdefghijklmnopqrstuvwxyz_=+'];
const pieces = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...hanPool) },
  { weight: 2, arbitrary: fc.constantFrom(...asciiPool) },
  { weight: 1, arbitrary: fc.constantFrom(...nonBmp) },
  { weight: 1, arbitrary: fc.constantFrom(...ids) },
  { weight: 1, arbitrary: fc.constantFrom('\r\n', '\n', '\r') },
  { weight: 1, arbitrary: fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\uF900', '\uFA0A') },
);
const text = fc.array(pieces, { maxLength: 60 }).map((parts) => parts.join(''));
const config = fc.constantFrom(...CONFIG_NAMES);

/** Code points outside Han that some dictionary key contains (e.g. the U of U盘): they may legitimately change. */
const keyCharacters = new Set<number>();
for (const group of allDictionaryGroups()) {
  const dictionary = loadGroup(group, true);
  for (let u = 0; u < 0x10000; u++) if (dictionary.alphabet[u] !== 0) keyCharacters.add(u);
}

describe('conversion invariants', () => {
  it('never throws and, without corrections, equals opencc-js', () => {
    fc.assert(
      fc.property(text, config, (input, name: ConfigName) => {
        const ours = createConverter(name, { corrections: false }).convert(input);
        expect(ours).toBe(openccJs(name)(input));
        expect(() => createConverter(name).convert(input)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });

  it("long text (several of the engine's 4096-unit blocks) with values longer and shorter than their keys", () => {
    // 嚧 顗 頠 become non-BMP characters under t2s, 𠰷 𫖮 𬱟 single units under s2t: what follows them moves.
    const lengthChanging = fc.constantFrom('嚧', '顗', '頠', '𠰷', '𫖮', '𬱟', '顗頠', '嚧嚧');
    const long = fc.array(fc.oneof({ weight: 20, arbitrary: pieces }, { weight: 1, arbitrary: lengthChanging }),
      { minLength: 9000, maxLength: 14000 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(long, config, (input, name: ConfigName) => {
        expect(createConverter(name, { corrections: false }).convert(input)).toBe(openccJs(name)(input));
        // explain() runs the traced loop, convert() the bulk one: the spans must rebuild the same output.
        const converter = createConverter(name);
        let rebuilt = '';
        let at = 0;
        for (const span of converter.explain(input)) {
          rebuilt += input.slice(at, span.index) + span.target;
          at = span.index + span.source.length;
        }
        expect(rebuilt + input.slice(at)).toBe(converter.convert(input));
      }),
      { numRuns: 24 },
    );
  });

  it('the random text never uses a non-Han character that a dictionary key contains', () => {
    for (const c of [...asciiPool, '\r', '\n']) expect(keyCharacters.has(c.charCodeAt(0))).toBe(false);
  });

  it('changes only Han text: explain spans cover only Han, and reassemble into the output', () => {
    fc.assert(
      fc.property(text, config, (input, name: ConfigName) => {
        const converter = createConverter(name);
        const output = converter.convert(input);
        let rebuilt = '';
        let at = 0;
        for (const span of converter.explain(input)) {
          expect(span.index).toBeGreaterThanOrEqual(at);
          expect(input.slice(span.index, span.index + span.source.length)).toBe(span.source);
          for (const c of span.source) expect(han.test(c)).toBe(true);
          rebuilt += input.slice(at, span.index) + span.target;
          at = span.index + span.source.length;
        }
        expect(rebuilt + input.slice(at)).toBe(output);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every non-Han code point in place: converting Han runs one by one gives the same text', () => {
    const noIds = fc.array(pieces.filter((p) => !ids.includes(p)), { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(
      fc.property(noIds, config, (input, name: ConfigName) => {
        const converter = createConverter(name);
        const runs = input.match(/\p{Script=Han}+|[^\p{Script=Han}]/gsu) ?? [];
        expect(converter.convert(input)).toBe(runs.map((r) => (han.test([...r][0]!) ? converter.convert(r) : r)).join(''));
      }),
      { numRuns: 300 },
    );
  });
});
