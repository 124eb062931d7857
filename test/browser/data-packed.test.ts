/**
 * The packed dictionary format the browser entry (and Node, for the attested-word lists) loads: every compiled
 * file packs and decodes to exactly its tables, the data modules carry those bytes exactly, and damaged data is
 * refused with INVALID_DATA, never decoded into something else, never an exception of another kind or a hang
 * (fuzzed with fast-check). Both decoders, WebAssembly (packed-format.wat) and JavaScript, every time: the same tables
 * from the same bytes, and the same refusals.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataModuleString, dataModuleText, type DataManifest } from '../../src/data-source.js';
import { BYTES_THRESHOLD } from '../../src/browser/binary-data.js';
import { CompiledDictionary } from '../../src/dictionary/compiled-dictionary.js';
import { isPackedDictionary, packDictionary, unpackDictionary } from '../../src/dictionary/packed-format.js';
import { FanjianError } from '../../src/errors.js';
import { latin1Bytes } from '../../src/browser/latin1.js';

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

/** The bytes a shipped data module carries, as a browser gets them (importing the module). */
async function shipped(name: string): Promise<Uint8Array> {
  return latin1Bytes((await import(new URL(name, modules).href)).default as string);
}

describe('the data files the static build fetches as bytes', () => {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', data), 'utf8')) as DataManifest;
  const listed = readFileSync(new URL('bytes.js', modules), 'utf8');
  const binary = JSON.parse(listed.slice(listed.indexOf('['), listed.lastIndexOf(']') + 1)) as string[];

  it('are the dictionary groups whose data is larger than the threshold, one file each, and nothing else', () => {
    const groups = [...new Set(Object.values(manifest.groups).flatMap((group) => [group.fanjian, group.upstream]))];
    const large = groups.filter((file) =>
      dataModuleString(readFileSync(new URL(file.replace(/\.bin$/, '.js'), modules), 'utf8')).length > BYTES_THRESHOLD);
    expect(large.length).toBeGreaterThan(0);
    expect(binary).toEqual(large.sort());
    expect(readdirSync(modules).filter((f) => f.endsWith('.bin')).sort()).toEqual(binary);
  });

  it.each(binary)('%s holds exactly the bytes its module carries, a packed dictionary', async (file) => {
    const bytes = new Uint8Array(readFileSync(new URL(file, modules)));
    expect(isPackedDictionary(bytes)).toBe(true);
    expect(Buffer.from(bytes).equals(Buffer.from(await shipped(file.replace(/\.bin$/, '.js'))))).toBe(true);
  });
});

describe('packed dictionaries', () => {
  // Every .bin file but the two that hold no dictionary (character classes, the corrections' evidence).
  const compiled = readdirSync(data).filter((f) => f.endsWith('.bin') && f !== 'script-classes.bin' && f !== 'correction-reasons.bin');

  it.each(compiled)('%s packs and decodes to the same tables, as shipped', async (file) => {
    const dictionary = CompiledDictionary.fromBinary(readFileSync(new URL(file, data)), file);
    const packed = packDictionary(dictionary);
    expect(isPackedDictionary(packed)).toBe(true);
    sameTables(dictionary, unpackDictionary(packed, 'wasm'));
    sameTables(dictionary, unpackDictionary(packed, 'js'));
    expect(Buffer.from(await shipped(file.replace(/\.bin$/, '.js'))).equals(Buffer.from(packed))).toBe(true);
  });

  it('decodes the attested-word lists (shipped packed only) into dictionaries that find their words', async () => {
    const words = unpackDictionary(await shipped('attested-traditional.js'));
    expect(words.entryCount).toBeGreaterThan(50_000);
    for (const word of ['頭髮', '幹部']) expect(words.lookup(word), word).toBeGreaterThanOrEqual(0);
    expect(words.lookup('头发')).toBe(-1);
  });

  it('a data module carries any bytes exactly: its text read back, and the module imported', async () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const text = dataModuleText(bytes);
      expect(Buffer.from(dataModuleString(text), 'latin1').equals(Buffer.from(bytes))).toBe(true);
    }));
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const url = `data:text/javascript;charset=utf-8,${encodeURIComponent(dataModuleText(every))}`;
    expect(Buffer.from(latin1Bytes((await import(url)).default as string)).equals(Buffer.from(every))).toBe(true);
  });

  it('refuses damaged data with INVALID_DATA', async () => {
    const packed = await shipped('TWPhrases+TWVariantsPhrases+TWVariants.js');
    const words = new Uint32Array(packed.buffer, packed.byteOffset, 4);
    const changed = (change: (copy: Uint8Array) => void) => {
      const copy = packed.slice();
      change(copy);
      return copy;
    };
    const damaged: [string, Uint8Array][] = [
      ['truncated', packed.subarray(0, packed.length - 4)],
      ['too short', packed.subarray(0, 10)],
      ['extended', Uint8Array.from([...packed, 0, 0, 0, 0])],
      ['format', changed((copy) => { copy[4] = 9; })],
      ['magic', changed((copy) => { copy[0] ^= 1; })],
      ['section count', changed((copy) => { copy[8] = words[2]! + 1; })],
      ['meta', changed((copy) => { copy[(3 + 14) * 4] = 0x20; })],
    ];
    for (const [what, bytes] of damaged) {
      for (const decoder of ['wasm', 'js'] as const) {
        expect(() => unpackDictionary(bytes, decoder), `${what} (${decoder})`).toThrow(expect.objectContaining({ code: 'INVALID_DATA' }));
      }
    }
  });

  it('never decodes random damage into anything but a dictionary or INVALID_DATA', async () => {
    const packed = await shipped('TWVariantsPhrases+TWVariants.js');
    fc.assert(fc.property(
      fc.nat(), fc.integer({ min: 0, max: 0xff }), fc.constantFrom('replace', 'insert', 'delete'),
      (position, byte, how) => {
        const at = position % packed.length;
        const bytes = how === 'replace' ? Uint8Array.from(packed, (b, i) => (i === at ? byte : b))
          : how === 'insert' ? Uint8Array.from([...packed.subarray(0, at), byte, ...packed.subarray(at)])
            : Uint8Array.from([...packed.subarray(0, at), ...packed.subarray(at + 1)]);
        // Both decoders: the same tables, or both INVALID_DATA.
        const outcome = (decoder: 'wasm' | 'js') => {
          try {
            return unpackDictionary(bytes, decoder);
          } catch (error) {
            expect(error).toBeInstanceOf(FanjianError);
            expect((error as FanjianError).code).toBe('INVALID_DATA');
            return null;
          }
        };
        const [wasm, js] = [outcome('wasm'), outcome('js')];
        expect(wasm === null, 'one decoder refused what the other decoded').toBe(js === null);
        if (wasm && js) sameTables(js, wasm);
      },
    ), { numRuns: 3000, interruptAfterTimeLimit: 20_000 });
  });
});
