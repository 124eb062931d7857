/**
 * The configuration table: OpenCC's 16 configurations, each a normalization step, an optional segmentation
 * dictionary set and a conversion chain of dictionary groups (the first dictionary of a group has priority).
 * It mirrors the upstream OpenCC 1.4.2 config files as bundled by opencc-js (a test checks that).
 */
import { FanjianError } from './errors.js';

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

/** opencc-js style locale codes, accepted as `{ from, to }`. */
export type LocaleCode = 'cn' | 't' | 'tw' | 'twp' | 'hk' | 'hkp' | 'jp';
export interface LocalePair {
  from: LocaleCode;
  to: LocaleCode;
}

/** A group of dictionaries applied as one: longest match wins, the earlier dictionary wins a tie. */
export type DictionaryGroup = readonly DictionaryName[];

export interface ConfigDefinition {
  readonly name: ConfigName;
  readonly description: string;
  readonly from: LocaleCode;
  readonly to: LocaleCode;
  /** Segmentation dictionaries (maximum forward match); absent means the text is one segment. */
  readonly segmentation?: DictionaryGroup;
  readonly chain: readonly DictionaryGroup[];
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
  return segmentation ? { name, from, to, description, chain, segmentation } : { name, from, to, description, chain };
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

export interface ConfigInfo {
  readonly name: ConfigName;
  readonly description: string;
  readonly from: LocaleCode;
  readonly to: LocaleCode;
}

/** Every configuration with a one-line description, in OpenCC's order. */
export const CONFIGS: readonly ConfigInfo[] = Object.freeze(
  DEFINITIONS.map(({ name, description, from, to }) => Object.freeze({ name, description, from, to })),
);

const BY_NAME = new Map<string, ConfigDefinition>(DEFINITIONS.map((d) => [d.name, d]));

export function isConfigName(value: unknown): value is ConfigName {
  return typeof value === 'string' && BY_NAME.has(value);
}

/** The configuration a loosely written name means — any case, or OpenCC's file name (`s2t.json`) — or null. */
export function looseConfigName(value: string): ConfigName | null {
  const name = value.toLowerCase().replace(/\.json$/, '');
  return isConfigName(name) ? name : null;
}

function unknownConfig(what: string, near: ConfigName | null = null): FanjianError {
  const list = CONFIGS.map((c) => c.name).join(', ');
  const hint = near ? ` (did you mean "${near}"?)` : '';
  return new FanjianError('UNKNOWN_CONFIG', `Unknown configuration ${what}${hint}. Valid configurations: ${list}.`, {
    expected: CONFIG_NAMES,
  });
}

/** The configuration for a name or an opencc-js style `{ from, to }` pair. */
export function resolveConfig(spec: ConfigName | LocalePair): ConfigDefinition {
  if (typeof spec === 'string') {
    const found = BY_NAME.get(spec);
    if (!found) throw unknownConfig(JSON.stringify(spec), looseConfigName(spec));
    return found;
  }
  if (spec && typeof spec === 'object' && typeof spec.from === 'string' && typeof spec.to === 'string') {
    const found = DEFINITIONS.find((d) => d.from === spec.from && d.to === spec.to);
    if (!found) throw unknownConfig(`{ from: ${JSON.stringify(spec.from)}, to: ${JSON.stringify(spec.to)} }`);
    return found;
  }
  throw unknownConfig(String(spec));
}

/** Every dictionary group the configurations use, including normalization; each is compiled once. */
export function allDictionaryGroups(): DictionaryGroup[] {
  const seen = new Map<string, DictionaryGroup>([[groupKey(NORMALIZATION), NORMALIZATION]]);
  for (const d of DEFINITIONS) for (const g of d.chain) seen.set(groupKey(g), g);
  return [...seen.values()];
}

/** Stable identifier of a dictionary group, used as its compiled file name. */
export function groupKey(group: DictionaryGroup): string {
  return group.join('+');
}
