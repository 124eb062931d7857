/** converter.stream() gives exactly convert() of the whole input, however the input is cut into chunks. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_NAMES, createConverter, type Converter, type ConverterOptions } from '../../src/node/index.js';
import { toCodeUnits } from '../../src/code-units.js';
import { fixture } from './helpers.js';

/** The pieces a converter's stream emits for these chunks. */
async function streamedPieces(converter: Converter, chunks: readonly string[]): Promise<string[]> {
  const stream = converter.stream();
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const pieces: string[] = [];
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      pieces.push(value);
    }
  })();
  for (const chunk of chunks) await writer.write(chunk);
  await writer.close();
  await reading;
  return pieces;
}

async function streamed(converter: Converter, chunks: readonly string[]): Promise<string> {
  return (await streamedPieces(converter, chunks)).join('');
}

/** Text held back without a breaking character, at most (stream.ts MAX_PENDING), before a cut at a boundary. */
const MAX_PENDING = 256 * 1024;

/**
 * Han text of the sample without a single character after which the stream could cut early (a character no
 * dictionary of the converter contains), repeated to `length`: only a boundary cut can bound such a stream.
 */
function unbrokenHan(converter: Converter, length: number, prefix = ''): string {
  const isBreaker = (c: string) => converter.safeCut(toCodeUnits(c + c), 0, c.length * 2)[0] > 0;
  const han = [...(prefix + sample).replace(/[^\p{Script=Han}]/gu, '')].filter((c) => !isBreaker(c)).join('');
  const text = han.repeat(Math.ceil(length / han.length));
  expect(converter.safeCut(toCodeUnits(text), 0, text.length)[0]).toBe(0);
  return text;
}

/** Cut text at the given positions (UTF-16 indices, so cuts may fall inside surrogate pairs and CRLF). */
function cut(text: string, positions: readonly number[]): string[] {
  const sorted = [...new Set(positions.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let last = 0;
  for (const p of sorted) {
    chunks.push(text.slice(last, p));
    last = p;
  }
  chunks.push(text.slice(last));
  return chunks;
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

  it('rejects chunks that are not strings', async () => {
    const stream = createConverter('s2t').stream();
    const reading = stream.readable.getReader().read();
    const writer = stream.writable.getWriter();
    await expect(writer.write(42 as unknown as string)).rejects.toThrow(/string chunks/);
    await expect(reading).rejects.toThrow(/string chunks/);
  });
});
