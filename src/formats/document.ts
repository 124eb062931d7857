/**
 * convertDocument(): convert the human text of a document and nothing else — HTML, Markdown, JSON and YAML locale
 * files, SRT / WebVTT / ASS subtitles, EPUB — leaving every other byte as it was. Platform-neutral; the formats are
 * in the registry (registry.ts), the conversion of their text in the driver (driver.ts).
 */
import {
  configInfo, createConverter, FanjianError, type ConversionSpec, type ConverterOptions, type ExplainSpan, type LocaleCode,
} from '../index.js'; // the public API only: the documents bundle loads it from the main bundle
import { changesFrom, convertSource, convertSourceToUtf8, convertSourceToUtf8Pieces, type ChangeObserver, type ConvertedText, type TextChange, type TextConverter } from './driver.js';
import {
  DEFAULT_LIMITS, invalidDocument, isStreaming, NESTED_DOCUMENTS, type BinaryContext, type BinaryFormat, type DocumentLimits, type DocumentStream,
  type ExtractOptions,
} from './format.js';
import { languageRetag } from './language-tags.js';
import { fontMap } from './office/fonts.js';
import { convertQuotes, QUOTE_STYLES, type QuoteStyle } from './quotes.js';
import { concat, type ByteSource } from './zip.js';
import { batchConvert, convertRecords, type RecordFormatOptions } from './records.js';
import {
  formatNamed, formatOfPath, isBinaryFormat, sniffFormat, textFormatNamed, type BinaryDocumentFormat, type DocumentFormat,
  type TextDocumentFormat,
} from './registry.js';

export interface DocumentOptions<F extends DocumentFormat = DocumentFormat> extends ConverterOptions {
  readonly format: F;
  /** The conversion: a configuration (with the converter options), or a converter, or any text transform. */
  readonly config?: ConversionSpec;
  /**
   * A converter: fanjian's (its explain() places converted text exactly across markup), or any object with
   * convert(), optionally with changes() reporting what changed where (see TextConverter).
   */
  readonly converter?: {
    convert(text: string): string;
    explain?(text: string): readonly ExplainSpan[];
    changes?(text: string): ConvertedText;
    /** Many texts in one call, each exactly as convert() would (see TextConverter.convertMany): faster documents. */
    convertMany?(texts: readonly string[]): string[];
  };
  /**
   * Replaces conversion, e.g. `(text) => repair(text, { to: 'tw' }).text`. It receives whole paragraphs; when a
   * paragraph spans markup and its output has another length, it is called again on each piece.
   */
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
  /**
   * Office documents: East Asian font names follow the target (`true`: the built-in mapping, SimSun ↔ PMingLiU,
   * Microsoft YaHei ↔ Microsoft JhengHei…, see README), or a mapping of one's own ({ 'SimSun': 'MingLiU' }).
   * Default: fonts are kept.
   */
  readonly fonts?: boolean | Readonly<Record<string, string>>;
  /** Bounds for hostile documents (nesting depth, inflated zip sizes); see DocumentLimits for the defaults. */
  readonly limits?: Partial<DocumentLimits>;
  /**
   * Told every change with its UTF-16 position in the document (for --explain); in a binary document, with the
   * entry (zip part) it is in and, for Office, the paragraph or cell and the offset in its text.
   */
  readonly onChange?: (change: TextChange) => void;
  /**
   * Record formats (jsonl, csv, tsv): which values to convert (`fields` JSON paths, `columns` names or 1-based
   * numbers; default all) and whether a malformed record is copied unchanged (`lenient`, told to `onWarning`)
   * instead of failing. onChange is not told about record formats' changes.
   */
  readonly records?: RecordFormatOptions;
}

/** The format of a file by its extension, or null when the extension is not one fanjian knows. */
export function detectFormat(path: string): DocumentFormat | null {
  return formatOfPath(path);
}

