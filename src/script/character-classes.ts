/**
 * Which script and which regional standard each Han character belongs to, derived at build time from the OpenCC
 * dictionaries (build/build-script-data.ts) and stored as sorted (code point, flags) pairs.
 *
 * A character converts if the character dictionary of a direction maps it to something else (发 → 發); it is
 * still valid in the other script when a phrase keeps it as it is (后 in 皇后), when it is a regional standard form
 * (群 is Taiwan's form of OpenCC's 羣), or when no dictionary maps it at all (部, 的).
 */

/** STCharacters maps the character to another one (它 is Simplified, or shared with a different default). */
export const SIMPLIFIED_CONVERTS = 1 << 0;
/** The character is valid in Traditional text (of some standard). */
export const TRADITIONAL_VALID = 1 << 1;
/** TSCharacters maps the character to another one. */
export const TRADITIONAL_CONVERTS = 1 << 2;
/** The character is valid in Simplified text. */
export const SIMPLIFIED_VALID = 1 << 3;
/** Taiwan's standard form where OpenCC's differs (裡 for 裏, 為 for 爲). */
export const TAIWAN_FORM = 1 << 4;
/** Hong Kong's standard form where OpenCC's differs (為 for 爲, 衞 for 衛). */
export const HONG_KONG_FORM = 1 << 5;
/** OpenCC's standard form that Taiwan replaces. */
export const REPLACED_IN_TAIWAN = 1 << 6;
/** OpenCC's standard form that Hong Kong replaces. */
export const REPLACED_IN_HONG_KONG = 1 << 7;

export type CharacterScript = 'simplified' | 'traditional' | 'common';

export class CharacterClasses {
  private readonly table: Map<number, number>;

  constructor(pairs: Uint32Array) {
    this.table = new Map();
    for (let i = 0; i < pairs.length; i += 2) this.table.set(pairs[i]!, pairs[i + 1]!);
  }

  flags(codePoint: number): number {
    return this.table.get(codePoint) ?? (TRADITIONAL_VALID | SIMPLIFIED_VALID);
  }

  /** Simplified-only: not valid in Traditional text of any standard (们, 发). */
  simplifiedOnly(codePoint: number): boolean {
    return (this.flags(codePoint) & (SIMPLIFIED_CONVERTS | TRADITIONAL_VALID)) === SIMPLIFIED_CONVERTS;
  }

  /** Traditional-only: not valid in Simplified text (們, 發). */
  traditionalOnly(codePoint: number): boolean {
    return (this.flags(codePoint) & (TRADITIONAL_CONVERTS | SIMPLIFIED_VALID)) === TRADITIONAL_CONVERTS;
  }

  script(codePoint: number): CharacterScript {
    if (this.simplifiedOnly(codePoint)) return 'simplified';
    if (this.traditionalOnly(codePoint)) return 'traditional';
    return 'common';
  }

  /** Valid in text of the given script (a regional form counts as valid Traditional). */
  validIn(codePoint: number, script: 'simplified' | 'traditional'): boolean {
    return (this.flags(codePoint) & (script === 'traditional' ? TRADITIONAL_VALID : SIMPLIFIED_VALID)) !== 0;
  }

  /** The character dictionary of the direction towards `script` would change it (干 towards Traditional). */
  converts(codePoint: number, towards: 'simplified' | 'traditional'): boolean {
    return (this.flags(codePoint) & (towards === 'traditional' ? SIMPLIFIED_CONVERTS : TRADITIONAL_CONVERTS)) !== 0;
  }
}

interface Entry {
  readonly key: string;
  readonly values: readonly string[];
}

/**
 * Build the (code point, flags) pairs from the dictionaries (with fanjian's layer applied) and the character
 * candidates of dictionary/candidates.ts (a character among its own candidates is valid as it stands).
 */
export function buildClassPairs(dictionaries: ReadonlyMap<string, readonly Entry[]>,
  candidates: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>): Uint32Array {
  const flags = new Map<number, number>();
  const set = (c: string, bits: number) => {
    const cp = c.codePointAt(0)!;
    flags.set(cp, (flags.get(cp) ?? 0) | bits);
  };
  const single = (s: string) => [...s].length === 1;
  const entries = (name: string) => (dictionaries.get(name) ?? []).filter((e) => single(e.key));
  for (const { key, values } of entries('STCharacters')) {
    if (values[0] !== key) set(key, SIMPLIFIED_CONVERTS);
    if (candidates.get('STCharacters')?.get(key)?.has(key)) set(key, TRADITIONAL_VALID);
    for (const v of values) if (single(v)) set(v, TRADITIONAL_VALID);
  }
  for (const { key, values } of entries('TSCharacters')) {
    if (values[0] !== key) set(key, TRADITIONAL_CONVERTS);
    if (candidates.get('TSCharacters')?.get(key)?.has(key)) set(key, SIMPLIFIED_VALID);
    set(key, TRADITIONAL_VALID);
    for (const v of values) if (single(v)) set(v, SIMPLIFIED_VALID);
  }
  const regional: [string, number, number][] = [
    ['TWVariants', TAIWAN_FORM, REPLACED_IN_TAIWAN],
    ['HKVariants', HONG_KONG_FORM, REPLACED_IN_HONG_KONG],
  ];
  for (const [name, form, replaced] of regional) {
    for (const { key, values } of entries(name)) {
      if (values[0] === key) continue;
      set(key, replaced | TRADITIONAL_VALID);
      for (const v of values) if (single(v)) set(v, form | TRADITIONAL_VALID);
    }
  }
  // A character no character dictionary converts towards a script is valid in that script.
  for (const [cp, bits] of flags) {
    let next = bits;
    if (!(bits & SIMPLIFIED_CONVERTS)) next |= TRADITIONAL_VALID;
    if (!(bits & TRADITIONAL_CONVERTS)) next |= SIMPLIFIED_VALID;
    flags.set(cp, next);
  }
  const sorted = [...flags].sort((a, b) => a[0] - b[0]);
  return Uint32Array.from(sorted.flat());
}
