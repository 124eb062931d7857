/**
 * The configuration table: OpenCC's 16 configurations, each a normalization step, an optional segmentation
 * dictionary set and a conversion chain of dictionary groups (the first dictionary of a group has priority).
 * It mirrors the upstream OpenCC 1.4.2 config files as bundled by opencc-js (a test checks that). Beside them, the
 * 33 other `{ from, to }` pairs opencc-js converts (config-pairs.ts), each with a name (hk2tw, s2jp, …). A
 * conversion is asked for by name (any case), by a pair of locale codes or BCP 47 tags, or by a tag alone.
 */
import { openccJsConfigName, pairChain, pairName, stepGroup } from './config-pairs.js';
import { FanjianError } from './errors.js';
import {
  defaultSource, LOCALE_CODES, LOCALE_DESCRIPTIONS, localeOf, type LanguageTag, type LocaleCode,
} from './locales.js';
import { closestName } from './suggest.js';

export { LOCALE_CODES, type LanguageTag, type LocaleCode } from './locales.js';

export const DICTIONARY_NAMES = [
  'CJK_Compatibility_Ideographs',
  'STCharacters',
  'STPhrases',
  'STPhrases_GeneratedFromRegionalPhrases',
  'TSCharacters',
  'TSPhrases',
  'TWVariants',
  'TWVariantsPhrases',
  'TWVariantsRev',
  'TWVariantsRevPhrases',
  'TWPhrases',
  'TWPhrasesRev',
  'HKVariants',
  'HKVariantsPhrases',
  'HKVariantsRev',
  'HKVariantsRevPhrases',
  'HKPhrases',
  'HKPhrasesRev',
  'JPShinjitaiCharacters',
  'JPShinjitaiCharactersRev',
  'JPShinjitaiPhrases',
] as const;
export type DictionaryName = (typeof DICTIONARY_NAMES)[number];

export const CONFIG_NAMES = [
  's2t', 't2s', 's2tw', 'tw2s', 's2twp', 'tw2sp', 's2hk', 'hk2s',
  's2hkp', 'hk2sp', 't2tw', 'tw2t', 't2hk', 'hk2t', 't2jp', 'jp2t',
] as const;
export type ConfigName = (typeof CONFIG_NAMES)[number];

/** The `{ from, to }` pairs opencc-js converts that are not OpenCC configurations, by fanjian's name for them. */
export const PAIR_NAMES = [
  's2s', 's2jp', 't2t', 't2twp', 't2hkp', 'tw2tw', 'tw2twp', 'tw2hk', 'tw2hkp', 'tw2jp', 'twp2t', 'twp2tw',
  'twp2twp', 'twp2hk', 'twp2hkp', 'twp2jp', 'hk2tw', 'hk2twp', 'hk2hk', 'hk2hkp', 'hk2jp', 'hkp2t', 'hkp2tw',
  'hkp2twp', 'hkp2hk', 'hkp2hkp', 'hkp2jp', 'jp2s', 'jp2tw', 'jp2twp', 'jp2hk', 'jp2hkp', 'jp2jp',
] as const;
export type PairName = (typeof PAIR_NAMES)[number];
/** Every conversion by name: an OpenCC configuration or a chained pair. */
export type ConversionName = ConfigName | PairName;

/** A locale as opencc-js codes it or as a BCP 47 tag (any case). */
export type LocaleSpec = LocaleCode | LanguageTag;
/** opencc-js style `{ from, to }`; without `from`, the conversion starts from the other script (see README). */
export interface LocalePair {
  from?: LocaleSpec;
  to: LocaleSpec;
}
/** What createConverter() and convert() take: a name (any case), a pair, or a BCP 47 tag naming the target. */
export type ConversionSpec = ConversionName | LanguageTag | LocalePair;

/** A group of dictionaries applied as one: longest match wins, the earlier dictionary wins a tie. */
export type DictionaryGroup = readonly DictionaryName[];

export interface ConfigDefinition {
  readonly name: ConversionName;
  readonly description: string;
  readonly from: LocaleCode;
  readonly to: LocaleCode;
  /** Segmentation dictionaries (maximum forward match); absent means the text is one segment. */
  readonly segmentation?: DictionaryGroup;
  readonly chain: readonly DictionaryGroup[];
  /** False for chained pairs, which opencc-js converts without the normalization step. */
  readonly normalize: boolean;
  /** Per chain group: only these of its dictionaries apply (a chained pair's subset of a configuration's group). */
  readonly subsets?: readonly (readonly DictionaryName[] | null)[];
}

