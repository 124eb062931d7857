/**
 * The format interface: how a document format tells the shared driver (driver.ts) which text in it is for people.
 *
 * Design, for whoever adds a format (Office, JSON Lines, CSV, a browser's live page):
 * - A format never converts text itself. A text format *extracts*: it parses the source and returns the ranges of
 *   human text (UTF-16 offsets into the source) grouped into paragraphs — the ranges that read as one text (a <p>
 *   split by <b> and <a>, a Markdown paragraph split by *emphasis*, a subtitle cue split by {\i1}, a Word paragraph
 *   split into runs, a spreadsheet cell). Everything outside the ranges is kept byte for byte.
 * - The driver converts each paragraph's text as one string, so phrases and one-to-many decisions see their
 *   context (软|件 → 軟|體 under s2twp, as in plain text), then puts each converted character back into the range
 *   it came from; a phrase whose conversion changes length goes into the range where it starts. It splices the
 *   ranges into the source and reports each change at its position in the source (for --explain).
 * - A paragraph may hold context segments: text read with the paragraph but never written, such as the character
 *   an entity (&#x4EF6;) stands for, or the line break between a subtitle cue's lines.
 * - Fixed edits (a lang attribute retagged, an encoding declaration corrected) are returned beside the paragraphs.
 * - A binary format (EPUB, Office) is a container: it opens itself and hands each inner text document to the
 *   driver through its context (convertText), so the same paragraph logic runs everywhere. zip.ts reads and
 *   writes zip containers safely (duplicate names refused, inflated sizes capped, untouched entries copied raw).
 * - Formats are registered in registry.ts (name, extensions, content sniffing, text or binary); convertDocument
 *   and the CLI ask the registry and never name a format.
 * - Parsers must be linear in the input and never recurse on the document's nesting (hostile documents): use an
 *   explicit stack, or stop at `limits.depth` with invalidDocument() naming the limit's option.
 *
 * The live-page converter (DOM) does not have a source string; it uses convertPieces() from driver.ts on the text
 * nodes of one block, and the HTML policy (html-policy.ts) to decide which nodes and attributes are text.
 */
import { FanjianError } from '../index.js';
import type { TextConverter } from './driver.js';
import type { LanguageRetag } from './language-tags.js';
import type { RecordConverter, RecordFormatOptions } from './records.js';
import type { Edit } from './splice.js';
export type { ByteSource } from './zip.js';
import type { ByteSource } from './zip.js';
import type { Utf8Pieces } from './driver.js';

/** Human text at source[start, end), converted in place. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** Text read as part of a paragraph but never written (a decoded entity, a line break); `at` places its notes. */
export interface ContextText {
  readonly context: string;
  readonly at?: number;
}

export type Segment = TextRange | ContextText;

/** Ranges, in document order, that are converted as one text. */
export interface Paragraph {
  readonly segments: readonly Segment[];
  /**
   * How --explain names it where the source's position says little (an Office part is one long line of XML):
   * "paragraph 12", "cell B3". Changes are then also reported by this name and their offset in its text.
   */
  readonly name?: string;
}

export interface Extraction {
  /** In any order; their ranges never overlap each other or the edits. */
  readonly paragraphs: readonly Paragraph[];
  /** Replacements that are not conversions (language tags, encoding declarations). */
  readonly edits: readonly Edit[];
}

/**
 * An extraction that hands each paragraph to `each` as soon as it ends, so that the driver converts it then and a
 * large document's paragraphs are never all held (Office parts); the paragraphs it returns are converted too.
 */
export type StreamedExtraction = (each: (paragraph: Paragraph) => void) => Extraction;

/** Bounds on what a hostile document can cost; each has a DocumentOptions.limits field and a CLI option. */
export interface DocumentLimits {
  /** Deepest nesting a recursive parser (Markdown, YAML) is given. */
  readonly depth: number;
  /** Largest inflated size of one entry of a zip container, in bytes. */
  readonly entrySize: number;
  /** Largest inflated size of all entries of a zip container together, in bytes. */
  readonly totalSize: number;
  /**
   * Longest YAML document (from one `---` to the next) held whole, in characters (UTF-16 units): the yaml package
   * takes about 65 times a document's size in memory, so the default (1 Mi) keeps the CLI's peak near 200 MB. A
   * stream of documents may be of any length.
   */
  readonly document: number;
}

export const DEFAULT_LIMITS: DocumentLimits = {
  depth: 1000,
  entrySize: 256 * 1024 * 1024,
  totalSize: 1024 * 1024 * 1024,
  document: 1024 * 1024,
};

/** How deep documents may be embedded in documents (a workbook in a chart in a document is 1). */
export const NESTED_DOCUMENTS = 4;

/** The option that raises each limit, for messages. */
export const LIMIT_OPTIONS: Readonly<Record<keyof DocumentLimits, string>> = {
  depth: 'limits.depth (CLI --max-depth)',
  entrySize: 'limits.entrySize (CLI --max-entry-size)',
  totalSize: 'limits.totalSize (CLI --max-inflated-size)',
  document: 'limits.document (CLI --max-document)',
};

