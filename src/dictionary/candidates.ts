/**
 * Which one-character conversions are ambiguous. OpenCC's character dictionaries keep one default per character
 * (发 → 發) although the character stands for several (發 and 髮); phrases pick the right one where they can.
 * A character is ambiguous for a character dictionary when the data attests more than one target for it:
 * the dictionary's own values, every character the reverse dictionary maps onto it (髮 → 发), and the character
 * itself when a phrase keeps it unchanged (皇后 → 皇后 shows that 后 is also valid as it stands).
 * Only the script dictionaries (Simplified ↔ Traditional, Shinjitai ↔ Kyūjitai) are considered: the regional
 * variant dictionaries (裏 → 裡) choose a glyph standard, not a meaning.
 */
import type { DictionaryEntry } from './text-format.js';

interface Family {
  readonly chars: string;
  readonly reverseChars: string;
  readonly phrases: readonly string[];
  readonly reversePhrases: readonly string[];
}

const FAMILIES: readonly Family[] = [
  { chars: 'STCharacters', reverseChars: 'TSCharacters', phrases: ['STPhrases'], reversePhrases: ['TSPhrases'] },
  { chars: 'TSCharacters', reverseChars: 'STCharacters', phrases: ['TSPhrases'], reversePhrases: ['STPhrases'] },
  { chars: 'JPShinjitaiCharacters', reverseChars: 'JPShinjitaiCharactersRev', phrases: ['JPShinjitaiPhrases'], reversePhrases: [] },
  { chars: 'JPShinjitaiCharactersRev', reverseChars: 'JPShinjitaiCharacters', phrases: [], reversePhrases: ['JPShinjitaiPhrases'] },
];

/** Characters kept unchanged at some position of a phrase whose key and value align character by character. */
function keptInPhrases(dictionaries: readonly (readonly DictionaryEntry[] | undefined)[]): Set<string> {
  const kept = new Set<string>();
  for (const entries of dictionaries) {
    for (const { key, values } of entries ?? []) {
      const k = Array.from(key), v = Array.from(values[0]!);
      if (k.length !== v.length || k.length < 2) continue;
      k.forEach((c, i) => c === v[i] && kept.add(c));
    }
  }
  return kept;
}

/**
 * Candidate targets for every key of each character dictionary: name → (character → candidates).
 * `dictionaries` maps dictionary names to their entries (with fanjian corrections applied).
 */
export function characterCandidates(
  dictionaries: ReadonlyMap<string, readonly DictionaryEntry[]>,
): Map<string, Map<string, Set<string>>> {
  // Regional forms are one character in another standard (為 is Taiwan's and Hong Kong's 爲): count them once.
  const standardForm = new Map<string, string>();
  for (const name of ['TWVariantsRev', 'HKVariantsRev']) {
    for (const { key, values } of dictionaries.get(name) ?? []) if (!standardForm.has(key)) standardForm.set(key, values[0]!);
  }
  const standard = (c: string) => standardForm.get(c) ?? c;
  const result = new Map<string, Map<string, Set<string>>>();
  for (const family of FAMILIES) {
    const chars = dictionaries.get(family.chars);
    if (!chars) continue;
    const candidates = new Map<string, Set<string>>();
    for (const { key, values } of chars) candidates.set(key, new Set(values.map(standard)));
    for (const { key, values } of dictionaries.get(family.reverseChars) ?? []) {
      for (const v of values) candidates.get(v)?.add(standard(key));
    }
    const kept = keptInPhrases([...family.phrases, ...family.reversePhrases].map((n) => dictionaries.get(n)));
    for (const [c, set] of candidates) if (kept.has(c)) set.add(c);
    result.set(family.chars, candidates);
  }
  return result;
}

/** Lookup for mergeGroup: the candidates of a one-character key of a character dictionary. */
export function candidateLookup(
  candidates: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>,
): (dictionary: string, key: string) => readonly string[] | undefined {
  return (dictionary, key) => {
    const set = candidates.get(dictionary)?.get(key);
    return set ? [...set] : undefined;
  };
}
