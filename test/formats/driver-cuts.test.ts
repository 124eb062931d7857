/**
 * The driver converts each paragraph once (Converter.convertCut maps its pieces' boundaries through the same run of
 * the chain) and places the output exactly as it did when it converted the paragraph whole and then each piece
 * alone, falling back to explain()-based placement: that algorithm is kept here as the oracle and compared on
 * random paragraphs of real dictionary words (OpenCC's, from opencc-js) split at random places, with context pieces,
 * surrogate pairs, values longer and shorter than their keys, in all 16 configurations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import STPhrases from 'opencc-js/dict/STPhrases';
import TSPhrases from 'opencc-js/dict/TSPhrases';
import TWPhrases from 'opencc-js/dict/TWPhrases';
import TWPhrasesRev from 'opencc-js/dict/TWPhrasesRev';
import HKVariantsRevPhrases from 'opencc-js/dict/HKVariantsRevPhrases';
import JPShinjitaiPhrases from 'opencc-js/dict/JPShinjitaiPhrases';
import { convertDocument } from '../../src/node/documents.js';
import { changesFrom, convertPieces, convertSource, type TextConverter } from '../../src/formats/driver.js';
import type { Extraction } from '../../src/formats/format.js';
import { CONFIG_NAMES, createConverter, type ConfigName, type Converter } from '../../src/node/index.js';

/** Every dictionary's keys and values ("key value value|key value…"), one entry in `step`, plus those of another length. */
function words(data: string, step: number): string[] {
  const out: string[] = [];
  data.split('|').forEach((entry, i) => {
    const [key, value] = entry.split(' ');
    if (!key || !value) return;
    if (i % step === 0 || key.length !== value.length) out.push(key, value);
  });
  return out;
}
const dictionaryWords = [
  ...words(STPhrases as string, 97), ...words(TSPhrases as string, 97), ...words(TWPhrases as string, 5),
  ...words(TWPhrasesRev as string, 5), ...words(HKVariantsRevPhrases as string, 3), ...words(JPShinjitaiPhrases as string, 3),
];

/** Characters that change length: non-BMP under t2s (嚧 顗 頠), single units under s2t (𠰷 𫖮 𬱟); 𠮷 stays a pair. */
const special = ['嚧', '顗', '頠', '𠰷', '𫖮', '𬱟', '𠮷', '\uF900', '\u{2F800}', '⿰', ' ', '，', '\ud800', '\udc00'];
const word = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...dictionaryWords) }, { weight: 2, arbitrary: fc.constantFrom(...special) });

