/**
 * East Asian font names in Office documents. Left alone by default (a document's fonts are its author's choice);
 * with the `fonts` option they follow the target script, so a document converted to Traditional is not set in a
 * Simplified font whose glyph shapes (and missing characters) show. The built-in mapping pairs Windows' and
 * Office's fonts that play the same role on each side:
 *
 *   Simplified                       Traditional
 *   SimSun / 宋体                    PMingLiU / 新細明體
 *   NSimSun / 新宋体                 MingLiU / 細明體
 *   SimHei / 黑体                    Microsoft JhengHei / 微軟正黑體
 *   Microsoft YaHei / 微软雅黑       Microsoft JhengHei / 微軟正黑體
 *   Microsoft YaHei UI               Microsoft JhengHei UI
 *   KaiTi / 楷体                     DFKai-SB / 標楷體
 *
 * To Traditional the left column becomes the right; to Simplified the right becomes the left (Microsoft
 * JhengHei becomes Microsoft YaHei). Names are matched case-insensitively; any other name is kept. A mapping of
 * one's own replaces the built-in one.
 */
import { FanjianError, type LocaleCode } from '../../index.js';

export type FontMap = ReadonlyMap<string, string>;

const TO_TRADITIONAL: readonly (readonly [string, string])[] = [
  ['SimSun', 'PMingLiU'], ['宋体', '新細明體'],
  ['NSimSun', 'MingLiU'], ['新宋体', '細明體'],
  ['SimHei', 'Microsoft JhengHei'], ['黑体', '微軟正黑體'],
  ['Microsoft YaHei', 'Microsoft JhengHei'], ['微软雅黑', '微軟正黑體'],
  ['Microsoft YaHei UI', 'Microsoft JhengHei UI'],
  ['KaiTi', 'DFKai-SB'], ['楷体', '標楷體'],
];

/** Pairs whose reverse is ambiguous (two Simplified fonts map to Microsoft JhengHei): the reverse keeps YaHei. */
const TO_SIMPLIFIED: readonly (readonly [string, string])[] = [
  ['PMingLiU', 'SimSun'], ['新細明體', '宋体'],
  ['MingLiU', 'NSimSun'], ['細明體', '新宋体'],
  ['Microsoft JhengHei', 'Microsoft YaHei'], ['微軟正黑體', '微软雅黑'],
  ['Microsoft JhengHei UI', 'Microsoft YaHei UI'],
  ['DFKai-SB', 'KaiTi'], ['標楷體', '楷体'],
];

function lowerKeys(pairs: Iterable<readonly [string, string]>): FontMap {
  return new Map([...pairs].map(([from, to]) => [from.toLowerCase(), to]));
}

/**
 * The font mapping for a conversion: the built-in one for its target (`true`), one's own (an object of name →
 * name), or none (`false`/undefined, or a target with no mapping such as Japanese).
 */
export function fontMap(option: boolean | Readonly<Record<string, string>> | undefined, to: LocaleCode | null): FontMap | null {
  if (option === undefined || option === false) return null;
  if (typeof option === 'object' && option !== null && !Array.isArray(option)) {
    const pairs = Object.entries(option);
    if (pairs.every(([from, to]) => from.trim() !== '' && typeof to === 'string' && to.trim() !== '')) return lowerKeys(pairs);
  }
  if (option !== true) {
    throw new FanjianError('INVALID_OPTION', 'fonts is true (the built-in mapping) or an object of font name → font name, ' +
      `each a non-empty string (got ${JSON.stringify(option)}).`);
  }
  if (to === 'cn') return lowerKeys(TO_SIMPLIFIED);
  if (to === 'tw' || to === 'twp' || to === 'hk' || to === 'hkp' || to === 't') return lowerKeys(TO_TRADITIONAL);
  return null;
}

/** The mapped name of a font, or null to keep it. */
export function mapFont(map: FontMap, name: string): string | null {
  const mapped = map.get(name.trim().toLowerCase());
  return mapped !== undefined && mapped !== name ? mapped : null;
}