export interface ExtractOptions {
  /** Rewrites language tags from the source locale to the target's (null: leave them). */
  readonly retag: LanguageRetag | null;
  /** The encoding label the output is saved in; a declaration of another encoding is rewritten (HTML, XML). */
  readonly charset?: string;
  readonly limits: DocumentLimits;
  /** Font names to rewrite (lower-case name → name) where a format names fonts (Office); absent: fonts are kept. */
  readonly fonts?: ReadonlyMap<string, string> | null;
}

interface FormatInfo {
  /** The name used in `format:` options and `--format`. */
  readonly name: string;
  /** Lower-case file extensions without the dot. */
  readonly extensions: readonly string[];
  /** One line for --help and the README. */
  readonly description: string;
}

export interface TextFormat extends FormatInfo {
  readonly binary: false;
  /** True when the start of a document (at most 4 KB) shows it is in this format beyond doubt. */
  sniff?(head: string): boolean;
  extract(source: string, options: ExtractOptions): Extraction;
  /**
   * Record formats (JSON Lines, CSV, TSV; records.ts) convert a record at a time instead of through extract() and
   * the driver: each chosen value is decoded, converted and written back in its record's own escaping (a JSON
   * string spelt \uXXXX, a CSV field with ""), which ranges of the source cannot express. convertDocument uses it
   * on the whole text, the CLI streams it in constant memory; their extract() refuses.
   */
  records?(convert: (text: string) => string, options: RecordFormatOptions): RecordConverter;
}

/**
 * A text format that can also convert a document as it is read, chunk by chunk, in memory bounded by its longest
 * paragraph whatever its size (HTML): the same output as extract() and the driver give. The CLI uses it for large
 * documents (through convertDocumentStream; internal for now, not part of the published TextFormat).
 */
export interface StreamingTextFormat extends TextFormat {
  stream(converter: TextConverter, options: ExtractOptions): DocumentStream;
}

export const isStreaming = (format: TextFormat): format is StreamingTextFormat =>
  typeof (format as Partial<StreamingTextFormat>).stream === 'function';

/** A document converted chunk by chunk: push() returns the output settled so far, end() the rest. */
export interface DocumentStream {
  push(chunk: string): string;
  end(): string;
}

export interface BinaryContext extends ExtractOptions {
  /**
   * Convert an inner text document through the driver (its paragraphs and edits); `entry` names it in the changes
   * reported to onChange (--explain).
   */
  convertText(source: string, extraction: Extraction, entry?: string): string;
  /**
   * convertText() of an XML part, UTF-8 encoded, without a converted copy of the whole text (large parts);
   * `byteLength` is the source's UTF-8 length. Null when nothing changes.
   */
  convertToUtf8(source: string, byteLength: number, extraction: Extraction | StreamedExtraction, entry?: string): Uint8Array | null;
  /** convertToUtf8() as consecutive pieces, each valid until the next is taken (a part deflated as it is encoded). */
  convertToUtf8Pieces(source: string, byteLength: number, extraction: Extraction | StreamedExtraction, entry?: string): Utf8Pieces | null;
  /** A registered text format, for inner documents (an EPUB's XHTML). */
  textFormat(name: string): TextFormat;
  /**
   * Convert a document embedded in this one (a chart's workbook, an embedded .docx/.xlsx/.pptx/.odt…) as a document
   * of its own, through the same limits: `inflation` is the container's counter, so that the nested zip's entries
   * count toward limits.totalSize; documents nested more than NESTED_DOCUMENTS deep are refused. Null when the
   * bytes are no document fanjian converts.
   */
  convertEmbedded(bytes: Uint8Array, entry: string, inflation: { inflated: number }): Uint8Array | null;
  /** The container's inflation counter when this document is itself embedded (see convertEmbedded). */
  readonly inflation?: { inflated: number };
}

export interface BinaryFormat extends FormatInfo {
  readonly binary: true;
  sniff?(head: Uint8Array): boolean;
  /**
   * The converted document, whole or as consecutive pieces (Office: unchanged zip entries as views of the input,
   * so that a writer streams them without assembling the document).
   */
  convert(bytes: Uint8Array | ByteSource, context: BinaryContext): Uint8Array | Iterable<Uint8Array>;
}

export type Format = TextFormat | BinaryFormat;

/** The error for a document that cannot be converted; nothing is converted. */
export function invalidDocument(message: string): FanjianError {
  return new FanjianError('INVALID_DOCUMENT', message);
}

/** The error for a document beyond a limit, naming the option that raises it. */
export function limitExceeded(what: string, limit: keyof DocumentLimits, value: number): FanjianError {
  const unit = limit === 'depth' ? ' levels' : limit === 'document' ? ' characters' : ' bytes';
  return invalidDocument(`${what} exceeds the limit of ${value}${unit}; ` +
    `nothing was converted (raise it with ${LIMIT_OPTIONS[limit]} if the document is trusted).`);
}

export function isContext(segment: Segment): segment is ContextText {
  return (segment as ContextText).context !== undefined;
}

/** A paragraph of one range. */
export function single(start: number, end: number): Paragraph {
  return { segments: [{ start, end }] };
}
