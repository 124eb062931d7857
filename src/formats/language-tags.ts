/**
 * BCP 47 language tags of the converted text: a configuration's target decides the tag written into `lang`,
 * `xml:lang` and `dc:language`, and only tags naming the source side are rewritten (an English `lang="en"` or a
 * tag already naming the target stays). Region-style tags (zh-CN) become region-style, script-style (zh-Hans)
 * script-style.
 */
import type { LocaleCode } from '../index.js';

interface Side {
  readonly region: string;
  readonly script: string;
  /** Lower-case tags that name this side. */
  readonly names: readonly string[];
}

const SIMPLIFIED: Side = { region: 'zh-CN', script: 'zh-Hans', names: ['zh-cn', 'zh-sg', 'zh-my', 'zh-hans', 'zh-hans-cn', 'zh-hans-sg'] };
const TAIWAN: Side = { region: 'zh-TW', script: 'zh-Hant', names: ['zh-tw', 'zh-hant-tw'] };
const HONG_KONG: Side = { region: 'zh-HK', script: 'zh-Hant', names: ['zh-hk', 'zh-mo', 'zh-hant-hk', 'zh-hant-mo'] };
const TRADITIONAL: Side = { region: 'zh-Hant', script: 'zh-Hant', names: ['zh-hant', ...TAIWAN.names, ...HONG_KONG.names] };
const JAPANESE: Side = { region: 'ja', script: 'ja', names: ['ja', 'ja-jp'] };

function side(locale: LocaleCode): Side {
  switch (locale) {
    case 'cn':
      return SIMPLIFIED;
    case 'tw':
    case 'twp':
      return TAIWAN;
    case 'hk':
    case 'hkp':
      return HONG_KONG;
    case 't':
      return TRADITIONAL;
    case 'jp':
      return JAPANESE;
  }
}

export interface LanguageRetag {
  /** The tag to write instead of `tag`, or null to leave it. */
  (tag: string): string | null;
}

/** The language tag of text written in a locale (region style: zh-CN, zh-TW, zh-HK; zh-Hant; ja). */
export function localeTag(locale: LocaleCode): string {
  return side(locale).region;
}

/** How to rewrite language tags for a conversion from one locale to another. */
export function languageRetag(from: LocaleCode, to: LocaleCode): LanguageRetag {
  const source = side(from), target = side(to);
  return (tag) => {
    const lower = tag.trim().toLowerCase();
    if (!source.names.includes(lower) || target.names.includes(lower)) return null;
    return lower.includes('-han') ? target.script : target.region;
  };
}
