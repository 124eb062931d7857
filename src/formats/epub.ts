/**
 * EPUB: open the zip (zip.ts), convert the XHTML content documents, the NCX table of contents and the package
 * document's metadata, set dc:language, and write a valid EPUB again — mimetype first and stored, every other
 * entry in its original order, names unchanged; images, fonts, styles and every entry whose text did not change
 * are copied compressed as they were (byte-identical). Duplicate entry names, entries that inflate past the
 * limits, encrypted or damaged entries are refused with INVALID_DOCUMENT.
 */
import { invalidDocument, type BinaryContext, type BinaryFormat } from './format.js';
import { extractMarkup, type TextRules } from './html.js';
import { InflateBudget, readZip, writeZip, type ZipOutput } from './zip.js';

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

export function convertEpub(bytes: Uint8Array, context: BinaryContext): Uint8Array {
  const zip = readZip(bytes, 'EPUB');
  const budget = new InflateBudget(context.limits, 'EPUB');
  const mimetype = zip.byName.get('mimetype');
  if (!mimetype || text('mimetype', budget.inflate(mimetype)).trim() !== 'application/epub+zip') throw invalid('no "mimetype" entry saying application/epub+zip');
  const container = zip.byName.get('META-INF/container.xml');
  if (!container) throw invalid('no META-INF/container.xml');
  const rootfile = /full-path\s*=\s*["']([^"']+)["']/.exec(text('META-INF/container.xml', budget.inflate(container)))?.[1];
  if (!rootfile || !zip.byName.has(rootfile)) throw invalid(`the package document ${rootfile ?? '(unnamed)'} is missing`);

  const encoder = new TextEncoder();
  // mimetype first and stored, as EPUB requires; then the entries in their original order.
  const outputs: ZipOutput[] = [mimetype.method === 0 ? { entry: mimetype } : { entry: mimetype, data: budget.inflate(mimetype), compress: false }];
  for (const entry of zip.entries) {
    if (entry === mimetype) continue;
    const name = entry.name;
    const rules = name === rootfile ? OPF_RULES : /\.ncx$/i.test(name) ? NCX_RULES : CONTENT.test(name) ? null : undefined;
    if (rules === undefined || name.endsWith('/')) {
      outputs.push({ entry });
      continue;
    }
    const source = text(name, budget.inflate(entry));
    const extraction = extractMarkup(source, { retag: context.retag, limits: context.limits, xml: true, ...(rules ? { textRules: rules } : {}) });
    const converted = context.convertText(source, extraction);
    outputs.push(converted === source ? { entry } : { entry, data: encoder.encode(converted), compress: true });
  }
  return writeZip(outputs, 'EPUB');
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