function baseConverter(options: DocumentOptions): TextConverter {
  const { transform, converter, config, format: _format, quotes: _quotes, languages: _languages, charset: _charset,
    limits: _limits, onChange: _onChange, fonts: _fonts, records: _records, ...converterOptions } = options;
  if (transform) return { convert: transform };
  const chosen: DocumentOptions['converter'] = converter ?? (config !== undefined ? createConverter(config, converterOptions) : undefined);
  if (!chosen) throw new FanjianError('INVALID_OPTION', 'convertDocument needs a config, a converter or a transform.');
  const convert = (text: string) => chosen.convert(text);
  // A converter made here converts many texts in one call, exactly unless a user entry holds the separator.
  const exact = ![...(converterOptions.dictionaries ?? []), ...(converterOptions.protect ?? [])]
    .some((entry) => JSON.stringify(entry).includes('\uffff'));
  const convertMany = chosen.convertMany ? (texts: readonly string[]) => chosen.convertMany!(texts)
    : converter === undefined ? batchConvert(convert, exact) : undefined;
  // fanjian's converters (and the CLI's) also convert a paragraph once with its pieces' boundaries (driver.ts).
  const convertCut = (chosen as Pick<TextConverter, 'convertCut'>).convertCut;
  const many = {
    ...(convertMany ? { convertMany } : {}),
    ...(convertCut ? { convertCut: convertCut.bind(chosen) } : {}),
  };
  if (chosen.changes) return { convert, changes: (text) => chosen.changes!(text), ...many };
  if (chosen.explain) return { convert, changes: changesFrom((text) => chosen.explain!(text)), ...many };
  return { convert, ...many };
}

function withQuotes(base: TextConverter, quotes: QuoteStyle): TextConverter {
  if (quotes === 'keep') return base;
  // Quote marks map one to one, so the changes' positions stay true.
  return {
    convert: (text) => convertQuotes(base.convert(text), quotes),
    ...(base.convertMany ? { convertMany: (texts: readonly string[]) => base.convertMany!(texts).map((text) => convertQuotes(text, quotes)) } : {}),
    ...(base.convertCut ? {
      convertCut: (texts: readonly string[], cuts: Int32Array, starts: Int32Array) => {
        const result = base.convertCut!(texts, cuts, starts);
        return result && { ...result, texts: result.texts.map((text) => convertQuotes(text, quotes)) };
      },
    } : {}),
    ...(base.changes ? {
      changes: (text: string) => {
        const result = base.changes!(text);
        return { text: convertQuotes(result.text, quotes), changes: result.changes };
      },
    } : {}),
  };
}

function limitsOf(given: Partial<DocumentLimits> | undefined): DocumentLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof DocumentLimits)[]) {
    const value = given?.[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) {
      throw new FanjianError('INVALID_OPTION', `limits.${key} must be a positive number (got ${JSON.stringify(value)}).`);
    }
    limits[key] = value;
  }
  return limits;
}

/**
 * The context a binary format converts with. `prefix` names the embedding entries of a nested document
 * (`word/embeddings/Sheet.xlsx:` before `xl/sharedStrings.xml`), `nesting` counts them.
 */
function binaryContext(extract: ExtractOptions, converter: TextConverter, onChange: ChangeObserver | undefined, prefix: string,
  nesting: number, inflation?: { inflated: number }): BinaryContext {
  const observe = (entry: string | undefined): ChangeObserver | undefined =>
    onChange && entry !== undefined ? (change) => onChange({ ...change, entry: prefix + entry }) : undefined;
  return {
    ...extract,
    ...(inflation ? { inflation } : {}),
    convertText: (source, extraction, entry) => convertSource(source, extraction, converter, byLine(source, observe(entry))),
    convertToUtf8: (source, byteLength, extraction, entry) =>
      convertSourceToUtf8(source, byteLength, extraction, converter, observe(entry)),
    convertToUtf8Pieces: (source, byteLength, extraction, entry) =>
      convertSourceToUtf8Pieces(source, byteLength, extraction, converter, observe(entry)),
    textFormat: textFormatNamed,
    convertEmbedded(bytes, entry, counter) {
      const name = sniffFormat(bytes.subarray(0, 64 * 1024));
      if (name === null || !isBinaryFormat(name)) return null;
      const where = `${prefix}${entry}`;
      if (nesting + 1 > NESTED_DOCUMENTS) {
        throw invalidDocument(`The embedded document ${where} holds documents nested more than ${NESTED_DOCUMENTS} deep; nothing was converted.`);
      }
      const inner = binaryContext(extract, converter, onChange, `${where}:`, nesting + 1, counter);
      try {
        const converted = (formatNamed(name) as BinaryFormat).convert(bytes, inner);
        return converted instanceof Uint8Array ? converted : concat([...converted]);
      } catch (error) {
        // The inner error names the inner part; say which embedded document it is in.
        if (error instanceof FanjianError && !error.message.startsWith('In the embedded document')) {
          throw new FanjianError(error.code, `In the embedded document ${where}: ${error.message}`);
        }
        throw error;
      }
    },
  };
}

/**
 * A text entry of a container (an EPUB's chapter) is a file one opens by line: its changes without a paragraph name
 * are named by line, with the column in that line as the offset (--explain: `book.epub:ch1.xhtml:line 3:19`).
 */
