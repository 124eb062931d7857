/**
 * convertDocument(): convert the human text of a document and nothing else — HTML, Markdown, JSON and YAML locale
 * files, SRT / WebVTT / ASS subtitles, EPUB — leaving every other byte as it was. Platform-neutral; the CLI picks
 * the format from the file extension (detectFormat).
 */
import {
  configInfo, createConverter, FanjianError, type ConversionSpec, type ConverterOptions, type LocaleCode,
} from '../index.js'; // the public API only: the documents bundle loads it from the main bundle
import { convertEpub } from './epub.js';
import { convertMarkup } from './html.js';
import { convertJson } from './json.js';
import { languageRetag } from './language-tags.js';
import { convertMarkdown } from './markdown.js';
import { convertMessage } from './placeholders.js';
import { convertQuotes, QUOTE_STYLES, type QuoteStyle } from './quotes.js';
import { convertAss, convertSrt, convertVtt } from './subtitles.js';
import { convertYaml } from './yaml.js';

export const DOCUMENT_FORMATS = ['text', 'html', 'xhtml', 'markdown', 'json', 'yaml', 'srt', 'vtt', 'ass', 'epub'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
export type TextDocumentFormat = Exclude<DocumentFormat, 'epub'>;

export interface DocumentOptions<F extends DocumentFormat = DocumentFormat> extends ConverterOptions {
  readonly format: F;
  /** The conversion: a configuration (with the converter options), or a converter, or any text transform. */
  readonly config?: ConversionSpec;
  readonly converter?: { convert(text: string): string };
  /** Replaces conversion, e.g. `(text) => repair(text, { to: 'tw' }).text`. */
  readonly transform?: (text: string) => string;
  /** Quotation marks in converted text: keep (default), cjk 「」, western “”. */
  readonly quotes?: QuoteStyle;
  /** Rewrite lang / xml:lang / dc:language from this locale to that (default: the configuration's). */
  readonly languages?: { readonly from: LocaleCode; readonly to: LocaleCode } | null;
  /**
   * HTML / XHTML: the encoding the result will be saved in (a label such as 'utf-8'); a <meta> or <?xml?>
   * declaration of another encoding is rewritten to it. Unset: declarations are left alone.
   */
  readonly charset?: string;
}

const EXTENSIONS: Readonly<Record<string, DocumentFormat>> = {
  txt: 'text', text: 'text',
  html: 'html', htm: 'html', xhtml: 'xhtml', xht: 'xhtml',
  md: 'markdown', markdown: 'markdown', mdx: 'markdown',
  json: 'json', jsonc: 'json', json5: 'json', arb: 'json',
  yaml: 'yaml', yml: 'yaml',
  srt: 'srt', vtt: 'vtt', ass: 'ass', ssa: 'ass',
  epub: 'epub',
};

/** The format of a file by its extension, or null when the extension is not one fanjian knows. */
export function detectFormat(path: string): DocumentFormat | null {
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  return extension ? EXTENSIONS[extension] ?? null : null;
}

export function isDocumentFormat(value: unknown): value is DocumentFormat {
  return typeof value === 'string' && (DOCUMENT_FORMATS as readonly string[]).includes(value);
}

function textConversion(options: DocumentOptions): (text: string) => string {
  const { transform, converter, config, format: _format, quotes: _quotes, languages: _languages, charset: _charset,
    ...converterOptions } = options;
  if (transform) return transform;
  if (converter) return (text) => converter.convert(text);
  if (config === undefined) {
    throw new FanjianError('INVALID_OPTION', 'convertDocument needs a config, a converter or a transform.');
  }
  const created = createConverter(config, converterOptions);
  return (text) => created.convert(text);
}

export function convertDocument(content: string, options: DocumentOptions<TextDocumentFormat>): string;
export function convertDocument(content: Uint8Array, options: DocumentOptions<'epub'>): Uint8Array;
export function convertDocument(content: string | Uint8Array, options: DocumentOptions): string | Uint8Array;
export function convertDocument(content: string | Uint8Array, options: DocumentOptions): string | Uint8Array {
  if (!isDocumentFormat(options?.format)) {
    throw new FanjianError('UNSUPPORTED_FORMAT',
      `Unknown document format ${JSON.stringify(options?.format)}. Valid formats: ${DOCUMENT_FORMATS.join(', ')}.`, { expected: DOCUMENT_FORMATS });
  }
  const quotes = options.quotes ?? 'keep';
  if (!(QUOTE_STYLES as readonly string[]).includes(quotes)) {
    throw new FanjianError('INVALID_OPTION', `Unknown quote style ${JSON.stringify(quotes)}. Valid: ${QUOTE_STYLES.join(', ')}.`, { expected: QUOTE_STYLES });
  }
  const base = textConversion(options);
  const convert = quotes === 'keep' ? base : (text: string) => convertQuotes(base(text), quotes);
  const convertValue = (text: string) => convertMessage(text, convert);
  const languages = options.languages !== undefined ? options.languages
    : options.config !== undefined ? configInfo(options.config) : null;
  const retag = languages ? languageRetag(languages.from, languages.to) : null;

  if (options.format === 'epub') {
    if (!(content instanceof Uint8Array)) throw new FanjianError('INVALID_OPTION', 'An EPUB is given as bytes (Uint8Array).');
    return convertEpub(content, { convert, retag });
  }
  if (typeof content !== 'string') throw new FanjianError('INVALID_OPTION', `A ${options.format} document is given as a string.`);
  switch (options.format) {
    case 'text':
      return convert(content);
    case 'html':
    case 'xhtml':
      return convertMarkup(content, {
        xml: options.format === 'xhtml', convert, retag, ...(options.charset !== undefined ? { charset: options.charset } : {}),
      });
    case 'markdown':
      return convertMarkdown(content, { convert, convertValue, retag });
    case 'json':
      return convertJson(content, convertValue);
    case 'yaml':
      return convertYaml(content, convertValue);
    case 'srt':
      return convertSrt(content, convert);
    case 'vtt':
      return convertVtt(content, convert);
    case 'ass':
      return convertAss(content, convert);
  }
}