/** Applied before segmentation by every configuration (CJK compatibility ideographs → unified forms). */
export const NORMALIZATION: DictionaryGroup = ['CJK_Compatibility_Ideographs'];

const ST: DictionaryGroup = ['STPhrases', 'STPhrases_GeneratedFromRegionalPhrases', 'STCharacters'];
const ST_SEGMENTS: DictionaryGroup = ['STPhrases', 'STPhrases_GeneratedFromRegionalPhrases'];
const TS: DictionaryGroup = ['TSPhrases', 'TSCharacters'];
const TS_SEGMENTS: DictionaryGroup = ['TSPhrases'];

function config(
  name: ConfigName,
  from: LocaleCode,
  to: LocaleCode,
  description: string,
  chain: readonly DictionaryGroup[],
  segmentation?: DictionaryGroup,
): ConfigDefinition {
  return segmentation
    ? { name, from, to, description, chain, segmentation, normalize: true }
    : { name, from, to, description, chain, normalize: true };
}

const DEFINITIONS: readonly ConfigDefinition[] = [
  config('s2t', 'cn', 't', 'Simplified Chinese to Traditional Chinese (OpenCC standard)', [ST]),
  config('t2s', 't', 'cn', 'Traditional Chinese (OpenCC standard) to Simplified Chinese', [TS]),
  config('s2tw', 'cn', 'tw', 'Simplified Chinese to Traditional Chinese (Taiwan standard characters)',
    [ST, ['TWVariantsPhrases', 'TWVariants']], ST_SEGMENTS),
  config('tw2s', 'tw', 'cn', 'Traditional Chinese (Taiwan standard characters) to Simplified Chinese',
    [['TWVariantsRevPhrases', 'TWVariantsRev'], TS], TS_SEGMENTS),
  config('s2twp', 'cn', 'twp', 'Simplified Chinese to Traditional Chinese (Taiwan) with Taiwanese phrases (软件 → 軟體)',
    [ST, ['TWPhrases', 'TWVariantsPhrases', 'TWVariants']], ST_SEGMENTS),
  config('tw2sp', 'twp', 'cn', 'Traditional Chinese (Taiwan) to Simplified Chinese with mainland phrases (軟體 → 软件)',
    [['TWPhrasesRev', 'TWVariantsRevPhrases', 'TWVariantsRev'], TS], TS_SEGMENTS),
  config('s2hk', 'cn', 'hk', 'Simplified Chinese to Traditional Chinese (Hong Kong standard characters)',
    [ST, ['HKVariantsPhrases', 'HKVariants']], ST_SEGMENTS),
  config('hk2s', 'hk', 'cn', 'Traditional Chinese (Hong Kong standard characters) to Simplified Chinese',
    [['HKVariantsRevPhrases', 'HKVariantsRev'], TS], TS_SEGMENTS),
  config('s2hkp', 'cn', 'hkp', 'Simplified Chinese to Traditional Chinese (Hong Kong) with Hong Kong phrases',
    [ST, ['HKPhrases', 'HKVariantsPhrases', 'HKVariants']], ST_SEGMENTS),
  config('hk2sp', 'hkp', 'cn', 'Traditional Chinese (Hong Kong) to Simplified Chinese with mainland phrases',
    [['HKPhrasesRev', 'HKVariantsRevPhrases', 'HKVariantsRev'], TS], TS_SEGMENTS),
  config('t2tw', 't', 'tw', 'Traditional Chinese (OpenCC standard) to Taiwan standard characters',
    [['TWVariantsPhrases', 'TWVariants']]),
  config('tw2t', 'tw', 't', 'Traditional Chinese (Taiwan standard characters) to OpenCC standard',
    [['TWVariantsRevPhrases', 'TWVariantsRev']]),
  config('t2hk', 't', 'hk', 'Traditional Chinese (OpenCC standard) to Hong Kong standard characters',
    [['HKVariantsPhrases', 'HKVariants']]),
  config('hk2t', 'hk', 't', 'Traditional Chinese (Hong Kong standard characters) to OpenCC standard',
    [['HKVariantsRevPhrases', 'HKVariantsRev']]),
  config('t2jp', 't', 'jp', 'Traditional Chinese characters (Kyūjitai) to Japanese Shinjitai',
    [['JPShinjitaiCharactersRev']]),
  config('jp2t', 'jp', 't', 'Japanese Shinjitai to Traditional Chinese characters (Kyūjitai)',
    [['JPShinjitaiPhrases', 'JPShinjitaiCharacters']]),
];