function byLine(source: string, observe: ChangeObserver | undefined): ChangeObserver | undefined {
  if (!observe) return undefined;
  let line = 0, lineStart = 0, at = 0;
  return (change) => {
    if (change.paragraph !== undefined) return observe(change);
    if (change.index < at) line = 0, lineStart = 0, at = 0; // changes come in order; restart if not
    for (; at < change.index; at++) {
      if (source.charCodeAt(at) === 10) line++, lineStart = at + 1;
    }
    observe({ ...change, paragraph: `line ${line + 1}`, offset: change.index - lineStart });
  };
}

export function convertDocument(content: string, options: DocumentOptions<TextDocumentFormat>): string;
export function convertDocument(content: Uint8Array, options: DocumentOptions<BinaryDocumentFormat>): Uint8Array;
export function convertDocument(content: string | Uint8Array, options: DocumentOptions): string | Uint8Array;
export function convertDocument(content: string | Uint8Array, options: DocumentOptions): string | Uint8Array {
  const converted = convertAny(content, options);
  return typeof converted === 'string' || converted instanceof Uint8Array ? converted : concat([...converted]);
}

/**
 * convertDocument() of a binary document (Office, EPUB), as the consecutive pieces of the result: the zip entries
 * that do not change are views of `content`, so a writer can stream the result without assembling it (the CLI
 * does: a large Office file then costs its own size and about one converted part, not two copies).
 */
export function convertDocumentPieces(content: Uint8Array, options: DocumentOptions<BinaryDocumentFormat>): Uint8Array[];
/**
 * From a ByteSource (random access, e.g. a file read by offset): the document is never held whole. Every part that
 * holds text is converted before this returns (a document that cannot be converted throws here, before anything is
 * written); the unchanged entries are read from the source only as the pieces are iterated, once.
 */
export function convertDocumentPieces(content: ByteSource, options: DocumentOptions<BinaryDocumentFormat>): Iterable<Uint8Array>;
export function convertDocumentPieces(content: Uint8Array | ByteSource, options: DocumentOptions<BinaryDocumentFormat>): Iterable<Uint8Array> {
  if (!formatNamed(options?.format).binary) throw new FanjianError('INVALID_OPTION', 'convertDocumentPieces converts binary formats (Office, EPUB).');
  const converted = convertAny(content, options) as Uint8Array | Iterable<Uint8Array>;
  if (converted instanceof Uint8Array) return [converted];
  return content instanceof Uint8Array ? [...converted] : converted;
}

/** The converter and extraction options of a conversion. */
function setUp(options: DocumentOptions): { converter: TextConverter; extract: ExtractOptions } {
  const quotes = options.quotes ?? 'keep';
  if (!(QUOTE_STYLES as readonly string[]).includes(quotes)) {
    throw new FanjianError('INVALID_OPTION', `Unknown quote style ${JSON.stringify(quotes)}. Valid: ${QUOTE_STYLES.join(', ')}.`, { expected: QUOTE_STYLES });
  }
  const converter = withQuotes(baseConverter(options), quotes);
  const languages = options.languages !== undefined ? options.languages
    : options.config !== undefined ? configInfo(options.config) : null;
  const extract = {
    retag: languages ? languageRetag(languages.from, languages.to) : null,
    limits: limitsOf(options.limits),
    fonts: fontMap(options.fonts, languages?.to ?? null),
    ...(options.charset !== undefined ? { charset: options.charset } : {}),
  };
  return { converter, extract };
}

/**
 * convertDocument() chunk by chunk, for a text format that converts as it reads (the format's stream(); HTML), in
 * memory bounded by the longest paragraph; null for formats that need the whole document. onChange is not told.
 */
export function convertDocumentStream(options: DocumentOptions<TextDocumentFormat>): DocumentStream | null {
  const format = formatNamed(options?.format);
  if (format.binary || !isStreaming(format)) return null;
  const { converter, extract } = setUp(options);
  return format.stream(converter, extract);
}

function convertAny(content: string | Uint8Array | ByteSource, options: DocumentOptions): string | Uint8Array | Iterable<Uint8Array> {
  const format = formatNamed(options?.format);
  const { converter, extract } = setUp(options);
  const onChange = options.onChange;
  if (format.binary) {
    if (typeof content === 'string') throw new FanjianError('INVALID_OPTION', `A ${format.name} document is given as bytes (Uint8Array).`);
    return format.convert(content, binaryContext(extract, converter, onChange ? (change) => onChange(change) : undefined, '', 0));
  }
  if (typeof content !== 'string') throw new FanjianError('INVALID_OPTION', `A ${format.name} document is given as a string.`);
  if (format.records) return convertRecords(format.records((text) => converter.convert(text), options.records ?? {}), content);
  return convertSource(content, format.extract(content, extract), converter, onChange);
}
