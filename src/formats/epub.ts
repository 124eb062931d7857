/**
 * EPUB: open the zip (fflate), convert the XHTML content documents, the NCX table of contents and the package
 * document's metadata, set dc:language, and write a valid EPUB again — mimetype first and stored, every other
 * entry in its original order, names unchanged, images, fonts, styles and all other entries byte-identical.
 */
import { unzipSync, zipSync, type UnzipFileInfo, type ZipOptions } from 'fflate';
import { FanjianError } from '../index.js';
import type { BinaryContext, BinaryFormat } from './format.js';
import { extractMarkup, type TextRules } from './html.js';

const CONTENT = /\.(x?html?|xht)$/i;
/** OPF metadata whose text is not for people, or is handled specially. */
const OPF_SKIPPED = new Set(['identifier', 'date', 'format', 'type', 'source', 'rights']);
/** Already compressed: stored again rather than deflated a second time. */
const STORED = /\.(jpe?g|png|gif|webp|woff2?|otf|ttf|mp3|mp4|m4a|ogg|zip)$/i;

function invalid(message: string): FanjianError {
  return new FanjianError('INVALID_DOCUMENT', `Not a valid EPUB: ${message}; nothing was converted.`);
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

export function convertEpub(bytes: Uint8Array, options: BinaryContext): Uint8Array {
  const order: UnzipFileInfo[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (file) => (order.push(file), true) });
  } catch (error) {
    throw invalid(`the zip cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const mimetype = entries['mimetype'];
  if (!mimetype || text('mimetype', mimetype).trim() !== 'application/epub+zip') throw invalid('no "mimetype" entry saying application/epub+zip');
  const container = entries['META-INF/container.xml'];
  if (!container) throw invalid('no META-INF/container.xml');
  const rootfile = /full-path\s*=\s*["']([^"']+)["']/.exec(text('META-INF/container.xml', container))?.[1];
  if (!rootfile || !entries[rootfile]) throw invalid(`the package document ${rootfile ?? '(unnamed)'} is missing`);

  const converted: Record<string, Uint8Array> = {};
  const encode = (value: string) => new TextEncoder().encode(value);
  for (const { name } of order) {
    const data = entries[name]!;
    const rules = name === rootfile ? OPF_RULES : /\.ncx$/i.test(name) ? NCX_RULES : CONTENT.test(name) ? null : undefined;
    if (rules !== undefined) {
      const source = text(name, data);
      const extraction = extractMarkup(source, { retag: options.retag, limits: options.limits, xml: true, ...(rules ? { textRules: rules } : {}) });
      converted[name] = encode(options.convertText(source, extraction));
    } else {
      converted[name] = data;
    }
  }
  // mimetype first and stored, as EPUB requires; then the entries in their original order.
  const files: Record<string, [Uint8Array, ZipOptions]> = { mimetype: [mimetype, { level: 0 }] };
  for (const { name } of order) {
    if (name === 'mimetype') continue;
    files[name] = [converted[name]!, { level: STORED.test(name) ? 0 : 6 }];
  }
  return zipSync(files);
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
