/**
 * What a command does to the text of each input, described by a plain object (TransformSpec) so that worker
 * threads can rebuild it. A new kind of command adds a spec and a case in createTransform; the file machinery
 * (inputs, encodings, outputs, workers, progress) stays the same.
 */
import { structureRisk, type StructureRisk } from './dictionary-risk.js';
import { resolveConfig } from '../configs.js';
import type {
  BinaryDocumentFormat, ByteSource, DocumentFormat, DocumentLimits, QuoteStyle, TextConverter, TextDocumentFormat,
} from '../node/documents.js';
import { batchConvert, recordStream } from '../formats/records.js';
import { documents } from './documents-layer.js';
import {
  createConverter, FanjianError, repair, type ConversionName, type Converter, type LocaleCode, type RepairTarget,
} from '../node/index.js';
import { UnitBuffer } from '../code-units.js';
import { UsageError } from './errors.js';
import type { UnitConverter } from './utf8-lines.js';
import { chainConverter, chainStream, type OpenccChainSpec } from './opencc-config.js';

export interface DictionaryFile {
  readonly path: string;
  readonly text: string;
}

interface CommonSpec {
  readonly corrections: boolean;
  readonly protect: readonly string[];
  /** Collect a note for every change (the whole text is then needed; no streaming). */
  readonly explain: boolean;
  /** The document format, or 'auto' to choose it from each file's extension (plain text otherwise). */
  readonly format: DocumentFormat | 'auto';
  readonly quotes: QuoteStyle;
  /** Office documents: map East Asian font names to the target's (see formats/office/fonts.ts). */
  readonly fonts?: boolean;
  /** Record formats (jsonl, csv, tsv): the values to convert (--field, --column) and --lenient. */
  readonly records: { readonly fields: readonly string[]; readonly columns: readonly string[]; readonly lenient: boolean };
  /** Bounds for hostile documents (--max-depth, --max-entry-size, --max-inflated-size); unset: the defaults. */
  readonly limits?: Partial<DocumentLimits>;
}

export interface ConvertSpec extends CommonSpec {
  readonly kind: 'convert';
  readonly config: ConversionName;
  readonly dictionaries: readonly DictionaryFile[];
  /** -c FILE.json: an OpenCC configuration, used instead of `config` (without user dictionaries or --explain). */
  readonly chain?: OpenccChainSpec;
}

export interface RepairSpec extends CommonSpec {
  readonly kind: 'repair';
  readonly to: RepairTarget;
}

export type TransformSpec = ConvertSpec | RepairSpec;

/** One change, for --explain: where, what, and why. */
export interface ChangeNote {
  readonly index: number;
  readonly from: string;
  readonly to: string;
  readonly detail: string;
  /** In a binary document (Office): where, as "entry:paragraph:column" (word/document.xml:paragraph 12:5). */
  readonly where?: string;
}

/** A document converted as it is read, with the readings it asks for first (see DocumentStream.survey). */
export type DocumentTransform = TransformStream<string, string> & {
  survey?(): { push(chunk: string): boolean | void; end(): void } | null;
};

export interface TextTransform {
  /**
   * Transform a whole document of a text format, adding a note per change to `notes` when given. `charset`, the
   * label of the encoding the result is written in, corrects an HTML page's declaration of its encoding.
   */
  apply(text: string, format: TextDocumentFormat, notes?: ChangeNote[], charset?: string): string;
  /**
   * Transform a document of a binary format such as EPUB or DOCX (bytes in, the output's consecutive pieces out),
   * adding a note per change to `notes` when given (Office documents).
   */
  applyBytes(bytes: Uint8Array | ByteSource, format: BinaryDocumentFormat, notes?: ChangeNote[]): Iterable<Uint8Array>;
  /** An incremental version for long plain-text inputs, or null when the whole text is needed. */
  stream(): TransformStream<string, string> | null;
  /**
   * For the fast path of plain text (utf8-lines.ts): converts code units cut after a line break, which no part of
   * the conversion reads; null when that does not hold (repair, --quotes, --explain, an override spanning lines).
   */
  readonly units: UnitConverter | null;
  /**
   * For a record format (jsonl, csv, tsv), a stream converting record by record in constant memory, whatever the
   * input's size; `warn` hears of malformed records passed through under --lenient. Null for other formats.
   */
  records(format: TextDocumentFormat, warn: (message: string) => void): TransformStream<string, string> | null;
  /**
   * A document of `format` converted as it is read (HTML), or null when the format needs the whole document. Its
   * `survey`, when there is one, asks a source that can be read again for readings before the conversion
   * (DocumentStream.survey: Markdown references).
   */
  documentStream(format: TextDocumentFormat, charset: string): DocumentTransform | null;
  /**
   * Whether converting an input of `format` needs the documents layer (documents-layer.ts), which the caller loads
   * first: any format but plain text, and plain text with --quotes.
   */
  needsDocuments(format: DocumentFormat): boolean;
  /** The record options given (`--field`, `--column`), or null: an input in another format cannot honour them. */
  readonly recordFlags: string | null;
  /** The new name of a file or folder (one path component) for --rename. */
  rename(name: string): string;
  /** Whether plain text can be transformed block by block of whole lines with the same result (conversion never
   * crosses a line break; repair weighs the whole text, quotation marks pair across lines). */
  readonly lineWise: boolean;
  /** The user dictionary entry that would change a document's structure (dictionary-risk.ts), or null. */
  readonly structureRisk: StructureRisk | null;
}

