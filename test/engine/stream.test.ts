/** converter.stream() gives exactly convert() of the whole input, however the input is cut into chunks. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_NAMES, createConverter, type Converter, type ConverterOptions } from '../../src/node/index.js';
import { toCodeUnits } from '../../src/code-units.js';
import { createConversionStream, MAX_PENDING, StreamCuts, type StreamLimits } from '../../src/stream.js';
import { cutAt as cut, fixture, pump } from './helpers.js';

/** The pieces a converter's stream emits for these chunks (with its own cut search and limits when given). */
async function streamedPieces(
  converter: Converter,
  chunks: readonly string[],
  cuts?: StreamCuts,
  limits?: StreamLimits,
): Promise<string[]> {
  return pump(cuts ? createConversionStream(converter, cuts, limits) : converter.stream(), chunks);
}

async function streamed(converter: Converter, chunks: readonly string[]): Promise<string> {
  return (await streamedPieces(converter, chunks)).join('');
}


/**
 * Han text of the sample without a single character after which the stream could cut early (a character no
 * dictionary of the converter contains), repeated to `length`: only a boundary cut can bound such a stream.
 */
function unbrokenHan(converter: Converter, length: number, prefix = ''): string {
  const cuts = new StreamCuts(converter);
  const breakerCut = (t: string) => cuts.breakerCut(toCodeUnits(t), t.length, { at: 0, noCutBefore: 0 });
  const isBreaker = (c: string) => breakerCut(c + c) > 0;
  const han = [...(prefix + sample).replace(/[^\p{Script=Han}]/gu, '')].filter((c) => !isBreaker(c)).join('');
  const text = han.repeat(Math.ceil(length / han.length));
  expect(breakerCut(text)).toBe(0);
  return text;
}


const article = fixture('article.txt');
const edges = fixture('edge-cases.txt');
const sample = fixture('sample-data3185k.txt');
const ids = '⿰发发⿱⿰木木⿲亻尔';
/** Long enough to pass the stream's batching threshold, with every kind of tricky unit. */
const corpus = (sample + edges + article + ids + '𠮷\r\n').repeat(3);

