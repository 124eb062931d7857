/**
 * The one place the CLI asks what format an input is and whether it is read as text or as bytes. Formats come
 * from the documents layer; adding a format there (or a registry with content sniffing) plugs in here.
 */
import { detectFormat, isBinaryFormat as binary, type BinaryDocumentFormat, type DocumentFormat } from '../node/documents.js';

/** The format of an input: the one asked for, or by extension under 'auto' (plain text when unknown). */
export function inputFormat(asked: DocumentFormat | 'auto', path: string | null): DocumentFormat {
  if (asked !== 'auto') return asked;
  return (path && detectFormat(path)) || 'text';
}

/** Formats converted as bytes (a zip container), not decoded as text. */
export function isBinaryFormat(format: DocumentFormat): format is BinaryDocumentFormat {
  return binary(format);
}