/** A converter for the spec; a malformed dictionary file is a usage error naming the file and line. */
export function converterFor(spec: ConvertSpec): Converter {
  try {
    return createConverter(spec.config, {
      corrections: spec.corrections,
      dictionaries: spec.dictionaries.map((d) => d.text),
      protect: spec.protect,
    });
  } catch (error) {
    if (error instanceof FanjianError && error.code === 'INVALID_DICTIONARY') {
      const index = /^dictionaries\[(\d+)\]$/.exec(error.details.source ?? '')?.[1];
      const file = index === undefined ? undefined : spec.dictionaries[Number(index)]?.path;
      if (file) throw new UsageError(`${file}, line ${error.details.line}: ${error.message.replace(/^.*?\): /, '')}`);
    }
    if (error instanceof FanjianError) throw new UsageError(error.message);
    throw error;
  }
}

/** How a piece of text changes, with notes positioned within the piece. */
type PieceTransform = (piece: string, notes: ChangeNote[] | undefined) => string;

function convertPiece(converter: Converter): PieceTransform {
  return (piece, notes) => {
    if (notes) {
      for (const span of converter.explain(piece)) {
        if (span.source === span.target && !span.ambiguous && span.reason === undefined) continue;
        const candidates = span.steps.flatMap((s) => s.candidates ?? []);
        notes.push({
          index: span.index, from: span.source, to: span.target,
          detail: `${span.dictionary}, stage ${span.stage}` +
            (span.ambiguous ? `; ambiguous${candidates.length ? ` (${candidates.join(' ')})` : ''}` : '') +
            (span.reason ? `: ${span.reason}` : ''),
        });
      }
    }
    return converter.convert(piece);
  };
}

function repairPiece(spec: RepairSpec): PieceTransform {
  const options = { to: spec.to, corrections: spec.corrections, protect: spec.protect };
  return (piece, notes) => {
    const result = repair(piece, options);
    notes?.push(...result.changes.map((c) => ({ index: c.index, from: c.from, to: c.to, detail: `${c.rule}: ${c.reason}` })));
    return result.text;
  };
}

/** A piece transform as the documents driver's converter: changes() gives it the notes, placed by the driver. */
function pieceConverter(piece: PieceTransform): TextConverter {
  return {
    convert: (text) => piece(text, undefined),
    changes: (text) => {
      const notes: ChangeNote[] = [];
      const result = piece(text, notes);
      return { text: result, changes: notes.sort((a, b) => a.index - b.index) };
    },
  };
}

