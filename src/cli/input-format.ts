/**
 * The one place the CLI asks what format an input is and whether it is read as text or as bytes. Formats come
 * from the documents layer's registry: by extension, and by content for documents that are bytes (an Office file
 * or EPUB without its extension, or on standard input). Plain text is told without the registry, which is loaded
 * (documents-layer.ts) only for an input that may be something else: an extension other than plain text's, or
 * first bytes that open a zip (every binary document format is a zip).
 */
import { PLAIN_TEXT_EXTENSIONS, type BinaryDocumentFormat, type DocumentFormat } from '../formats/format-names.js';
import { documents, loadDocuments } from './documents-layer.js';

function extensionOf(path: string): string | null {
  return /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase() ?? null;
}

/** Whether the format of `path` is known without the registry: asked for, or plain text by its extension (or none). */
function knownWithoutRegistry(asked: DocumentFormat | 'auto', path: string | null): boolean {
  if (asked !== 'auto' || path === null) return true;
  const extension = extensionOf(path);
  return extension === null || PLAIN_TEXT_EXTENSIONS.includes(extension);
}

/** Load the registry if one of the paths needs it to tell its format (see inputFormat). */
export async function loadFormatsFor(asked: DocumentFormat | 'auto', paths: Iterable<string | null>): Promise<void> {
  for (const path of paths) {
    if (!knownWithoutRegistry(asked, path)) {
      await loadDocuments();
      return;
    }
  }
}

/**
 * The format of an input: the one asked for, or by extension under 'auto' (plain text when unknown). An extension
 * other than plain text's needs the registry loaded first (loadFormatsFor).
 */
export function inputFormat(asked: DocumentFormat | 'auto', path: string | null): DocumentFormat {
  if (knownWithoutRegistry(asked, path)) return asked === 'auto' ? 'text' : asked;
  return documents().detectFormat(path!) || 'text';
}

/** The first bytes of a zip archive's local file header ("PK\3\4"). */
function isZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
}

/**
 * The format of an input read as plain text, corrected by its first bytes: a zip the registry recognises (an Office
 * document, an EPUB) is converted as that document rather than refused as binary. Any format other than plain
 * text has the documents layer loaded once this resolves.
 */
export async function formatByContent(format: DocumentFormat, sample: Uint8Array): Promise<DocumentFormat> {
  if (format === 'text' && !isZip(sample)) return format;
  const registry = await loadDocuments();
  if (format !== 'text') return format;
  const sniffed = registry.sniffFormat(sample);
  return sniffed !== null && registry.isBinaryFormat(sniffed) ? sniffed : format;
}

/** Formats converted as bytes (a zip container), not decoded as text. */
export function isBinaryFormat(format: DocumentFormat): format is BinaryDocumentFormat {
  return format !== 'text' && documents().isBinaryFormat(format);
}

/** "an HTML document", "a Markdown document": a format named for messages (see the registry). */
export function describeFormat(name: DocumentFormat, noun: string): string {
  return name === 'text' ? `a plain text ${noun}` : documents().describeFormat(name, noun);
}
