/**
 * The fanjian/documents entry: format-aware conversion (HTML, Markdown, JSON, YAML, subtitles, EPUB), platform-
 * neutral. A separate entry because its parsers take longer to load than the converter itself.
 */
export { convertDocument, convertDocumentPieces, detectFormat, type DocumentOptions } from './formats/document.js';
export type { ByteSource } from './formats/zip.js';
export {
  BINARY_DOCUMENT_FORMATS,
  DOCUMENT_FORMATS,
  FORMATS,
  formatNamed,
  formatOfPath,
  isBinaryFormat,
  isDocumentFormat,
  sniffFormat,
  TEXT_DOCUMENT_FORMATS,
  textFormatNamed,
  type BinaryDocumentFormat,
  type DocumentFormat,
  type TextDocumentFormat,
} from './formats/registry.js';
export {
  DEFAULT_LIMITS,
  type BinaryContext,
  type BinaryFormat,
  type ContextText,
  type DocumentLimits,
  type Extraction,
  type ExtractOptions,
  type Format,
  type Paragraph,
  type Segment,
  type TextFormat,
  type TextRange,
} from './formats/format.js';
export {
  convertPieces,
  convertSource,
  type ConvertedText,
  type PiecesResult,
  type TextChange,
  type TextConverter,
  type Utf8Pieces,
} from './formats/driver.js';
export * as htmlPolicy from './formats/html-policy.js';
export { convertQuotes, QUOTE_STYLES, type QuoteStyle } from './formats/quotes.js';
export {
  batchConvert, convertRecords, recordStream, type RecordConverter, type RecordFormatOptions, type RecordOptions,
} from './formats/records.js';
export { jsonlConverter, type JsonlOptions } from './formats/jsonl.js';
export { csvConverter, type CsvOptions } from './formats/csv.js';