/** A document transform from a piece transform: the documents driver hands over the text and places the notes. */
function documentTransform(spec: TransformSpec, piece: PieceTransform, stream: () => TransformStream<string, string> | null,
  languages: { readonly from: LocaleCode; readonly to: LocaleCode } | null,
  convertMany?: (texts: readonly string[]) => string[], units: UnitConverter | null = null,
  convertCut?: TextConverter['convertCut']): TextTransform {
  const options = {
    quotes: spec.quotes, languages, fonts: spec.fonts ?? false, ...(spec.limits ? { limits: spec.limits } : {}),
    converter: { ...pieceConverter(piece), ...(convertMany ? { convertMany } : {}), ...(convertCut ? { convertCut } : {}) },
  };
  return {
    apply(text, format, notes, charset) {
      if (format === 'text' && spec.quotes === 'keep') return piece(text, notes);
      return documents().convertDocument(text, {
        ...options, format, ...(charset !== undefined ? { charset } : {}),
        ...(notes ? { onChange: (c) => notes.push({ index: c.index, from: c.from, to: c.to, detail: c.detail ?? '' }) } : {}),
      });
    },
    applyBytes: (bytes, format, notes) => documents().convertDocumentPieces(bytes as ByteSource, {
      ...options, format,
      ...(notes ? {
        onChange: (c) => notes.push({
          index: c.index, from: c.from, to: c.to, detail: c.detail ?? '',
          where: `${c.entry}:${c.paragraph !== undefined ? `${c.paragraph}:${c.offset! + 1}` : `@${c.index}`}`,
        }),
      } : {}),
    }),
    records(format, warn) {
      if (format === 'text') return null; // plain text has no records (and needs no parser)
      const { textFormatNamed, convertQuotes } = documents();
      const recordFormat = textFormatNamed(format);
      if (!recordFormat.records) return null;
      const { fields, columns, lenient } = spec.records;
      const convert = spec.quotes === 'keep' ? (text: string) => piece(text, undefined)
        : (text: string) => convertQuotes(piece(text, undefined), spec.quotes);
      return recordStream(recordFormat.records(convert, {
        fields, columns: columns.map((c) => (/^\d+$/.test(c) ? Number(c) : c)), lenient, onWarning: warn,
        ...(convertMany && spec.quotes === 'keep' ? { convertMany } : {}),
      }));
    },
    documentStream(format, charset) {
      const converter = documents().convertDocumentStream({ ...options, format, charset });
      return converter ? Object.assign(recordStream(converter), converter.survey ? { survey: () => converter.survey!() } : {}) : null;
    },
    needsDocuments: (format) => format !== 'text' || spec.quotes !== 'keep',
    recordFlags: [spec.records.fields.length && '--field', spec.records.columns.length && '--column'].filter(Boolean).join(' and ') || null,
    stream: () => (spec.explain || spec.quotes !== 'keep' ? null : stream()),
    units: spec.explain || spec.quotes !== 'keep' ? null : units,
    rename: (name) => piece(name, undefined),
    lineWise: spec.kind === 'convert' && spec.quotes === 'keep',
    structureRisk: structureRisk(spec),
  };
}

/**
 * The converter on code units for the fast path (utf8-lines.ts): its output units as the chain leaves them (no
 * string in between, the output is encoded from them), what convert() would give as a string.
 */
function unitConverter(converter: Converter): UnitConverter {
  if (!converter.overrides) return (units, length) => converter.chain.run(units, 0, length);
  const out = new UnitBuffer();
  return (units, length) => {
    out.reset(length + 16);
    converter.convertUnits(units, 0, length, out, null);
    return out;
  };
}

export function createTransform(spec: TransformSpec): TextTransform {
  if (spec.kind === 'convert' && spec.chain) {
    const converter = chainConverter(spec.chain);
    return documentTransform(spec, (piece) => converter.convert(piece), () => chainStream(converter), null);
  }
  if (spec.kind === 'convert') {
    const converter = converterFor(spec);
    // Record values convert many at a time (exact unless a user entry holds the batch separator, U+FFFF).
    const exact = ![...spec.dictionaries.map((d) => d.text), ...spec.protect].some((t) => t.includes('\uffff'));
    // A line break that no stage and no override reads is a safe cut (the contract of the library's stream).
    const lineSafe = converter.chain.allStages().every((stage) => !stage.context.reads(0x0a)) && !converter.overrides?.alphabet[0x0a];
    return documentTransform(spec, convertPiece(converter), () => converter.stream(), resolveConfig(spec.config),
      batchConvert((text) => converter.convert(text), exact),
      lineSafe ? unitConverter(converter) : null,
      // Each paragraph of a document converted once, its pieces' boundaries mapped by the same run (driver.ts).
      (texts, cuts, starts) => converter.convertCut(texts, cuts, starts));
  }
  // Repair weighs the whole text (line scripts, leftover density), so it never streams.
  return documentTransform(spec, repairPiece(spec), () => null, null);
}
