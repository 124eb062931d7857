/**
 * What Office Open XML and OpenDocument share: a zip of XML parts. Opening one refuses, with the reason and the
 * fix, what is not such a zip: an encrypted Office document or a legacy .doc/.xls/.ppt (both OLE compound files),
 * a damaged or hostile zip (see zip.ts). Converting one runs the parts that hold text through the shared driver
 * and writes the zip again with every other entry copied raw.
 */
import { FanjianError } from '../../index.js';
import {
  invalidDocument, limitExceeded, type BinaryContext, type BinaryFormat, type DocumentLimits, type Extraction, type Paragraph,
} from '../format.js';
import { arraySource, ZipArchive, type ByteSource, type EntryContent } from '../zip.js';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isOleFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && OLE_MAGIC.every((b, i) => bytes[i] === b);
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Whether the UTF-16LE form of `name` (an OLE directory entry name) occurs in the bytes. */
function hasStream(bytes: Uint8Array, name: string): boolean {
  const first = name.charCodeAt(0);
  outer: for (let at = bytes.indexOf(first); at >= 0 && at + name.length * 2 <= bytes.length; at = bytes.indexOf(first, at + 1)) {
    for (let i = 0; i < name.length; i++) {
      if (bytes[at + 2 * i] !== name.charCodeAt(i) || bytes[at + 2 * i + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}

/** The reason an OLE compound file cannot be converted, with the fix. */
function oleReason(bytes: Uint8Array, kind: string): string {
  if (hasStream(bytes, 'EncryptedPackage')) {
    return `it is an encrypted (password-protected) ${kind}, which fanjian cannot read; remove the password ` +
      '(Office: File › Info › Protect › Encrypt with Password, clear it), save, and convert that';
  }
  const legacy = hasStream(bytes, 'WordDocument') ? ['a Word 97–2003 document (.doc)', 'docx']
    : hasStream(bytes, 'Workbook') || hasStream(bytes, 'Book') ? ['an Excel 97–2003 workbook (.xls)', 'xlsx']
    : hasStream(bytes, 'PowerPoint Document') ? ['a PowerPoint 97–2003 presentation (.ppt)', 'pptx']
    : null;
  if (legacy) {
    return `it is ${legacy[0]}, a legacy binary format fanjian does not convert; save it as .${legacy[1]} ` +
      `(Office: File › Save As, or soffice --headless --convert-to ${legacy[1]}) and convert that`;
  }
  return `it is an OLE compound file (a legacy or encrypted Office file), not a ${kind}`;
}

export interface OfficeContainer {
  readonly archive: ZipArchive;
  /** The error for a broken part of this document. */
  readonly invalid: (reason: string) => FanjianError;
}

/** Open an Office zip, or refuse it with the reason (`kind` names the format in messages, e.g. "DOCX"). */
export function openContainer(input: Uint8Array | ByteSource, kind: string, limits: DocumentLimits,
  inflation?: { inflated: number }): OfficeContainer {
  const invalid = (reason: string) => invalidDocument(`Not a valid ${kind}: ${reason}; nothing was converted.`);
  const source = input instanceof Uint8Array ? arraySource(input) : input;
  const bytes = source.read(0, Math.min(source.size, 512));
  if (isOleFile(bytes)) {
    // Refused either way; its stream names are looked for in its first 64 MB (where an OLE directory sits).
    throw invalidDocument(`Cannot convert it: ${oleReason(source.read(0, Math.min(source.size, 64 << 20)), kind)}. Nothing was converted.`);
  }
  if (!isZip(bytes)) {
    // Word saves RTF and HTML under .doc too: say what it is, and how to convert it.
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
    if (head.startsWith('{\\rtf')) throw invalid('it is an RTF document, which fanjian does not convert; save it as .docx');
    if (/^(\u00ef\u00bb\u00bf)?(<!doctype html|<html|<\?xml)/.test(head)) throw invalid('it is an HTML or XML text file; convert it with --format html (or xhtml)');
    throw invalid('it is not a zip container (an Office document is a zip of XML parts)');
  }
  const archive = ZipArchive.read(source, {
    limits,
    ...(inflation ? { counter: inflation } : {}),
    invalid,
    tooLarge: (what, limit, value) => limitExceeded(`${kind} ${what}`, limit, value),
  });
  return { archive, invalid };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of an XML part; parts in another encoding than UTF-8 are refused by name. */
export function partText(container: OfficeContainer, name: string): string {
  return partSource(container, name).text;
}

/** The text of an XML part and its length in bytes; the inflated bytes are not kept. */
function partSource(container: OfficeContainer, name: string): { readonly text: string; readonly byteLength: number } {
  const entry = container.archive.get(name);
  if (!entry) throw container.invalid(`the part ${name} is missing`);
  const bytes = container.archive.read(entry);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw container.invalid(`the part ${name} is UTF-16, which fanjian does not rewrite`);
  }
  try {
    return { text: utf8.decode(bytes), byteLength: bytes.length };
  } catch {
    throw container.invalid(`the part ${name} is not UTF-8`);
  }
}

/**
 * Convert the named parts (each with its extraction) and write the document again, as pieces (unchanged entries
 * are views of the input); a part whose text does not change keeps its original bytes. One part at a time, and
 * only its compressed result is kept: the inflated bytes, the text and the converted bytes are dropped as soon as
 * the next step has what it needs, so memory holds the input and about one part.
 */
export function convertParts(container: OfficeContainer, parts: readonly string[], context: BinaryContext,
  extract: (name: string, source: string, each: (paragraph: Paragraph) => void) => Extraction): Iterable<Uint8Array> {
  const replaced = new Map<string, EntryContent>();
  // Embedded documents (a chart's workbook, word/embeddings/Microsoft_Excel_Worksheet.xlsx; an embedded .docx…):
  // converted as documents of their own, so that editing the chart's data in Office does not bring the
  // unconverted text back. One that does not change keeps its original bytes.
  const { archive } = container;
  for (const entry of archive.entries) {
    if (!EMBEDDED.test(entry.name)) continue;
    const bytes = archive.read(entry);
    const converted = context.convertEmbedded(bytes, entry.name, archive.inflation);
    if (converted !== null && !sameBytes(converted, bytes)) replaced.set(entry.name, archive.encode(entry, converted));
  }
  for (const name of parts) {
    const { text, byteLength } = partSource(container, name);
    const converted = context.convertToUtf8Pieces(text, byteLength, (each) => extract(name, text, each), name);
    if (converted !== null) replaced.set(name, container.archive.encodePieces(container.archive.get(name)!, converted.size, converted.pieces));
  }
  return container.archive.pieces(replaced);
}

/** Entries that hold an embedded Office document (Office names them …/embeddings/Microsoft_Excel_Worksheet1.xlsx). */
const EMBEDDED = /\/embeddings\/[^/]+\.(docx|docm|dotx|xlsx|xlsm|xltx|pptx|pptm|potx|ppsx|odt|ods|odp)$/i;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A registry entry for one kind of Office document, recognised by `sniff` and converted by `convert`. */
export function officeFormat<K extends string>(name: K, extensions: readonly string[], description: string,
  sniff: (head: Uint8Array) => K | null, convert: (bytes: Uint8Array | ByteSource, context: BinaryContext, kind: K) => Iterable<Uint8Array>): BinaryFormat {
  return {
    name,
    extensions,
    description,
    binary: true,
    sniff: (head) => sniff(head) === name,
    convert: (bytes, context) => convert(bytes, context, name),
  };
}
