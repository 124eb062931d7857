/**
 * The shared driver: converts each paragraph's text as one string, puts every converted character back into the
 * piece it came from, splices the pieces into the source and reports each change at its source position.
 *
 * Placing the output: a converter that reports its changes (index, from, to; text between them unchanged) gives an
 * exact map from input to output positions. Inside a change of equal length characters map one to one (软件 →
 * 軟體 split 软|件 gives 軟|體); a change of another length goes whole into the piece where it starts. Without
 * changes, an output of the input's length maps one to one. When neither holds, or a change of another length
 * reaches into context text (which is never written), each writable piece is converted on its own, as a last
 * resort that loses context but never moves text across markup.
 */
import type { CutConversion } from '../conversion-cuts.js';
import type { ExplainSpan } from '../explain.js';
import { isContext, type DocumentStream, type Extraction, type Paragraph, type Segment, type StreamedExtraction } from './format.js';
import { spliceEdits, type Edit } from './splice.js';

/** One change of a conversion: `from` at `index` of the input became `to`. */
export interface TextChange {
  readonly index: number;
  readonly from: string;
  readonly to: string;
  /** Why (dictionary and stage, repair rule), for --explain. */
  readonly detail?: string;
  /** In a container (Office, EPUB): the entry (zip part) holding the change; `index` is then its position in the entry. */
  readonly entry?: string;
  /**
   * Where the paragraph has a name (Office: "paragraph 12", "cell B3", "string 4"): that name, and the change's
   * position in the paragraph's text (UTF-16 units, from 0).
   */
  readonly paragraph?: string;
  readonly offset?: number;
}

export interface ConvertedText {
  readonly text: string;
  /** In order, non-overlapping; the input outside them is copied unchanged. */
  readonly changes: readonly TextChange[];
}

/** What the driver converts text with. */
export interface TextConverter {
  convert(text: string): string;
  /**
   * Many texts in one call, returning exactly what convert() returns for each (fanjian's converters: joined by a
   * separator no dictionary holds; see batchConvert). With it, the driver converts a document's paragraphs a group
   * at a time, and the pieces of the ones that change in one more call, instead of a call or two per paragraph.
   */
  convertMany?(texts: readonly string[]): string[];
  /** The conversion with its changes: exact placement across pieces, and notes for --explain. */
  changes?(text: string): ConvertedText;
  /**
   * Many texts converted in one call, each exactly as convert() converts it, with the given cuts of each text
   * (its pieces' boundaries) mapped to its output by the same conversion (fanjian's converters: see
   * Converter.convertCut and conversion-cuts.ts); null when the converter cannot. With it, the driver converts each
   * paragraph once instead of once whole and once piece by piece.
   */
  convertCut?(texts: readonly string[], cuts: Int32Array, starts: Int32Array): CutConversion | null;
}

export type { CutConversion };

export interface PiecesResult {
  /** The converted text of each piece (context pieces: unchanged). */
  readonly texts: string[];
  /** The changes, indexed in the joined text of the pieces; null when not asked for or not known. */
  readonly changes: TextChange[] | null;
}

/** The changes of a fanjian converter, from its explain() spans (convertDocument, and fanjian/dom for live pages). */
export function changesFrom(explain: (text: string) => readonly ExplainSpan[]): (text: string) => ConvertedText {
  return (text) => {
    const changes: TextChange[] = [];
    let out = '', at = 0;
    for (const span of explain(text)) {
      out += text.slice(at, span.index) + span.target;
      at = span.index + span.source.length;
      const candidates = span.steps.flatMap((s) => s.candidates ?? []);
      changes.push({
        index: span.index, from: span.source, to: span.target,
        detail: `${span.dictionary}, stage ${span.stage}` + (span.ambiguous ? `; ambiguous${candidates.length ? ` (${candidates.join(' ')})` : ''}` : ''),
      });
    }
    return { text: out + text.slice(at), changes };
  };
}

/**
 * Below this mean length of a paragraph's writable pieces, asking for the changes once (explain: about 4 times a
 * conversion) is cheaper than converting each piece (a call costs about what 60 characters do).
 */
