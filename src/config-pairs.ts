/**
 * Any `{ from, to }` pair of locales, as opencc-js 1.4.2 converts it. opencc-js looks the pair up among OpenCC's
 * configurations (cn → tw is s2tw); a pair that is none of them (hk → tw, cn → jp, tw → twp, even tw → tw) it
 * converts through the OpenCC standard: the source locale's dictionaries into it, then the target's out of it, each
 * group applied to the whole text, without the configurations' normalization and segmentation. fanjian builds the
 * same chain, so that its output equals opencc-js's for every pair; such a pair is one converter with a name of
 * its own (hk2tw, s2jp, …) whose stream() and explain() work as a configuration's do.
 */
import type { DictionaryGroup, DictionaryName } from './configs.js';
import type { LocaleCode } from './locales.js';

/** A group of the chain, or some dictionaries of a configuration's group (read from its compiled form). */
export type PairStep = DictionaryGroup | { readonly group: DictionaryGroup; readonly only: readonly DictionaryName[] };

/** Into the OpenCC standard from each locale (opencc-js Locale.from). */
const FROM: Readonly<Record<LocaleCode, readonly PairStep[]>> = {
  cn: [{ group: ['STPhrases', 'STPhrases_GeneratedFromRegionalPhrases', 'STCharacters'], only: ['STPhrases', 'STCharacters'] }],
  t: [],
  tw: [['TWVariantsRevPhrases', 'TWVariantsRev']],
  twp: [['TWPhrasesRev', 'TWVariantsRevPhrases', 'TWVariantsRev']],
  hk: [['HKVariantsRevPhrases', 'HKVariantsRev']],
  hkp: [['HKPhrasesRev', 'HKVariantsRevPhrases', 'HKVariantsRev']],
  jp: [['JPShinjitaiPhrases', 'JPShinjitaiCharacters']],
};

/** Out of the OpenCC standard into each locale (opencc-js Locale.to). */
const TO: Readonly<Record<LocaleCode, readonly PairStep[]>> = {
  cn: [['TSPhrases', 'TSCharacters']],
  t: [],
  tw: [['TWVariantsPhrases', 'TWVariants']],
  twp: [{ group: ['TWPhrases', 'TWVariantsPhrases', 'TWVariants'], only: ['TWPhrases'] }, ['TWVariantsPhrases', 'TWVariants']],
  hk: [['HKVariantsPhrases', 'HKVariants']],
  hkp: [['HKPhrases', 'HKVariantsPhrases', 'HKVariants']],
  jp: [['JPShinjitaiCharactersRev']],
};

/** The configuration name opencc-js looks a pair up by (it may not exist: then the pair is chained). */
export function openccJsConfigName(from: LocaleCode, to: LocaleCode): string {
  if (from === 'cn') return `s2${to}`;
  if (to === 'cn') return from === 'hkp' ? 'hk2sp' : from === 'twp' ? 'tw2sp' : `${from}2s`;
  return `${from}2${to}`;
}

/** fanjian's name for a chained pair: the locale codes, with Simplified written `s` as in OpenCC's names. */
export function pairName(from: LocaleCode, to: LocaleCode): string {
  const code = (locale: LocaleCode) => (locale === 'cn' ? 's' : locale);
  return `${code(from)}2${code(to)}`;
}

/** The chain of a pair that is not an OpenCC configuration: into the OpenCC standard, then out of it. */
export function pairChain(from: LocaleCode, to: LocaleCode): readonly PairStep[] {
  return [...FROM[from], ...TO[to]];
}

/** The compiled group a step reads, and the dictionaries of it that it applies (null: all). */
export function stepGroup(step: PairStep): { group: DictionaryGroup; only: readonly DictionaryName[] | null } {
  return 'group' in step ? { group: step.group, only: step.only } : { group: step, only: null };
}
