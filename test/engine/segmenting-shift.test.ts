/**
 * A segmenting first pass (s2tw, s2twp, s2hk…: the first stage fused with the segmentation) whose block holds a value
 * of another length than its key, then a phrase, then single characters to the block's end: those characters are
 * still a segment of their own, so later stages match phrases in them (the bulk pass lost that segment, and TWPhrases
 * never saw 凱瑟琳·畢格羅 after 𠰷 → 嚧 and 㓦划 → 㓦劃). Found by test/formats/driver-cuts.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CONFIG_NAMES, createConverter } from '../../src/node/index.js';
import { openccJs } from './helpers.js';

describe('a segmenting pass after a value of another length', () => {
  const after = '法蘭西絲·麥朵曼凱瑟琳·畢格羅';
  it.each(['𠰷㓦划\n', '𠰷㓦划，', '𫖮软件', '𠰷头发'])('%s + a later phrase converts as each line alone, and as opencc-js', (before) => {
    for (const config of CONFIG_NAMES) {
      const converter = createConverter(config);
      const lines = before.endsWith('\n');
      if (lines) expect(converter.convert(before + after)).toBe(converter.convert(before.slice(0, -1)) + '\n' + converter.convert(after));
      expect(createConverter(config, { corrections: false }).convert(before + after)).toBe(openccJs(config)(before + after));
      expect(converter.convert(before + after)).toBe(converter.explain(before + after)
        .reduceRight((text, span) => text.slice(0, span.index) + span.target + text.slice(span.index + span.source.length), before + after));
    }
  });

  it('s2twp: 凱瑟琳·畢格羅 → 凱薩琳·畢格羅 after 𠰷㓦划 on the line before', () => {
    expect(createConverter('s2twp').convert('𠰷㓦划\n' + after)).toBe('嚧㓦劃\n法蘭西絲·麥朵曼凱薩琳·畢格羅');
  });
});
