/**
 * Checking that a format converts only human text: the document is converted once with a transform that wraps
 * whatever it is given in sentinels (its output has another length, so the driver hands it each range alone).
 * Removing the sentinels must give the original back byte for byte (nothing else was touched), and the wrapped
 * pieces are exactly the ranges handed over. Then a converter that changes every Han character one to one, and
 * says so, must change exactly those pieces, wherever the driver cuts its paragraphs. (Language tags are checked
 * separately: `languages: null` here.)
 */
import { expect } from 'vitest';
import { convertDocument, type TextDocumentFormat } from '../../src/node/documents.js';
import type { ConfigName } from '../../src/node/index.js';
import { FanjianError } from '../../src/index.js';

const OPEN = '\u{F0000}', CLOSE = '\u{F0001}';
const PIECE = new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'gu');

export interface Checked {
  /** The pieces handed to the converter, in order. */
  readonly pieces: string[];
  /** The converted document. */
  readonly output: string;
}

/** Every BMP Han character becomes the next code point: a conversion of one character per character. */
const shift = (text: string) => text.replace(/[\u4e00-\u9ffe]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 1));
const shifted = {
  convert: shift,
  changes: (text: string) => ({
    text: shift(text),
    changes: [...text.matchAll(/[\u4e00-\u9ffe]/g)].map((m) => ({ index: m.index, from: m[0], to: shift(m[0]) })),
  }),
};

export function convertChecked(source: string, format: TextDocumentFormat, config: ConfigName): Checked {
  const marked = convertDocument(source, { format, config, languages: null, transform: (t) => `${OPEN}${t}${CLOSE}` });
  expect(marked.replaceAll(OPEN, '').replaceAll(CLOSE, '')).toBe(source);
  const pieces = [...marked.matchAll(PIECE)].map((m) => m[1]!);
  expect(convertDocument(source, { format, languages: null, converter: shifted })).toBe(marked.replace(PIECE, (_, piece: string) => shift(piece)));
  const output = convertDocument(source, { format, config, languages: null });
  return { pieces, output };
}

/** The Han characters never handed to the converter (those must be code, URLs, keys…). */
export function hanOutside(source: string, format: TextDocumentFormat): string {
  const skeleton = convertDocument(source, { format, transform: () => '', languages: null });
  return [...skeleton].filter((c) => /\p{Script=Han}/u.test(c)).join('');
}

/** The chunks of `source` cut at `cuts` (positions, any order). */
export function chunksOf(source: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => Math.min(c, source.length)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const cut of [...at, source.length]) {
    chunks.push(source.slice(from, cut));
    from = cut;
  }
  return chunks;
}

/** A document through a stream (convertDocumentStream), cut at `cuts` (positions, any order). */
export function pushInChunks(stream: { push(chunk: string): string; end(): string }, source: string, cuts: readonly number[]): string {
  let out = '';
  for (const chunk of chunksOf(source, cuts)) out += stream.push(chunk);
  return out + stream.end();
}

/** What a run gives: its result, or the FanjianError's code and message (anything else is thrown). */
export function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof FanjianError)) throw error;
    return `${error.code}: ${error.message}`;
  }
}