describe('stream()', () => {
  it.each(CONFIG_NAMES)('%s: random chunkings of a long mixed text', async (config) => {
    const converter = createConverter(config);
    const whole = converter.convert(corpus);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 40 }), async (positions) => {
        expect(await streamed(converter, cut(corpus, positions))).toBe(whole);
      }),
      { numRuns: 15 },
    );
  });

  it('one character per chunk, including halves of surrogate pairs and of CRLF', async () => {
    const converter = createConverter('s2twp');
    const text = (edges + ids + sample.slice(0, 3000)).repeat(6); // past the stream's 16K batching threshold
    expect(await streamed(converter, text.split(''))).toBe(converter.convert(text));
  });

  it.each<[string, ConverterOptions]>([
    ['protected terms', { protect: ['于颖建', '头发'] }],
    ['user dictionaries', { dictionaries: ['鼠标\t滑鼠標\n软件\t軟體件\n颖建\tYJ'] }],
  ])('with %s, still equal for random chunkings', async (_, options) => {
    const converter = createConverter('s2tw', options);
    const text = ('关于于颖建的头发、鼠标和软件。' + sample.slice(0, 2000) + '\n').repeat(12);
    const whole = converter.convert(text);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 30 }), async (positions) => {
        expect(await streamed(converter, cut(text, positions))).toBe(whole);
      }),
      { numRuns: 20 },
    );
  });

  it.each(['s2t', 's2twp', 'tw2sp', 't2jp'] as const)(
    '%s: a long text with no breaking character streams in bounded pieces and still equals convert()',
    async (config) => {
      const converter = createConverter(config);
      const text = unbrokenHan(converter, 600_000);
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += 4096) chunks.push(text.slice(i, i + 4096));
      const pieces = await streamedPieces(converter, chunks);
      expect(pieces.join('')).toBe(converter.convert(text));
      expect(pieces.length).toBeGreaterThan(1);
      expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(300_000);
    },
  );

  it.each<[string, ConverterOptions]>([
    ['protected terms', { protect: ['于颖建', '头发', '国家'] }],
    ['user dictionaries', { dictionaries: ['鼠标\t滑鼠標\n软件\t軟體件\n中国\t中華\n颖建\tYJ'] }],
  ])('with %s, a long text with no breaking character streams in bounded pieces and equals convert()', async (_, options) => {
    const converter = createConverter('s2twp', options);
    const text = unbrokenHan(converter, 700_000, '于颖建的头发鼠标软件中国');
    const whole = converter.convert(text);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { minLength: 40, maxLength: 80 }), async (positions) => {
        const chunks = cut(text, positions);
        const pieces = await streamedPieces(converter, chunks);
        expect(pieces.join('')).toBe(whole);
        expect(pieces.length).toBeGreaterThan(1);
        expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(MAX_PENDING + Math.max(...chunks.map((c) => c.length)));
      }),
      { numRuns: 5 },
    );
  });

  /** Text that defeats the cut after a breaking character: one CJK compatibility ideograph in a long line without
   * one, runs of description operators that never complete (issue 9, item 8), and mixtures. */
  const pathological = (converter: Converter, length: number): [string, string][] => [
    ['U+F900 in an unbroken line', '\uF900' + unbrokenHan(converter, length)],
    ['unterminated run of U+2FF0', '⿰'.repeat(length)],
    ['run of U+2FF2 (three components)', '⿲'.repeat(length)],
    ['operators between Han characters', '⿰发⿱发⿲'.repeat(length / 5)],
    ['compatibility ideographs throughout', unbrokenHan(converter, length).replace(/(.{97})/gu, '$1\uF901')],
  ];

  it.each(['s2t', 's2tw', 't2s'] as const)(
    '%s: pathological streams stay linear and bounded: each unit searched a bounded number of times, pieces bounded',
    async (config) => {
      const converter = createConverter(config);
      for (const [name, text] of pathological(converter, 600_000)) {
        const cuts = new StreamCuts(converter);
        const chunks: string[] = [];
        for (let i = 0; i < text.length; i += 16384) chunks.push(text.slice(i, i + 16384));
        const pieces = await streamedPieces(converter, chunks, cuts);
        expect(pieces.join(''), name).toBe(converter.convert(text));
        // Quadratic rescanning (every chunk searching all pending text again) would make these grow with
        // length² / chunk size: 600K units in 16K chunks would scan about 18× the length.
        const { breakerUnits, boundaryUnits, tracedUnits } = cuts.work;
        expect(breakerUnits, name).toBeLessThanOrEqual(1.5 * text.length);
        expect(boundaryUnits + tracedUnits, name).toBeLessThanOrEqual(4 * text.length);
        // Memory: text is held back only up to about twice the search threshold.
        expect(Math.max(...pieces.map((p) => p.length)), name).toBeLessThanOrEqual(2 * MAX_PENDING + 16384);
        expect(pieces.length, name).toBeGreaterThan(text.length / (2 * MAX_PENDING + 16384));
      }
    },
  );

  it.each(CONFIG_NAMES)('%s: with low thresholds, random pathological texts and chunkings equal convert()', async (config) => {
    const converter = createConverter(config);
    const limits: StreamLimits = { minBatch: 64, maxPending: 4096 };
    const han = unbrokenHan(converter, 3000);
    const piece = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: han.length - 200 }).map((i) => han.slice(i, i + 200)) },
      { weight: 2, arbitrary: fc.constantFrom('⿰', '⿱', '⿲', '⿳', '\uF900', '\uFA0A', '𠮷', '𫖮', '\ud800') },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('⿰', '⿲', '⿰发'), fc.integer({ min: 1, max: 300 }))
        .map(([run, n]) => run.repeat(n)) },
      { weight: 1, arbitrary: fc.constantFrom('\n', '，', '\r\n', ' ') },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 20, maxLength: 120 }), fc.array(fc.nat(), { maxLength: 60 }),
        async (parts, positions) => {
          const text = parts.join('');
          const pieces = await streamedPieces(converter, cut(text, positions), new StreamCuts(converter), limits);
          expect(pieces.join('')).toBe(converter.convert(text));
        }),
      { numRuns: 25 },
    );
  });

  it('rejects chunks that are not strings', async () => {
    const stream = createConverter('s2t').stream();
    const reading = stream.readable.getReader().read();
    const writer = stream.writable.getWriter();
    await expect(writer.write(42 as unknown as string)).rejects.toThrow(/string chunks/);
    await expect(reading).rejects.toThrow(/string chunks/);
  });
});