/**
 * The definition of a pair that is no OpenCC configuration. Made on first use, not at load: the 33 pairs' chains
 * and descriptions built at every start-up took 0.5–0.7 ms of cold code (measured in fresh processes), and most
 * programs convert with one configuration.
 */
function pairDefinitionOf(from: LocaleCode, to: LocaleCode): ConfigDefinition {
  const description = from === 't' && to === 't'
    ? `${LOCALE_DESCRIPTIONS.t}, unchanged (opencc-js applies no dictionary)`
    : from === to
      ? `${LOCALE_DESCRIPTIONS[from]} into the OpenCC standard and back, as opencc-js converts { from: '${from}', to: '${to}' }`
      : `${LOCALE_DESCRIPTIONS[from]} to ${LOCALE_DESCRIPTIONS[to]}, through the OpenCC standard (as opencc-js)`;
  const steps = pairChain(from, to).map(stepGroup);
  return {
    name: pairName(from, to) as PairName, from, to, description, chain: steps.map((s) => s.group), normalize: false,
    ...(steps.some((s) => s.only) ? { subsets: steps.map((s) => s.only) } : {}),
  };
}

/** The `{ from, to }` of each chained pair, in PAIR_NAMES' order (every pair opencc-js does not find as a configuration). */
const PAIR_LOCALES: readonly (readonly [LocaleCode, LocaleCode])[] = LOCALE_CODES.flatMap((from) =>
  LOCALE_CODES.filter((to) => !isConfigName(openccJsConfigName(from, to))).map((to) => [from, to] as const));

let pairsByName: Map<string, ConfigDefinition> | null = null;

/** The chained pairs' definitions by name, made once on first use. */
function pairDefinitions(): Map<string, ConfigDefinition> {
  if (!pairsByName) {
    pairsByName = new Map();
    for (const [from, to] of PAIR_LOCALES) {
      const definition = pairDefinitionOf(from, to);
      pairsByName.set(definition.name, definition);
    }
  }
  return pairsByName;
}

export interface ConfigInfo<N extends ConversionName = ConfigName> {
  readonly name: N;
  readonly description: string;
  readonly from: LocaleCode;
  readonly to: LocaleCode;
  /** For a chained pair, the names of its dictionary groups in order (e.g. HKVariantsRev…, TWVariants…). */
  readonly chain?: readonly string[];
}

const info = <N extends ConversionName>(d: ConfigDefinition): ConfigInfo<N> =>
  Object.freeze({ name: d.name as N, description: d.description, from: d.from, to: d.to });

/** Every configuration with a one-line description, in OpenCC's order. */
export const CONFIGS: readonly ConfigInfo[] = Object.freeze(DEFINITIONS.map((d) => info<ConfigName>(d)));

// Name and locales are plain properties; description and chain are read from the pair's definition, made on first use.
/** The other `{ from, to }` pairs (chained through the OpenCC standard), with their dictionary groups. */
export const PAIRS: readonly ConfigInfo<PairName>[] = Object.freeze(PAIR_LOCALES.map(([from, to]): ConfigInfo<PairName> => {
  const name = pairName(from, to) as PairName;
  let chain: readonly string[] | undefined;
  return Object.freeze({
    name, from, to,
    get description() {
      return pairDefinitions().get(name)!.description;
    },
    get chain() {
      const d = pairDefinitions().get(name)!;
      return chain ??= Object.freeze(d.chain.map((g, k) => groupKey(d.subsets?.[k] ?? g)));
    },
  });
}));

const CONFIGS_BY_NAME = new Map<string, ConfigDefinition>(DEFINITIONS.map((d) => [d.name, d]));

/** A configuration or chained pair by its exact (lower-case) name. */
function byName(name: string): ConfigDefinition | undefined {
  return CONFIGS_BY_NAME.get(name) ?? pairDefinitions().get(name);
}

export function isConfigName(value: unknown): value is ConfigName {
  return typeof value === 'string' && (CONFIG_NAMES as readonly string[]).includes(value);
}

/** The conversion a loosely written name means — any case, or OpenCC's file name (`s2t.json`) — or null. */
export function looseConfigName(value: string): ConversionName | null {
  return byName(value.trim().toLowerCase().replace(/\.json$/, ''))?.name ?? null;
}

