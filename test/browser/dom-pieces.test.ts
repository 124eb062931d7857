/**
 * How fanjian/dom cuts a paragraph's conversion back into its text nodes — the documents' driver (convertPieces)
 * fed through dom's converter adapter — for any text and any cut: the pieces reassemble into the whole text's
 * conversion, and a surrogate pair is never split. Runs in Node (no DOM needed); the browser tests cover the rest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pieceConverter } from '../../src/browser/dom.js';
import { convertPieces as driverPieces } from '../../src/formats/driver.js';
import { createConverter } from '../../src/node/index.js';

// Phrases that change length (字节 → 位元組, U盘 → 隨身碟 in s2twp), ambiguous characters, astral characters.
const alphabet = [...'字节U盘头发干了后来鼠标软件里面这冲云打印机出租车信息网络的是不，。 a'].concat(['𣨼', '𠀀', '\r\n']);
/** A text cut into pieces at code-point boundaries. */
const pieces = fc.tuple(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), fc.array(fc.nat(40), { maxLength: 6 }))
  .map(([parts, cuts]) => {
    const at = [...new Set(cuts.map((c) => Math.min(c, parts.length)))].sort((a, b) => a - b);
    const out: string[] = [];
    let from = 0;
    for (const cut of [...at, parts.length]) {
      out.push(parts.slice(from, cut).join(''));
      from = cut;
    }
    return out;
  });

const convertPieces = (input: readonly string[], converter: Parameters<typeof pieceConverter>[0]) =>
  driverPieces(input, pieceConverter(converter)).texts;

describe('convertPieces (fanjian/dom)', () => {
  for (const config of ['s2twp', 's2tw', 't2s'] as const) {
    const converter = createConverter(config);
    it(`${config}: the pieces reassemble into the conversion of the whole, none splits a surrogate pair`, () => {
      fc.assert(fc.property(pieces, (input) => {
        const out = convertPieces(input, converter);
        expect(out).toHaveLength(input.length);
        expect(out.join('')).toBe(converter.convert(input.join('')));
        for (const piece of out) expect(piece.isWellFormed()).toBe(true);
      }), { numRuns: 300 });
    });
  }

  it('a plain function: the whole conversion when its length is kept, else piece by piece', () => {
    const converter = createConverter('s2twp');
    const convert = (t: string) => converter.convert(t);
    fc.assert(fc.property(pieces, (input) => {
      const out = convertPieces(input, convert);
      const whole = convert(input.join(''));
      if (whole.length === input.join('').length) expect(out.join('')).toBe(whole);
      else expect(out).toEqual(input.map(convert));
      for (const piece of out) expect(piece.isWellFormed()).toBe(true);
    }), { numRuns: 300 });
  });

  it('keeps each change in the piece it came from', () => {
    expect(convertPieces(['头', '发干了'], createConverter('s2tw'))).toEqual(['頭', '髮幹了']);
    expect(convertPieces(['字', '节和U', '盘'], createConverter('s2twp'))).toEqual(['位元組', '和隨身碟', '']);
  });
});
