/**
 * EPUB: open the zip (zip.ts), convert the XHTML content documents, the NCX table of contents and the package
 * document's metadata, set dc:language, and write the EPUB again — every entry in its original order (mimetype
 * first and stored, as the EPUB had it), names unchanged; images, fonts, styles and every entry whose text did not
 * change are copied compressed as they were (byte-identical). Duplicate entry names, names escaping the folder,
 * entries that inflate past the limits, encrypted or damaged entries are refused with INVALID_DOCUMENT.
 */
import { invalidDocument, limitExceeded, type BinaryContext, type BinaryFormat } from './format.js';
import { extractMarkup, type TextRules } from './html.js';
import { ZipArchive, type ByteSource, type EntryContent } from './zip.js';

const CONTENT = /\.(x?html?|xht)$/i;
/** OPF metadata whose text is not for people, or is handled specially. */
const OPF_SKIPPED = new Set(['identifier', 'date', 'format', 'type', 'source', 'rights']);

function invalid(message: string) {
  return invalidDocument(`Not a valid EPUB: ${message}; nothing was converted.`);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function text(name: string, bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw invalid(`${name} is not UTF-8`);
  }
}

/** The OPF's text rules: metadata text is converted (dc:language retagged); the manifest, spine and guide are not. */
const OPF_RULES: TextRules = {
  initial: 'skip',
  enter(element, parent) {
    if (element === 'metadata') return 'convert';
    if (parent === 'skip') return 'skip';
    if (element === 'language') return 'language';
    return OPF_SKIPPED.has(element) ? 'skip' : 'convert';
  },
};

/** The NCX's text rules: everything but its <head>. */
const NCX_RULES: TextRules = {
  initial: 'convert',
  enter: (element, parent) => (element === 'head' || parent === 'skip' ? 'skip' : 'convert'),
};

export function convertEpub(bytes: Uint8Array | ByteSource, context: BinaryContext): Iterable<Uint8Array> {
  const zip = ZipArchive.read(bytes, {
    limits: context.limits, invalid, tooLarge: limitExceeded, ...(context.inflation ? { counter: context.inflation } : {}),
  });
  const mimetype = zip.get('mimetype');
  if (!mimetype || text('mimetype', zip.read(mimetype)).trim() !== 'application/epub+zip') throw invalid('no "mimetype" entry saying application/epub+zip');
  const container = zip.get('META-INF/container.xml');
  if (!container) throw invalid('no META-INF/container.xml');
  const rootfile = /full-path\s*=\s*["']([^"']+)["']/.exec(text('META-INF/container.xml', zip.read(container)))?.[1];
  if (!rootfile || !zip.get(rootfile)) throw invalid(`the package document ${rootfile ?? '(unnamed)'} is missing`);

  const encoder = new TextEncoder();
  const replaced = new Map<string, EntryContent>();
  for (const entry of zip.entries) {
    const name = entry.name;
    const rules = name === rootfile ? OPF_RULES : /\.ncx$/i.test(name) ? NCX_RULES : CONTENT.test(name) ? null : undefined;
    if (rules === undefined || name.endsWith('/')) continue;
    const source = text(name, zip.read(entry));
    const extraction = extractMarkup(source, { retag: context.retag, limits: context.limits, xml: true, ...(rules ? { textRules: rules } : {}) });
    const converted = context.convertText(source, extraction, name);
    if (converted !== source) replaced.set(name, zip.encode(entry, encoder.encode(converted)));
  }
  // Entries in their original order (mimetype first and stored, as an EPUB has it), unchanged ones copied raw.
  return zip.pieces(replaced);
}

export const epubFormat: BinaryFormat = {
  name: 'epub',
  binary: true,
  extensions: ['epub'],
  description: 'EPUB e-books: chapters, tables of contents, metadata',
  // A zip whose first entry is "mimetype" holding application/epub+zip, stored (as EPUB requires).
  sniff: (head) => head.length >= 58 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4 &&
    new TextDecoder().decode(head.subarray(30, 58)) === 'mimetypeapplication/epub+zip',
  convert: (bytes, context) => convertEpub(bytes, context),
};
