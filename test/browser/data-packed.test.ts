/**
 * The packed dictionary format the browser entry (and Node, for the attested-word lists) loads: every compiled
 * file packs and decodes to exactly its tables, and damaged data is refused with INVALID_DATA, never decoded into
 * something else, never an exception of another kind or a hang (fuzzed with fast-check).
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompiledDictionary } from '../../src/dictionary/compiled-dictionary.js';
import { packDictionary, unpackDictionary, type PackedDictionary } from '../../src/dictionary/packed-format.js';
import { FanjianError } from '../../src/errors.js';

const data = new URL('../../dist/data/', import.meta.url);
const modules = new URL('../../dist/browser/data/', import.meta.url);

function sameTables(a: CompiledDictionary, b: CompiledDictionary): void {
  expect(b.meta).toEqual(a.meta);
  for (const [name, table] of Object.entries(a.tables)) {
    const other = b.tables[name as keyof typeof b.tables];
    expect(other.length, name).toBe(table.length);
    expect(Buffer.from(other.buffer, other.byteOffset, other.byteLength)
      .equals(Buffer.from(table.buffer, table.byteOffset, table.byteLength)), name).toBe(true);
  }
}

/** A shipped data module's packed dictionary. */
async function shipped(name: string): Promise<PackedDictionary> {
  return (await import(new URL(name, modules).href)).default as PackedDictionary;
}

describe('packed dictionaries', () => {
  // Every .bin file but the two that hold no dictionary (character classes, the corrections' evidence).
  const compiled = readdirSync(data).filter((f) => f.endsWith('.bin') && f !== 'script-classes.bin' && f !== 'correction-reasons.bin');

  it.each(compiled)('%s packs and decodes to the same tables, as shipped', async (file) => {
    const dictionary = CompiledDictionary.fromBinary(readFileSync(new URL(file, data)), file);
    const packed = packDictionary(dictionary);
    sameTables(dictionary, unpackDictionary(JSON.parse(JSON.stringify(packed)) as PackedDictionary));
    expect(await shipped(file.replace(/\.bin$/, '.js'))).toEqual(packed);
  });

  it('decodes the attested-word lists (shipped packed only) into dictionaries that find their words', async () => {
    const words = unpackDictionary(await shipped('attested-traditional.js'));
    expect(words.entryCount).toBeGreaterThan(50_000);
    for (const word of ['頭髮', '幹部']) expect(words.lookup(word), word).toBeGreaterThanOrEqual(0);
    expect(words.lookup('头发')).toBe(-1);
  });

  it('refuses damaged data with INVALID_DATA', async () => {
    const packed = await shipped('TWPhrases+TWVariantsPhrases+TWVariants.js');
    const damaged: Partial<Record<keyof PackedDictionary, unknown>>[] = [
      { format: 2 },
      { keys: packed.keys.slice(0, -1) },
      { slots: `${packed.slots}0` },
      { slots: packed.slots.slice(0, -1) },
      { shared: `${packed.shared}0` },
      { flags: packed.flags.slice(0, -2) },
      { values: packed.values.replace(/\n$/, '') },
      { size: 10 },
      { size: 1e12 },
      { meta: { ...packed.meta, maxKeyLength: 1e9 } },
      { candidates: undefined },
    ];
    for (const change of damaged) {
      expect(() => unpackDictionary({ ...packed, ...change } as PackedDictionary), JSON.stringify(change).slice(0, 60))
        .toThrow(expect.objectContaining({ code: 'INVALID_DATA' }));
    }
  });

  it('never decodes random damage into anything but a dictionary or INVALID_DATA', async () => {
    const packed = await shipped('TWVariantsPhrases+TWVariants.js');
    const fields = ['shared', 'keys', 'slots', 'singleValues', 'valueEntries', 'values', 'flags', 'fanjian', 'slowUnits',
      'candidateEntries', 'candidates'] as const;
    fc.assert(fc.property(
      fc.constantFrom(...fields), fc.nat(), fc.integer({ min: 0, max: 0xffff }), fc.boolean(),
      (field, position, unit, insert) => {
        const text = packed[field];
        const at = text.length === 0 ? 0 : position % text.length;
        const changed = text.slice(0, at) + String.fromCharCode(unit) + text.slice(insert ? at : at + 1);
        try {
          const dictionary = unpackDictionary({ ...packed, [field]: changed });
          expect(dictionary).toBeInstanceOf(CompiledDictionary);
        } catch (error) {
          expect(error).toBeInstanceOf(FanjianError);
          expect((error as FanjianError).code).toBe('INVALID_DATA');
        }
      },
    ), { numRuns: 2000, interruptAfterTimeLimit: 20_000 });
  });
});
