/**
 * Build step: the data behind detect() and repair() — character classes (script/character-classes.ts) and two
 * dictionaries of attested words, the Traditional and the Simplified forms of every phrase in OpenCC's phrase
 * dictionaries (a word written exactly as a dictionary has it is valid as written).
 */
import type { DictionaryEntry } from '../dictionary/text-format.js';
import { CompiledDictionary } from '../dictionary/compiled-dictionary.js';
import { sortForPacking } from '../dictionary/packed-format.js';
import { buildClassPairs } from '../script/character-classes.js';
import { ATTESTED_SIMPLIFIED, ATTESTED_TRADITIONAL, CHARACTER_CLASSES } from '../data-source.js';

function attested(words: Iterable<string>): Uint8Array {
  const unique = [...new Set(words)].filter((w) => [...w].length >= 2);
  const entries = sortForPacking(unique.map((key) => ({ key, value: key, flags: 1 })));
  return CompiledDictionary.build(['attested'], entries).toBinary();
}

/** The script data files, by name, from the dictionaries with fanjian's layer applied. */
export function buildScriptData(
  dictionaries: ReadonlyMap<string, readonly DictionaryEntry[]>,
  candidates: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>,
): Map<string, Uint8Array> {
  const entries = (name: string) => dictionaries.get(name) ?? [];
  const stPhrases = [...entries('STPhrases'), ...entries('STPhrases_GeneratedFromRegionalPhrases')];
  const traditional = [...stPhrases.map((e) => e.values[0]!), ...entries('TSPhrases').map((e) => e.key)];
  const simplified = [...stPhrases.map((e) => e.key), ...entries('TSPhrases').map((e) => e.values[0]!)];
  const pairs = buildClassPairs(dictionaries, candidates);
  return new Map([
    [CHARACTER_CLASSES, new Uint8Array(pairs.buffer, pairs.byteOffset, pairs.byteLength)],
    [ATTESTED_TRADITIONAL, attested(traditional)],
    [ATTESTED_SIMPLIFIED, attested(simplified)],
  ]);
}
