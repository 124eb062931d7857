/**
 * Locales: the seven written standards fanjian converts between, named as opencc-js names them (cn, t, tw, twp,
 * hk, hkp, jp) or by a BCP 47 language tag (zh-CN, zh-Hant, zh-TW, …), as zhconv and HTML `lang` attributes do.
 * Tags are case-insensitive and may use `_` (zh_TW, as POSIX locales write them).
 */

export const LOCALE_CODES = ['cn', 't', 'tw', 'twp', 'hk', 'hkp', 'jp'] as const;
/** opencc-js style locale codes, accepted as `{ from, to }`. */
export type LocaleCode = (typeof LOCALE_CODES)[number];

/** The BCP 47 tags documented for `{ from, to }`; any case, and more specific forms (zh-Hant-TW), work too. */
export type LanguageTag =
  | 'zh-CN' | 'zh-SG' | 'zh-MY' | 'zh-Hans'
  | 'zh-TW' | 'zh-HK' | 'zh-MO' | 'zh-Hant'
  | 'ja' | 'ja-JP';

export const LOCALE_DESCRIPTIONS: Readonly<Record<LocaleCode, string>> = {
  cn: 'Simplified Chinese',
  t: 'Traditional Chinese (OpenCC standard)',
  tw: 'Traditional Chinese (Taiwan standard characters)',
  twp: 'Traditional Chinese (Taiwan, with Taiwanese phrases)',
  hk: 'Traditional Chinese (Hong Kong standard characters)',
  hkp: 'Traditional Chinese (Hong Kong, with Hong Kong phrases)',
  jp: 'Japanese Shinjitai',
};

const REGIONS: Readonly<Record<string, LocaleCode>> = { cn: 'cn', sg: 'cn', my: 'cn', tw: 'tw', hk: 'hk', mo: 'hk' };

export function isLocaleCode(value: unknown): value is LocaleCode {
  return typeof value === 'string' && (LOCALE_CODES as readonly string[]).includes(value);
}

/**
 * The locale a code or a BCP 47 tag names, or null. For Chinese the script subtag decides the script (zh-Hans-TW is
 * Simplified) and the region the standard: TW → tw; HK, MO → hk; CN, SG, MY → cn; Traditional elsewhere → t.
 * A bare `zh` (or zh with an unknown region and no script) names no script, so it is null. `ja` → jp.
 */
export function localeOf(value: string): LocaleCode | null {
  const lower = value.trim().toLowerCase();
  if (isLocaleCode(lower)) return lower;
  const subtags = lower.split(/[-_]/);
  const language = subtags[0];
  if (language === 'ja') {
    return subtags.slice(1).every((s) => s === 'jp' || s === 'jpan') ? 'jp' : null;
  }
  if (language !== 'zh' || subtags.length < 2 || subtags.some((s) => !/^[a-z0-9]{1,8}$/.test(s))) return null;
  let script: string | null = null;
  let region: string | null = null;
  for (const subtag of subtags.slice(1)) {
    if (subtag.length === 4 && /^[a-z]+$/.test(subtag) && script === null && region === null) script = subtag;
    else if ((subtag.length === 2 && /^[a-z]+$/.test(subtag)) || /^\d{3}$/.test(subtag)) {
      if (region !== null) return null;
      region = subtag;
    } else return null; // variants, extensions and private use say nothing fanjian can act on
  }
  if (script !== null && script !== 'hans' && script !== 'hant') return null;
  const regional = region !== null ? REGIONS[region] ?? null : null;
  if (script === 'hans') return 'cn';
  if (script === 'hant') return regional === 'tw' || regional === 'hk' ? regional : 't';
  return regional;
}

/** The locale that a `to`-only conversion starts from: the other script (Traditional targets from Simplified). */
export function defaultSource(to: LocaleCode): LocaleCode {
  return to === 'cn' || to === 'jp' ? 't' : 'cn';
}