/** Names worth suggesting for a typo: configurations first, then pairs and the documented tags. */
const SUGGESTIONS: readonly string[] = [
  ...CONFIG_NAMES, ...PAIR_NAMES, 'zh-CN', 'zh-Hans', 'zh-SG', 'zh-MY', 'zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'ja',
];

/** The name a mistyped configuration (or tag) most likely meant, or null. */
export function suggestConfig(value: string): string | null {
  return closestName(value.replace(/\.json$/i, ''), SUGGESTIONS);
}

function unknownConfig(what: string, near: string | null): FanjianError {
  const list = CONFIGS.map((c) => c.name).join(', ');
  const hint = near ? ` (did you mean "${near}"?)` : '';
  return new FanjianError('UNKNOWN_CONFIG',
    `Unknown configuration ${what}${hint}. Valid configurations: ${list}; or a { from, to } pair of ${LOCALE_CODES.join(', ')} ` +
    `or BCP 47 tags (zh-CN, zh-TW, zh-HK, zh-Hant, …), or one such tag as the target.`,
    { expected: [...CONFIG_NAMES, ...PAIR_NAMES] });
}

function unknownLocale(side: 'from' | 'to', value: unknown): FanjianError {
  const near = typeof value === 'string' ? closestName(value, [...LOCALE_CODES, ...SUGGESTIONS.slice(-9)]) : null;
  const hint = near ? ` (did you mean "${near}"?)` : '';
  return new FanjianError('UNKNOWN_CONFIG',
    `Unknown \`${side}\` locale ${JSON.stringify(value)}${hint}. Valid: ${LOCALE_CODES.join(', ')}, or a BCP 47 tag ` +
    'with a script or region: zh-CN, zh-SG, zh-MY, zh-Hans (Simplified), zh-TW, zh-HK, zh-MO, zh-Hant, ja.',
    { expected: LOCALE_CODES });
}

/** The conversion from one locale to another, as opencc-js converts that pair. */
export function pairDefinition(from: LocaleCode, to: LocaleCode): ConfigDefinition {
  return CONFIGS_BY_NAME.get(openccJsConfigName(from, to)) ?? pairDefinitions().get(pairName(from, to))!;
}

/**
 * The conversion a spec names: a configuration or pair name in any case (s2tw, S2TW, hk2tw), a BCP 47 tag alone
 * (the target: zh-TW means from Simplified, zh-CN from Traditional), or `{ from, to }` of codes or tags.
 */
export function resolveConfig(spec: ConversionSpec | string | { readonly from?: string; readonly to: string }): ConfigDefinition {
  if (typeof spec === 'string') {
    const found = byName(spec.trim().toLowerCase());
    if (found) return found;
    const target = /^(zh|ja)([-_]|$)/i.test(spec.trim()) ? localeOf(spec) : null;
    if (target) return pairDefinition(defaultSource(target), target);
    throw unknownConfig(JSON.stringify(spec), suggestConfig(spec));
  }
  if (spec && typeof spec === 'object' && 'to' in spec) {
    const to = typeof spec.to === 'string' ? localeOf(spec.to) : null;
    if (!to) throw unknownLocale('to', spec.to);
    if (spec.from === undefined) return pairDefinition(defaultSource(to), to);
    const from = typeof spec.from === 'string' ? localeOf(spec.from) : null;
    if (!from) throw unknownLocale('from', spec.from);
    return pairDefinition(from, to);
  }
  throw unknownConfig(String(spec), null);
}

/** Name, description and locales of the conversion a spec names (see resolveConfig). */
export function configInfo(spec: ConversionSpec): ConfigInfo<ConversionName> {
  const definition = resolveConfig(spec);
  return [...CONFIGS, ...PAIRS].find((c) => c.name === definition.name)!;
}

/** Every dictionary group the conversions use, including normalization; each is compiled once. */
export function allDictionaryGroups(): DictionaryGroup[] {
  const seen = new Map<string, DictionaryGroup>([[groupKey(NORMALIZATION), NORMALIZATION]]);
  for (const d of [...DEFINITIONS, ...pairDefinitions().values()]) for (const g of d.chain) seen.set(groupKey(g), g);
  return [...seen.values()];
}

/** Stable identifier of a dictionary group, used as its compiled file name. */
export function groupKey(group: DictionaryGroup): string {
  return group.join('+');
}