/** A paragraph: words joined, cut at random places (inside words, surrogate pairs), some pieces context. */
const paragraph = fc.tuple(fc.array(word, { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { maxLength: 6 }),
  fc.array(fc.boolean(), { minLength: 8, maxLength: 8 })).map(([parts, cutsAt, contexts]) => {
  const text = parts.join('');
  const cuts = [...new Set(cutsAt.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    pieces.push(text.slice(at, cut));
    at = cut;
  }
  // Context pieces only where the format could make them (never all of them): up to one in three.
  const writable = pieces.map((_, i) => !(contexts[i % contexts.length] && i % 3 === 1));
  return { pieces, writable };
});

/** The driver's algorithm before convertCut, per paragraph: whole, then each piece alone, then explain() placement. */
function oracle(pieces: readonly string[], writable: readonly boolean[], converter: Converter): string[] {
  const exact: TextConverter = { convert: (t) => converter.convert(t), changes: changesFrom((t) => converter.explain(t)) };
  const joined = pieces.join('');
  const whole = converter.convert(joined);
  if (whole === joined) return [...pieces];
  if (pieces.length === 1) return writable[0] ? [whole] : [...pieces];
  const alone = pieces.map((piece, i) => (writable[i] ? converter.convert(piece) : piece));
  if (alone.join('') === whole) return alone;
  const context = writable.includes(false);
  return convertPieces(pieces, exact, context ? { writable } : {}).texts;
}

/** The document the extraction below describes: writable pieces in the source, context pieces beside it. */
function document(paragraphs: readonly { pieces: readonly string[]; writable: readonly boolean[] }[]) {
  let source = '';
  const extraction: Extraction = { paragraphs: [], edits: [] };
  for (const { pieces, writable } of paragraphs) {
    const segments = pieces.map((piece, i) => {
      if (!writable[i]) return { context: piece };
      const start = source.length;
      source += piece;
      return { start, end: source.length };
    });
    source += '\n';
    (extraction.paragraphs as { segments: typeof segments }[]).push({ segments });
  }
  return { source, extraction };
}

const configs = fc.constantFrom(...CONFIG_NAMES);
const converters = new Map<ConfigName, Converter>();
const converterFor = (name: ConfigName) => {
  let converter = converters.get(name);
  if (!converter) converters.set(name, converter = createConverter(name));
  return converter;
};

describe('each paragraph converted once, placed as before', () => {
  it('convertCut gives convert() of each text and maps the cuts (a phrase of another length stays where it starts)', () => {
    const converter = createConverter('s2twp');
    // 软件 → 軟體 (equal length): the cut inside moves one to one; U盘 → 隨身碟 (longer): the cut inside goes to its end.
    const result = converter.convertCut(['软件开发', '用U盘'], Int32Array.of(0, 1, 4, 0, 2, 3), Int32Array.of(0, 3, 6))!;
    expect(result.texts).toEqual(['軟體開發', '用隨身碟']);
    expect([...result.at]).toEqual([0, 1, 4, 0, 4, 4]);
    expect([...result.inside]).toEqual([0, 1, 0, 0, 1, 0]);
    expect(result.resized[5]! - result.resized[3]!).toBe(1);
    expect(result.resized[2]! - result.resized[0]!).toBe(0);
    // With user dictionaries or protected terms it declines (the driver then converts as before).
    expect(createConverter('s2t', { protect: ['于'] }).convertCut(['于'], Int32Array.of(0, 1), Int32Array.of(0, 2))).toBeNull();
  });

  it('convertCut equals convert() text by text, whatever the texts hold (separators, IDS, lone surrogates)', () => {
    fc.assert(fc.property(fc.array(fc.array(word, { maxLength: 6 }).map((w) => w.join('')), { maxLength: 8 }), configs,
      (texts, name) => {
        const converter = converterFor(name);
        const result = converter.convertCut(texts, new Int32Array(0), new Int32Array(texts.length + 1))!;
        expect(result.texts).toEqual(texts.map((t) => converter.convert(t)));
      }), { numRuns: 300 });
  });

  it('the driver places every paragraph as the old algorithm did, in all 16 configurations', () => {
    fc.assert(fc.property(fc.array(paragraph, { minLength: 1, maxLength: 6 }), configs, (paragraphs, name) => {
      const converter = converterFor(name);
      const { source, extraction } = document(paragraphs);
      const withCut: TextConverter = {
        convert: (t) => converter.convert(t), changes: changesFrom((t) => converter.explain(t)),
        convertCut: (texts, cuts, starts) => converter.convertCut(texts, cuts, starts),
      };
      const expected = paragraphs.map(({ pieces, writable }) => oracle(pieces, writable, converter)
        .filter((_, i) => writable[i]).join('')).join('\n') + '\n';
      expect(convertSource(source, extraction, withCut)).toBe(expected);
    }), { numRuns: Number(process.env.DRIVER_CUTS_RUNS ?? 1500) });
  });

  it('convertDocument with a configuration takes the new path: a phrase of another length goes where it starts', () => {
    const pieces = ['用', 'U', '盘', '软', '件开发的𠮷', '头', '发'];
    const placed = oracle(pieces, pieces.map(() => true), createConverter('s2twp'));
    // U盘 → 隨身碟 (longer) whole in U's element, 软件 → 軟體 one to one, 头发 → 頭髮 (not 頭發: context across tags).
    expect(placed).toEqual(['用', '隨身碟', '', '軟', '體開發的𠮷', '頭', '髮']);
    const html = (p: readonly string[]) => `<p>${p[0]}<b>${p[1]}</b>${p[2]}<i>${p[3]}</i>${p[4]}<b>${p[5]}</b>${p[6]}</p>`;
    expect(convertDocument(html(pieces), { format: 'html', config: 's2twp' })).toBe(html(placed));
  });
});
