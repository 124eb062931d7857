/**
 * Checking that a format converts only human text: the document is converted once with a transform that wraps
 * whatever it is given in sentinels. Removing the sentinels must give the original back byte for byte (nothing
 * else was touched), the wrapped pieces are exactly what was handed to the converter, and replacing each piece by
 * its conversion must give the real output. (Language tags are checked separately: `languages: null` here.)
 */
import { expect } from 'vitest';
import { convertDocument, type TextDocumentFormat } from '../../src/node/documents.js';
import { convert, type ConfigName } from '../../src/node/index.js';

const OPEN = '\u{F0000}', CLOSE = '\u{F0001}';
const PIECE = new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'gu');

export interface Checked {
  /** The pieces handed to the converter, in order. */
  readonly pieces: string[];
  /** The converted document. */
  readonly output: string;
}

export function convertChecked(source: string, format: TextDocumentFormat, config: ConfigName): Checked {
  const marked = convertDocument(source, { format, config, languages: null, transform: (t) => `${OPEN}${t}${CLOSE}` });
  expect(marked.replaceAll(OPEN, '').replaceAll(CLOSE, '')).toBe(source);
  const pieces = [...marked.matchAll(PIECE)].map((m) => m[1]!);
  const output = convertDocument(source, { format, config, languages: null });
  expect(output).toBe(marked.replace(PIECE, (_, piece: string) => convert(piece, config)));
  return { pieces, output };
}

/** The Han characters never handed to the converter (those must be code, URLs, keys…). */
export function hanOutside(source: string, format: TextDocumentFormat): string {
  const skeleton = convertDocument(source, { format, transform: () => '', languages: null });
  return [...skeleton].filter((c) => /\p{Script=Han}/u.test(c)).join('');
}
