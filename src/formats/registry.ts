/**
 * The registry of document formats: every format fanjian converts, by name, extension and content. convertDocument
 * and the CLI ask it (formatNamed, formatOfPath, sniffFormat, isBinaryFormat) and never compare format names
 * themselves, so a new format is one module and one line here.
 */
import { FanjianError } from '../index.js';
import { csvFormat, tsvFormat } from './csv.js';
import { epubFormat } from './epub.js';
import type { BinaryFormat, Format, TextFormat } from './format.js';
import { htmlFormat, xhtmlFormat } from './html.js';
import { jsonFormat } from './json.js';
import { jsonlFormat } from './jsonl.js';
import { markdownFormat } from './markdown.js';
import { odpFormat, odsFormat, odtFormat } from './office/odf.js';
import { docxFormat, pptxFormat, xlsxFormat } from './office/ooxml.js';
import { assFormat, srtFormat, vttFormat } from './subtitles.js';
import { yamlFormat } from './yaml.js';
import { DOCUMENT_FORMATS, PLAIN_TEXT_EXTENSIONS, type BinaryDocumentFormat, type DocumentFormat } from './format-names.js';

/** Plain text: the whole document is one paragraph. */
export const textFormat: TextFormat = {
  name: 'text',
  binary: false,
  extensions: PLAIN_TEXT_EXTENSIONS,
  description: 'plain text: everything',
  extract: (source) => ({ paragraphs: source ? [{ segments: [{ start: 0, end: source.length }] }] : [], edits: [] }),
};

export {
  BINARY_DOCUMENT_FORMATS, DOCUMENT_FORMATS, TEXT_DOCUMENT_FORMATS, type BinaryDocumentFormat, type DocumentFormat, type TextDocumentFormat,
} from './format-names.js';

/** The formats, in sniffing order (more specific first). */
export const FORMATS: readonly Format[] = [
  epubFormat, docxFormat, xlsxFormat, pptxFormat, odtFormat, odsFormat, odpFormat, textFormat, xhtmlFormat, htmlFormat, markdownFormat, jsonFormat, yamlFormat, vttFormat, assFormat, srtFormat,
  jsonlFormat, csvFormat, tsvFormat,
];

const BY_NAME = new Map<string, Format>(FORMATS.map((f) => [f.name, f]));
const BY_EXTENSION = new Map<string, Format>(FORMATS.flatMap((f) => f.extensions.map((e) => [e, f] as const)));

const SPELLINGS: Readonly<Record<string, string>> = { text: 'plain text', markdown: 'Markdown', vtt: 'WebVTT', jsonl: 'JSON Lines' };

/**
 * A format named for messages with its article: "an HTML document", "a Markdown document", "an XLSX file". Acronyms
 * are read letter by letter (an HTML, an SRT) except JSON and YAML, which start with a consonant either way.
 */
export function describeFormat(name: string, noun: string): string {
  const spelled = SPELLINGS[name] ?? name.toUpperCase();
  const an = /^[A-Z]+$/.test(spelled) ? 'AEFHILMNORSX'.includes(spelled[0]!) : /^[aeiouAEIOU]/.test(spelled);
  return `${an ? 'an' : 'a'} ${spelled} ${noun}`;
}

export function isDocumentFormat(value: unknown): value is DocumentFormat {
  return typeof value === 'string' && BY_NAME.has(value);
}

/** The format of a name; UNSUPPORTED_FORMAT listing the valid names otherwise. */
export function formatNamed(name: unknown): Format {
  const format = typeof name === 'string' ? BY_NAME.get(name) : undefined;
  if (!format) {
    throw new FanjianError('UNSUPPORTED_FORMAT',
      `Unknown document format ${JSON.stringify(name)}. Valid formats: ${DOCUMENT_FORMATS.join(', ')}.`, { expected: DOCUMENT_FORMATS });
  }
  return format;
}

export function textFormatNamed(name: string): TextFormat {
  const format = formatNamed(name);
  if (format.binary) throw new FanjianError('UNSUPPORTED_FORMAT', `${name} is a binary format, not a text one.`);
  return format;
}

/** Whether documents of the format are bytes (a container) rather than text. */
export function isBinaryFormat(name: DocumentFormat): name is BinaryDocumentFormat {
  return formatNamed(name).binary;
}

/** The format of a file by its extension, or null when the extension is not one fanjian knows. */
export function formatOfPath(path: string): DocumentFormat | null {
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  return extension ? (BY_EXTENSION.get(extension)?.name as DocumentFormat | undefined) ?? null : null;
}

/**
 * The format a document's first bytes show beyond doubt (an EPUB's zip with its mimetype, <!DOCTYPE html>,
 * WEBVTT, [Script Info], an SRT cue), or null. Formats without a signature (Markdown, JSON, YAML, plain text) are
 * never guessed.
 */
export function sniffFormat(head: Uint8Array): DocumentFormat | null {
  for (const format of FORMATS) if (format.binary && format.sniff?.(head)) return format.name as DocumentFormat;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 4096));
  for (const format of FORMATS) if (!format.binary && format.sniff?.(text)) return format.name as DocumentFormat;
  return null;
}

export type { BinaryFormat, Format, TextFormat };
