/**
 * Turns the text dictionaries of a group into GroupEntry lists: priority (first dictionary wins a key),
 * membership bits, fanjian-layer overrides and the ambiguity flag. Pure; used by the build and for user
 * dictionaries.
 */
import { FLAG_AMBIGUOUS, FLAG_FANJIAN, type GroupEntry } from './compiled-dictionary.js';
import type { DictionaryEntry } from './text-format.js';

export interface SourceDictionary {
  readonly name: string;
  readonly entries: readonly DictionaryEntry[];
  /** Entries of fanjian's own layer for this dictionary; they replace upstream entries with the same key. */
  readonly corrections?: readonly DictionaryEntry[];
}

/** Upstream entries with the corrections applied: a corrected key keeps its upstream position, new keys follow. */
export function applyCorrections(dictionary: SourceDictionary): { entries: DictionaryEntry[]; corrected: Set<string> } {
  const corrected = new Set<string>();
  if (!dictionary.corrections?.length) return { entries: [...dictionary.entries], corrected };
  const byKey = new Map<string, DictionaryEntry>();
  for (const e of dictionary.corrections) {
    byKey.set(e.key, e);
    corrected.add(e.key);
  }
  const entries = dictionary.entries.map((e) => byKey.get(e.key) ?? e);
  const upstreamKeys = new Set(dictionary.entries.map((e) => e.key));
  for (const e of dictionary.corrections) if (!upstreamKeys.has(e.key)) entries.push(e);
  return { entries, corrected };
}

/**
 * Merge a group's dictionaries. Within one dictionary a repeated key keeps its last line (as OpenCC's loaders do);
 * across dictionaries the first one holding a key supplies the value.
 */
export function mergeGroup(
  dictionaries: readonly SourceDictionary[],
  candidatesOf: (dictionary: string, key: string) => readonly string[] | undefined = () => undefined,
): GroupEntry[] {
  const merged = new Map<string, { value: string; flags: number; candidates?: readonly string[] }>();
  dictionaries.forEach((dictionary, index) => {
    const { entries, corrected } = applyCorrections(dictionary);
    const own = new Map<string, string>();
    for (const e of entries) own.set(e.key, e.values[0]!);
    for (const [key, value] of own) {
      const found = merged.get(key);
      if (found) {
        found.flags |= 1 << index;
        continue;
      }
      let flags = 1 << index;
      if (corrected.has(key)) flags |= FLAG_FANJIAN;
      const candidates = candidatesOf(dictionary.name, key);
      if (candidates && candidates.length >= 2) {
        flags |= FLAG_AMBIGUOUS;
        merged.set(key, { value, flags, candidates: [value, ...candidates.filter((c) => c !== value)] });
      } else {
        merged.set(key, { value, flags });
      }
    }
  });
  return [...merged].map(([key, entry]) => ({ key, ...entry }));
}
