/**
 * The one place the CLI asks what format an input is and whether it is read as text or as bytes. Formats come
 * from the documents layer's registry: by extension, and by content for documents that are bytes (an Office file
 * or EPUB without its extension, or on standard input).
 */
import {
  detectFormat, isBinaryFormat as binaryInRegistry, sniffFormat, type BinaryDocumentFormat, type DocumentFormat,
} from '../node/documents.js';

export { describeFormat } from '../formats/registry.js';

/** The format of an input: the one asked for, or by extension under 'auto' (plain text when unknown). */
export function inputFormat(asked: DocumentFormat | 'auto', path: string | null): DocumentFormat {
  if (asked !== 'auto') return asked;
  return (path && detectFormat(path)) || 'text';
}

/**
 * The format of an input read as plain text, corrected by its first bytes: a zip the registry recognises (an Office
 * document, an EPUB) is converted as that document rather than refused as binary.
 */
export function formatByContent(format: DocumentFormat, sample: Uint8Array): DocumentFormat {
  if (format !== 'text') return format;
  const sniffed = sniffFormat(sample);
  return sniffed !== null && binaryInRegistry(sniffed) ? sniffed : format;
}

/** Formats converted as bytes (a zip container), not decoded as text. */
export function isBinaryFormat(format: DocumentFormat): format is BinaryDocumentFormat {
  return binaryInRegistry(format);
}
