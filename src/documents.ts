/**
 * The fanjian/documents entry: format-aware conversion (HTML, Markdown, JSON, YAML, subtitles, EPUB), platform-
 * neutral. A separate entry because its parsers take longer to load than the converter itself.
 */
export { convertDocument, detectFormat, type DocumentOptions } from './formats/document.js';
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
} from './formats/driver.js';
export * as htmlPolicy from './formats/html-policy.js';
export { QUOTE_STYLES, type QuoteStyle } from './formats/quotes.js';
