/**
 * The fanjian/documents entry: format-aware conversion (HTML, Markdown, JSON, YAML, subtitles, EPUB), platform-
 * neutral. A separate entry because its parsers take longer to load than the converter itself.
 */
export {
  convertDocument,
  detectFormat,
  DOCUMENT_FORMATS,
  type DocumentFormat,
  type DocumentOptions,
  type TextDocumentFormat,
} from './formats/document.js';
export { QUOTE_STYLES, type QuoteStyle } from './formats/quotes.js';