const SHORT_PIECE = 20;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Convert pieces that read as one text (a paragraph's text nodes or runs). `writable[i] === false` marks context
 * pieces, read but not written. With `withChanges`, the changes are returned (when the converter reports them).
 */
export function convertPieces(pieces: readonly string[], converter: TextConverter,
  options: { readonly writable?: readonly boolean[]; readonly withChanges?: boolean } = {}): PiecesResult {
  const writable = options.writable;
  const withChanges = options.withChanges === true && converter.changes !== undefined;
  if (pieces.length === 1) {
    if (writable && !writable[0]) return { texts: [pieces[0]!], changes: withChanges ? [] : null };
    if (withChanges) {
      const result = converter.changes!(pieces[0]!);
      return { texts: [result.text], changes: [...result.changes] };
    }
    return { texts: [converter.convert(pieces[0]!)], changes: null };
  }
  const joined = pieces.join('');
  if (!withChanges) {
    const whole = converter.convert(joined);
    if (whole === joined) return { texts: [...pieces], changes: null };
    // Short pieces: one call for the changes costs less than a call per piece.
    const count = writable ? writable.filter(Boolean).length : pieces.length;
    if (converter.changes && joined.length < count * SHORT_PIECE) {
      const placed = place(pieces, writable, converter.changes(joined), false);
      if (placed) return placed;
    }
    // Converting each piece alone is exact when nothing crosses a boundary, the common case.
    const alone = pieces.map((piece, i) => (writable && !writable[i] ? piece : converter.convert(piece)));
    if (alone.join('') === whole) return { texts: alone, changes: null };
    if (converter.changes) return place(pieces, writable, converter.changes(joined), false) ?? { texts: alone, changes: null };
    if (whole.length === joined.length) return place(pieces, writable, { text: whole, changes: [] }, false) ?? { texts: alone, changes: null };
    return { texts: alone, changes: null };
  }
  return place(pieces, writable, converter.changes!(joined), true) ?? separately(pieces, writable, converter);
}

/** The last resort: each writable piece converted on its own. */
function separately(pieces: readonly string[], writable: readonly boolean[] | undefined, converter: TextConverter): PiecesResult {
  const texts: string[] = [];
  const changes: TextChange[] = [];
  let offset = 0;
  pieces.forEach((piece, i) => {
    if (writable && !writable[i]) {
      texts.push(piece);
    } else {
      const result = converter.changes!(piece);
      texts.push(result.text);
      for (const change of result.changes) changes.push({ ...change, index: change.index + offset });
    }
    offset += piece.length;
  });
  return { texts, changes };
}

/**
 * Cut a converted text into pieces by mapping each piece boundary through the changes; null when a change of
 * another length touches a context piece (its output cannot be split without writing context or losing text).
 */
function place(pieces: readonly string[], writable: readonly boolean[] | undefined, converted: ConvertedText,
  keepChanges: boolean): PiecesResult | null {
  const { text, changes } = converted;
  if (writable) {
    for (const change of changes) if (change.from.length !== change.to.length && touchesContext(change, pieces, writable)) return null;
  }
  let c = 0, shift = 0;
  /** The output position of input boundary p (p increasing from call to call). */
  const out = (p: number): number => {
    while (c < changes.length && changes[c]!.index + changes[c]!.from.length <= p) {
      shift += changes[c]!.to.length - changes[c]!.from.length;
      c++;
    }
    const inside = c < changes.length && changes[c]!.index < p ? changes[c]! : null;
    if (inside === null || inside.from.length === inside.to.length) return p + shift;
    return inside.index + shift + inside.to.length; // the whole change stays in the piece where it starts
  };
  let inAt = 0;
  const texts = cutOutput(pieces, writable, text, (i) => out(inAt += pieces[i]!.length), true);
  return texts && { texts, changes: keepChanges ? [...changes] : null };
}

/**
 * `text` cut into one part per piece, piece i's ending at end(i) (asked in order; kept within the text and after
 * the part before): a context piece keeps its text, and must span its own length. A cut inside a surrogate pair
 * moves after it with `movePairs`, else gives null.
 */
function cutOutput(pieces: readonly string[], writable: readonly boolean[] | undefined, text: string, end: (i: number) => number,
  movePairs: boolean): string[] | null {
  const texts: string[] = [];
  let outStart = 0;
  for (let i = 0; i < pieces.length; i++) {
    let outEnd = i === pieces.length - 1 ? text.length : Math.min(Math.max(end(i), outStart), text.length);
    if (outEnd > 0 && outEnd < text.length && isHigh(text.charCodeAt(outEnd - 1)) && isLow(text.charCodeAt(outEnd))) {
      if (!movePairs) return null;
      outEnd++;
    }
    if (writable && !writable[i]) {
      if (outEnd - outStart !== pieces[i]!.length) return null;
      texts.push(pieces[i]!);
    } else {
      texts.push(text.slice(outStart, outEnd));
    }
    outStart = outEnd;
  }
  return texts;
}

function touchesContext(change: TextChange, pieces: readonly string[], writable: readonly boolean[]): boolean {
  const start = change.index, end = change.index + Math.max(change.from.length, 1);
  let at = 0;
  for (let i = 0; i < pieces.length && at < end; i++) {
    const next = at + pieces[i]!.length;
    if (!writable[i] && next > start && at < end) return true;
    at = next;
  }
  return false;
}

/**
 * The pieces of a paragraph converted whole by convertCut, cut where its boundaries landed (its cuts are
 * result's, from `first`: 0, then each piece's end) — place()'s result, from the same conversion: the mapping of
 * conversion-cuts.ts is place()'s rule applied pass by pass, which is place()'s result on explain()'s spans
 * wherever no replacement of another length merges with a boundary inside a span. So: null (the caller places the
 * paragraph as it would without convertCut) when a boundary fell inside a replacement and the paragraph has one of
 * another length, a context piece holds one of another length (place() refuses those), or a surrogate pair lies
 * across a boundary.
 */
function cutPieces(pieces: readonly string[], writable: readonly boolean[] | undefined, text: string, result: CutConversion,
  first: number): string[] | null {
  const { at, inside, resized } = result;
  const last = first + pieces.length;
  if (resized[last]! !== resized[first]!) {
    for (let c = first + 1; c < last; c++) if (inside[c]) return null;
    if (writable) for (let i = 0; i < pieces.length; i++) if (!writable[i] && resized[first + i + 1]! !== resized[first + i]!) return null;
  }
  // A surrogate pair across a boundary (only split text makes one): place() would move its low half, which
  // converting the pieces alone may keep where it was; the caller decides as before.
  return cutOutput(pieces, writable, text, (i) => at[first + i + 1]!, false);
}

/** Observes changes at their position in the source (for --explain). */
export type ChangeObserver = (change: TextChange) => void;

/** Convert a document from its extraction: every paragraph through convertPieces, spliced with the fixed edits. */
export function convertSource(source: string, extraction: Extraction, converter: TextConverter, observe?: ChangeObserver): string {
  return spliceEdits(source, sourceEdits(source, extraction, converter, observe));
}

/** A converted text as UTF-8, in consecutive pieces (see convertSourceToUtf8Pieces). */
export interface Utf8Pieces {
  /** The length of all pieces together, in bytes. */
  readonly size: number;
  /** Each piece is a view of one buffer that the next overwrites: use it (deflate, copy) before taking the next. */
  readonly pieces: Iterable<Uint8Array>;
}

/** Converted text is encoded this many bytes at a time. */
const UTF8_PIECE = 1 << 20;

/**
 * convertSource() UTF-8 encoded, built from the source and the edits without a converted copy of the whole text
 * (a large Office part): `byteLength` is the source's UTF-8 length. Null when nothing changes.
 */
export function convertSourceToUtf8(source: string, byteLength: number, extraction: Extraction | StreamedExtraction, converter: TextConverter,
  observe?: ChangeObserver): Uint8Array | null {
  const converted = convertSourceToUtf8Pieces(source, byteLength, extraction, converter, observe);
  if (converted === null) return null;
  const out = new Uint8Array(converted.size);
  let at = 0;
  for (const piece of converted.pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/**
 * convertSourceToUtf8() as pieces of at most 1 MB encoded one at a time into one buffer, so that a zip entry is
 * deflated as it is encoded and the converted part is never held whole. The edits are made (and the document
 * checked) before this returns; only the encoding is left to the iteration.
 */
export function convertSourceToUtf8Pieces(source: string, byteLength: number, extraction: Extraction | StreamedExtraction,
  converter: TextConverter, observe?: ChangeObserver): Utf8Pieces | null {
  const edits = sourceEdits(source, extraction, converter, observe);
  if (edits.length === 0) return null;
  edits.sort((a, b) => a.start - b.start);
  let size = byteLength;
  for (let i = 0; i < edits.length; i++) {
    const edit = edits[i]!;
    if (i > 0 && edit.start < edits[i - 1]!.end) throw new Error(`overlapping edits at ${edit.start}`);
    size += utf8Length(edit.text, 0, edit.text.length) - utf8Length(source, edit.start, edit.end);
  }
  return { size, pieces: utf8Pieces(source, edits, size) };
}

function* utf8Pieces(source: string, edits: readonly Edit[], size: number): Generator<Uint8Array> {
  const buffer = new Uint8Array(Math.min(size, UTF8_PIECE));
  const encoder = new TextEncoder();
  let filled = 0, total = 0;
  // Each stretch of text is encoded into what is left of the buffer; a full buffer is handed out, then refilled.
  function* put(text: string): Generator<Uint8Array> {
    for (let read = 0; read < text.length;) {
      const result = encoder.encodeInto(read === 0 ? text : text.slice(read), buffer.subarray(filled));
      read += result.read;
      filled += result.written;
      if (read < text.length || filled === buffer.length) {
        if (filled === 0) throw new Error('a UTF-8 piece buffer too small for one character');
        total += filled;
        yield buffer.subarray(0, filled);
        filled = 0;
      }
    }
  }
  let at = 0;
  for (const edit of edits) {
    if (edit.start > at) yield* put(source.slice(at, edit.start));
    yield* put(edit.text);
    at = edit.end;
  }
  if (at < source.length) yield* put(source.slice(at));
  if (filled > 0) {
    total += filled;
    yield buffer.subarray(0, filled);
  }
  if (total !== size) throw new Error(`the converted text encodes to ${total} bytes, not ${size}`);
}

/** UTF-8 bytes of text[start, end) (a lone surrogate counts as U+FFFD's three, as TextEncoder writes it). */
function utf8Length(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (isHigh(c) && i + 1 < end && isLow(text.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Paragraphs are converted in groups of about this many characters (with TextConverter.convertMany). */
const GROUP_SIZE = 1 << 13;

interface Pending {
  readonly segments: readonly Segment[];
  readonly pieces: readonly string[];
  readonly writable: readonly boolean[] | undefined;
  readonly joined: string;
}

/** The edits of a conversion: each paragraph's changed ranges, and the extraction's fixed edits. */
function sourceEdits(source: string, extraction: Extraction | StreamedExtraction, converter: TextConverter, observe?: ChangeObserver): Edit[] {
  const edits: Edit[] = [];
  const write = (segments: readonly Segment[], pieces: readonly string[], texts: readonly string[]) => {
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      if (texts[i] !== pieces[i] && !isContext(segment)) edits.push({ start: segment.start, end: segment.end, text: texts[i]! });
    }
  };
  const piecesOf = (segments: readonly Segment[]) => segments.map((s) => (isContext(s) ? s.context : source.slice(s.start, s.end)));
  const writableOf = (segments: readonly Segment[]) => (segments.some(isContext) ? segments.map((s) => !isContext(s)) : undefined);

  // One paragraph at a time: with notes (--explain), or a converter that converts one text per call.
  const one = (paragraph: Paragraph) => {
    const segments = paragraph.segments;
    if (segments.length === 0) return;
    const pieces = piecesOf(segments);
    const writable = writableOf(segments);
    const result = convertPieces(pieces, converter, { ...(writable ? { writable } : {}), withChanges: observe !== undefined });
    write(segments, pieces, result.texts);
    if (observe && result.changes) {
      const position = sourcePositions(segments, pieces);
      const name = paragraph.name;
      for (const change of result.changes) {
        observe({ ...change, index: position(change.index), ...(name !== undefined ? { paragraph: name, offset: change.index } : {}) });
      }
    }
  };

  // A group at a time: the paragraphs' texts in one call. With convertCut, that call also maps each paragraph's
  // piece boundaries to its output (see cutPieces); otherwise the pieces of those that changed go in one more, and
  // where they reassemble into the whole paragraph's conversion (nothing converted across a boundary, the common
  // case), they are the result. Any other paragraph is placed exactly by convertPieces.
  const convertMany = converter.convertMany?.bind(converter);
  const convertCut = converter.convertCut?.bind(converter);
  let group: Pending[] = [];
  let size = 0, cutCount = 0;
  const exactly = (p: Pending) => convertPieces(p.pieces, converter, p.writable ? { writable: p.writable } : {}).texts;
  const flushCut = (): boolean => {
    const cuts = new Int32Array(cutCount);
    const starts = new Int32Array(group.length + 1);
    let c = 0;
    group.forEach((p, i) => {
      starts[i] = c;
      let at = 0;
      cuts[c++] = 0;
      for (const piece of p.pieces) cuts[c++] = at += piece.length;
    });
    starts[group.length] = c;
    const result = convertCut!(group.map((p) => p.joined), cuts, starts);
    if (result === null) return false;
    group.forEach((p, i) => {
      const whole = result.texts[i]!;
      if (whole === p.joined) return;
      if (p.pieces.length === 1) {
        write(p.segments, p.pieces, [whole]);
        return;
      }
      const texts = cutPieces(p.pieces, p.writable, whole, result, starts[i]!);
      if (texts) {
        write(p.segments, p.pieces, texts);
        return;
      }
      // As the path without convertCut: the pieces alone where they make the whole, else placed exactly.
      const alone = p.pieces.map((piece, k) => (!p.writable || p.writable[k] ? converter.convert(piece) : piece));
      write(p.segments, p.pieces, alone.join('') === whole ? alone : exactly(p));
    });
    return true;
  };
  const flush = () => {
    if (group.length === 0) return;
    if (!convertCut || !flushCut()) {
      const many = convertMany ?? ((texts: readonly string[]) => texts.map((text) => converter.convert(text)));
      const wholes = many(group.map((p) => p.joined));
      const alone: string[] = [];
      group.forEach((p, i) => {
        if (p.pieces.length > 1 && wholes[i] !== p.joined) p.pieces.forEach((piece, k) => { if (!p.writable || p.writable[k]) alone.push(piece); });
      });
      const converted = alone.length > 0 ? many(alone) : [];
      let next = 0;
      group.forEach((p, i) => {
        const whole = wholes[i]!;
        if (whole === p.joined) return;
        if (p.pieces.length === 1) {
          write(p.segments, p.pieces, [whole]);
          return;
        }
        const texts = p.pieces.map((piece, k) => (!p.writable || p.writable[k] ? converted[next++]! : piece));
        write(p.segments, p.pieces, texts.join('') === whole ? texts : exactly(p));
      });
    }
    group = [];
    size = 0;
    cutCount = 0;
  };
  const grouped = (paragraph: Paragraph) => {
    const segments = paragraph.segments;
    const n = segments.length;
    if (n === 0) return;
    // piecesOf and writableOf in one reading of the segments (this runs once per paragraph of a document).
    const pieces: string[] = new Array(n);
    let writable: boolean[] | undefined;
    let writes = false;
    for (let i = 0; i < n; i++) {
      const segment = segments[i]!;
      if (isContext(segment)) {
        (writable ??= new Array<boolean>(n).fill(true))[i] = false;
        pieces[i] = segment.context;
      } else {
        pieces[i] = source.slice(segment.start, segment.end);
        writes = true;
      }
    }
    if (!writes) return;
    const joined = n === 1 ? pieces[0]! : pieces.join('');
    group.push({ segments, pieces, writable, joined });
    size += joined.length + 16;
    cutCount += pieces.length + 1;
    if (size >= GROUP_SIZE) flush();
  };

  const each = observe || (!convertMany && !convertCut) ? one : grouped;
  const extracted = typeof extraction === 'function' ? extraction(each) : extraction;
  for (const paragraph of extracted.paragraphs) each(paragraph);
  flush();
  // Paragraphs' edits change their range (see write); a fixed edit may not.
  for (const edit of extracted.edits) if (source.slice(edit.start, edit.end) !== edit.text) edits.push(edit);
  return edits;
}

/**
 * Maps indexes into the joined pieces to source positions; indexes come in increasing order (changes are sorted),
 * so a cursor walks the segments once.
 */
function sourcePositions(segments: readonly Segment[], pieces: readonly string[]): (index: number) => number {
  let i = 0, at = 0;
  return (index) => {
    while (i < segments.length - 1 && index >= at + pieces[i]!.length) at += pieces[i++]!.length;
    for (let k = i; k < segments.length; k++) {
      const segment = segments[k]!;
      if (!isContext(segment)) return segment.start + (k === i ? Math.min(index - at, segment.end - segment.start) : 0);
      if (k === i && segment.at !== undefined) return segment.at;
      // A context piece without a position: the start of the next writable segment.
    }
    for (let k = i; k >= 0; k--) {
      const segment = segments[k]!;
      if (!isContext(segment)) return segment.end;
    }
    return 0;
  };
}

/** The source text an incremental extractor reads while streaming: a window of it, from the settled position on. */
export interface SourceWindow {
  /** source[start, end) (positions in the whole source; never before the settled position). */
  slice(start: number, end: number): string;
  /** The position of the last `search` that starts at or before `position` (as String.lastIndexOf), or -1. */
  lastIndexOf(search: string, position: number): number;
}

/** Where an incremental extractor hands paragraphs and fixed edits as it finds them (positions in the source). */
export interface ExtractionSink {
  paragraph(paragraph: Paragraph): void;
  edit(edit: Edit): void;
}

/** A format's extractor fed chunk by chunk (HTML, JSON, YAML, Markdown), for extractionStream(). */
export interface IncrementalExtractor {
  write(chunk: string): void;
  end(): void;
  /** No paragraph or edit still to come starts before this position; the text from it on may still be read. */
  settled(): number;
}

/**
 * A document converted as it is read: the extractor reads each chunk and reports paragraphs and edits; whatever is
 * settled (no paragraph still open reaches back into it) is converted and returned with the chunk, and dropped.
 * Memory is bounded by the text between the settled position and the end of what was read (the longest paragraph
 * or token the format holds open); the output is convertSource()'s on the whole document when the extractor
 * reports what it reports on the whole. The one streaming mechanism of the text formats.
 */
export function extractionStream(converter: TextConverter,
  start: (source: SourceWindow, sink: ExtractionSink) => IncrementalExtractor): DocumentStream {
  let window = '';
  /** The source position of window[0], and how much of the source has been returned. */
  let windowStart = 0;
  let done = 0;
  let waiting: Paragraph[] = [];
  let edits: Edit[] = [];
  const source: SourceWindow = {
    slice: (from, to) => window.slice(from - windowStart, to - windowStart),
    lastIndexOf: (search, position) => {
      const found = window.lastIndexOf(search, position - windowStart);
      return found < 0 ? -1 : found + windowStart;
    },
  };
  const extractor = start(source, { paragraph: (p) => waiting.push(p), edit: (e) => edits.push(e) });
  const endOf = (p: Paragraph) => {
    let end = 0;
    for (const s of p.segments) if (!isContext(s) && s.end > end) end = s.end;
    return end;
  };
  const rebase = (segment: Segment): Segment => (isContext(segment) ? segment : { start: segment.start - done, end: segment.end - done });
  /** Convert and return the source up to `until`: every paragraph and edit before it is complete. */
  const release = (until: number): string => {
    if (until <= done) return '';
    const ready = waiting.filter((p) => endOf(p) <= until);
    if (ready.length) waiting = ready.length === waiting.length ? [] : waiting.filter((p) => endOf(p) > until);
    const readyEdits = edits.filter((e) => e.end <= until);
    if (readyEdits.length) edits = edits.filter((e) => e.end > until);
    const part = window.slice(done - windowStart, until - windowStart);
    const out = ready.length || readyEdits.length ? convertSource(part, {
      paragraphs: ready.map((p) => ({ segments: p.segments.map(rebase) })),
      edits: readyEdits.map((e) => ({ start: e.start - done, end: e.end - done, text: e.text })),
    }, converter) : part;
    done = until;
    // Keep only what may still be read: from the settled position on.
    if (done > windowStart) {
      window = window.slice(done - windowStart);
      windowStart = done;
    }
    return out;
  };
  return {
    push(chunk) {
      if (!chunk) return '';
      window += chunk;
      extractor.write(chunk);
      return release(extractor.settled());
    },
    end() {
      extractor.end();
      return release(windowStart + window.length);
    },
  };
}
