/**
 * The packed dictionary decoder (packed-format.ts and its WebAssembly passes) on dictionaries the shipped data does
 * not show: random keys (some outside the BMP) and values (predicted from the key, edited, of another length),
 * memberships, fanjian and ambiguous entries, of random sizes. Each packs and decodes to exactly the tables it was
 * compiled to, with both decoders, and finds every key's value. (The shipped groups are checked the same way in
 * test/browser/data-packed.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompiledDictionary, FLAG_AMBIGUOUS, FLAG_FANJIAN, type GroupEntry } from '../../src/dictionary/compiled-dictionary.js';
import { packDictionary, sortForPacking, unpackDictionary } from '../../src/dictionary/packed-format.js';

/** Units keys are made of: common ideographs, and one character outside the BMP (a surrogate pair). */
const UNITS = [...'头发干部这里并没有于后面里台湾理发'.split(''), '𠮷'];

/** Entries with distinct random keys (one to six characters) and values: most a key's characters mapped one by one
 * (what the packed form predicts and does not store), some with a character changed, some of another length. */
function randomEntries(count: number, seed: number): GroupEntry[] {
  let state = seed >>> 0 || 1;
  const next = (limit: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % limit;
  };
  const mapped = new Map(UNITS.map((unit, i) => [unit, UNITS[(i * 7 + 3) % UNITS.length]!]));
  const keys = new Set<string>(UNITS.slice(0, Math.min(count, UNITS.length)));
  while (keys.size < count) {
    let key = '';
    for (let i = 1 + next(6); i > 0; i--) key += UNITS[next(UNITS.length)];
    keys.add(key);
  }
  return [...keys].map((key) => {
    const chars = [...key].map((c) => mapped.get(c)!);
    const kind = next(10);
    if (kind === 0) chars[next(chars.length)] = '髮';
    if (kind === 1) chars.push('們');
    const value = chars.join('');
    const ambiguous = next(50) === 0;
    const flags = (1 + next(3)) | (next(20) === 0 ? FLAG_FANJIAN : 0) | (ambiguous ? FLAG_AMBIGUOUS : 0);
    return ambiguous ? { key, value, flags, candidates: [value, `${value}二`] } : { key, value, flags };
  });
}

function expectSameTables(decoded: CompiledDictionary, compiled: CompiledDictionary): void {
  expect(decoded.meta).toEqual(compiled.meta);
  for (const [name, table] of Object.entries(compiled.tables)) {
    const other = decoded.tables[name as keyof typeof decoded.tables];
    expect(Array.from(other), name).toEqual(Array.from(table));
  }
}

function roundTrip(entries: readonly GroupEntry[]): void {
  const sorted = sortForPacking(entries);
  const compiled = CompiledDictionary.build(['A', 'B'], sorted);
  const packed = packDictionary(compiled);
  for (const decoder of ['wasm', 'js'] as const) {
    const decoded = unpackDictionary(packed, decoder);
    expectSameTables(decoded, compiled);
    for (const entry of sorted) expect(decoded.value(decoded.lookup(entry.key)), `${entry.key} (${decoder})`).toBe(entry.value);
  }
}

describe('the packed decoder on random dictionaries', () => {
  it.each([1, 2, 19, 5000])('a dictionary of %i entries decodes to its tables', (count) => {
    roundTrip(randomEntries(count, count + 1));
  });

  it('random dictionaries decode to their tables', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 6000 }), fc.integer({ min: 1, max: 0x7fffffff }),
      (count, seed) => roundTrip(randomEntries(count, seed)),
    ), { numRuns: 12, interruptAfterTimeLimit: 15_000 });
  });
});
