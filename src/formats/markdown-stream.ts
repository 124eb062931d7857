/**
 * Markdown read section by section (markdown-blocks.ts: SectionCuts), each section by the block and inline scans
 * of our own when it is made of plain blocks, by micromark otherwise (extractMarkdown, on that section alone): the
 * whole document's extraction (extractMarkdownDocument), and a conversion as the document is read
 * (markdownStream), in memory bounded by the longest section.
 *
 * References: a bracket pair with no inline link after it is a reference if its label is defined anywhere in the
 * document, before or after. A document with no `]:` has no definition, so brackets are plain; otherwise, from the
 * first section that holds such brackets (REFERENCE), the rest of the document is read whole by extractMarkdown
 * (the stream holds it until its end), which resolves labels across it as before.
 *
 * Giant sections (no cut for GIANT characters) in the stream: a line's run of quote markers is passed on as it is
 * read (its count carried to the section, and checked against limits.depth at once, so a deep document is refused
 * before the rest is read); a long run of lines is cut at a line start, and one long line after a punctuation mark
 * or bracket, each part then read as a section of its own (inline markup across such a cut is not recognised).
 */
import { convertSource, type TextConverter } from './driver.js';
import { invalidDocument, limitExceeded, type DocumentStream, type Extraction, type ExtractOptions, type Paragraph, type Segment } from './format.js';
import { NestingMeter, scanBlocks, SectionCuts } from './markdown-blocks.js';
import { BAIL, OK } from './markdown-inline.js';
import { MARKDOWN_CHUNK, MARKDOWN_PARSER_DEPTH } from './markdown-limits.js';
import { MarkdownReferences } from './markdown-references.js';
import { closedMarkdown, extractMarkdown } from './markdown.js';
import type { Edit } from './splice.js';

/** Past this many characters without a cut, the stream cuts a section where it can (see above). */
export const GIANT = 1 << 20;
/** Converted output is released in batches of about this many characters of source. */
const BATCH = 1 << 18;

const shiftSegment = (segment: Segment, by: number): Segment =>
  'context' in segment ? (segment.at !== undefined ? { context: segment.context, at: segment.at + by } : segment)
    : { start: segment.start + by, end: segment.end + by };

/** An extraction's paragraphs and edits moved by `by`, appended to `paragraphs` and `edits`. */
function appendShifted(extraction: Extraction, by: number, paragraphs: Paragraph[], edits: Edit[]): void {
  for (const p of extraction.paragraphs) {
    paragraphs.push(by === 0 ? p : { ...p, segments: p.segments.map((s) => shiftSegment(s, by)) });
  }
  for (const e of extraction.edits) edits.push(by === 0 ? e : { start: e.start + by, end: e.end + by, text: e.text });
}

const deepMessage = (depth: number) => `The Markdown nesting (${depth} levels of quotes and lists) is deeper than the Markdown parser can read ` +
  `(${MARKDOWN_PARSER_DEPTH} levels, whatever limits.depth or --max-depth allow); nothing was converted.`;

/** A section's reading: read, holding possible references (see above), or ending where micromark has a block open. */
export type SectionRead = 'read' | 'reference' | 'open';

/** Sections up to this size that go to micromark and hold a line starting with `<` are checked closed at their end. */
const CHECKED_SECTION = 1 << 16;
const HTML_LINE = /(?:^|\n) {0,3}</;

/**
 * The section source[start, end): its paragraphs and edits appended (positions in `source`), or 'reference' /
 * 'open' with nothing appended. `next`: the end of the line after the section (what follows it, for the check).
 * `references`: true when the document may define references and they are not known (a possible reference is then
 * 'reference'), false when it defines none, or what the surveys found (markdown-references.ts; in a survey, the
 * section is read only for what it defines or spells, and nothing is appended).
 */
export function readSection(source: string, start: number, end: number, next: number, options: ExtractOptions,
  references: boolean | MarkdownReferences, paragraphs: Paragraph[], edits: Edit[], carried = 0, check = true): SectionRead {
  // After a section found open, what follows is read with it, unchecked until it has doubled (`check`), then checked.
  if (!check && next > end) return 'open';
  const refs = typeof references === 'object' ? references : null;
  const survey = refs !== null && refs.phase !== 'convert';
  // In a survey, most sections have nothing to tell: only one that micromark finds open must still read with the next.
  const wanted = !survey || (refs.phase === 'definitions' ? source.slice(start, end).includes(']:') : refs.mayRespell(source, start, end));
  const before = paragraphs.length;
  const result = wanted ? scanBlocks(source, start, end, paragraphs, references, carried, options) : BAIL;
  if (result === OK) {
    if (survey) paragraphs.length = before;
    return 'read';
  }
  paragraphs.length = before;
  // What micromark must read cannot follow a giant run of quote markers (already passed on, and beyond its depth).
  if (carried > 0) {
    if (!wanted) return 'read';
    throw invalidDocument(deepMessage(carried));
  }
  const text = source.slice(start, end);
  // Any `]`: one followed by `(` is a reference too when what follows is no valid destination (`[a](**`).
  if (references === true && text.includes(']')) return 'reference';
  // The cuts follow HTML blocks that end at a blank line by their first line; micromark has the last word.
  if (check && next > end && text.length <= CHECKED_SECTION && text.includes('<') && HTML_LINE.test(text) &&
    !closedMarkdown(text, source.slice(end, next))) return 'open';
  if (!wanted) return 'read';
  const extraction = extractMarkdown(text, options, MARKDOWN_CHUNK, true, refs);
  if (!survey) appendShifted(extraction, start, paragraphs, edits);
  return 'read';
}

/** The end of the line starting at `at` (with its line break), or `length`. */
const lineAfter = (source: string, at: number) => {
  const newline = source.indexOf('\n', at);
  return newline < 0 ? source.length : newline + 1;
};

/** Reads the sections of `source` (starts, with its length last) in order; the rest from a 'reference' whole. */
function readSections(source: string, sections: readonly number[], options: ExtractOptions, references: boolean | MarkdownReferences,
  paragraphs: Paragraph[], edits: Edit[]): void {
  for (let k = 0, start = 0, open = 0; k + 1 < sections.length; k++) {
    const end = sections[k + 1]!;
    // After an open end, checked again once the section has doubled (linear).
    const read = readSection(source, start, end, lineAfter(source, end), options, references, paragraphs, edits, 0, end - start >= 2 * open);
    if (read === 'open') {
      open = end - start;
      continue; // read with the next section
    }
    open = 0;
    if (read === 'reference') {
      appendShifted(extractMarkdown(source.slice(start), options), start, paragraphs, edits);
      break;
    }
    start = end;
  }
}

/** The extraction of a whole Markdown document, section by section (after the reference surveys when it has `]:`). */
export function extractMarkdownDocument(source: string, options: ExtractOptions): Extraction {
  const meter = new NestingMeter();
  const cuts = new SectionCuts();
  const sections: number[] = [0];
  for (let lineStart = 0; lineStart <= source.length;) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    const depth = meter.line(source, lineStart, lineEnd);
    if (depth > options.limits.depth) throw limitExceeded(`The Markdown nesting (${depth} levels of quotes and lists)`, 'depth', options.limits.depth);
    if (cuts.line(source, lineStart, lineEnd)) sections.push(lineStart);
    lineStart = lineEnd + 1;
  }
  sections.push(source.length);
  const paragraphs: Paragraph[] = [];
  const edits: Edit[] = [];
  let references: boolean | MarkdownReferences = false;
  if (source.includes(']:')) {
    const refs = new MarkdownReferences();
    refs.collect(source);
    readSections(source, sections, options, refs, paragraphs, edits);
    if (refs.spellingsNeeded()) {
      refs.phase = 'spellings';
      readSections(source, sections, options, refs, paragraphs, edits);
    }
    refs.phase = 'convert';
    references = refs;
  }
  readSections(source, sections, options, references, paragraphs, edits);
  return { paragraphs, edits };
}

/** The quote markers a line opens with, read as the line arrives: `>` each with one optional space. */
interface Prefix {
  /** Absolute position read up to, and markers counted there. */
  at: number;
  markers: number;
  /** Still in the run of markers (false once anything else came). */
  open: boolean;
}

/**
 * Markdown converted as it is read: each section is extracted as soon as the next one starts, converted in
 * batches, and released; the output is convertSource() of extractMarkdownDocument() on the whole (but for
 * the giant-section cuts described above).
 */
export function markdownStream(converter: TextConverter, options: ExtractOptions): DocumentStream {
  let refs: MarkdownReferences | null = null;
  let started = false;
  let surveys = 0;
  /** Whether the first survey found `]:` (a possible definition). */
  let colon = false;
  const stream = sectionStream(converter, options, () => (refs?.phase === 'convert' ? refs : true));
  return {
    push(chunk) {
      started = true;
      return stream.push(chunk);
    },
    end() {
      started = true;
      return stream.end();
    },
    survey() {
      if (started) return null;
      if (surveys === 0) {
        // First only whether the document holds `]:` at all (most do not): the sections are read only if it does.
        surveys++;
        let last = '';
        // The quote markers starting each line (a subset of what the conversion's nesting meter counts): a source
        // read once for this survey (standard input, kept aside) is refused as deep as soon as it shows it.
        let markers = 0, counting = true;
        const deep = () => {
          if (markers > options.limits.depth) {
            throw limitExceeded(`The Markdown nesting (${markers} levels of quotes and lists)`, 'depth', options.limits.depth);
          }
        };
        const quotes = (chunk: string) => {
          for (let i = 0; i < chunk.length; i++) {
            const c = chunk.charCodeAt(i);
            if (c === 10) {
              deep();
              markers = 0;
              counting = true;
            } else if (!counting) {
              const next = chunk.indexOf('\n', i);
              if (next < 0) return;
              i = next - 1;
            } else if (c === 62) {
              markers++;
            } else if (c !== 32 && c !== 9) {
              deep(); // the whole run of markers counted, as the conversion counts it
              counting = false;
            }
          }
          deep();
        };
        return {
          push(chunk: string) {
            if (colon) return true;
            quotes(chunk);
            colon = (last + chunk).includes(']:');
            last = chunk.slice(-1);
            return colon;
          },
          end() {},
        };
      }
      refs ??= new MarkdownReferences();
      if (surveys === 1 && colon) {
        surveys++;
        const reader = sectionStream(converter, options, () => refs!);
        const definitions = refs;
        return {
          push: (chunk: string) => {
            definitions.collect(chunk);
            reader.push(chunk);
          },
          end: () => void reader.end(),
        };
      }
      if (surveys === 2) {
        surveys++;
        if (refs.spellingsNeeded()) {
          refs.phase = 'spellings';
          const reader = sectionStream(converter, options, () => refs!);
          return { push: (chunk: string) => void reader.push(chunk), end: () => void reader.end() };
        }
      }
      refs.phase = 'convert';
      return null;
    },
  };
}

/**
 * The sections of a document as it is read, converted (or only surveyed: `references` in a survey phase).
 * `references` is asked when the first section is read.
 */
function sectionStream(converter: TextConverter, options: ExtractOptions, referencesOf: () => true | MarkdownReferences): DocumentStream {
  const limits = options.limits;
  let references: true | MarkdownReferences | null = null;
  const meter = new NestingMeter();
  const cuts = new SectionCuts();
  /** The text not yet released; window[0] is at absolute position `done`. */
  let window = '';
  let done = 0;
  /** Absolute: the start of the section being read, and of the first line not yet read whole. */
  let sectionStart = 0;
  let lineStart = 0;
  /** Quote markers of the current line already released (a giant prefix). */
  let carried = 0;
  let prefix: Prefix = { at: 0, markers: 0, open: true };
  /** From here on everything is held to the end (possible references; see above); -1: not holding. */
  let holdFrom = -1;
  /** The length of the section last found open at its end (see readSection), 0 when none is. */
  let open = 0;
  /** Paragraphs and edits of the sections read since `done`, in window positions, up to `ready`. */
  let paragraphs: Paragraph[] = [];
  let edits: Edit[] = [];
  let ready = 0;

  const release = (until: number): string => {
    if (until <= done) return '';
    const part = window.slice(0, until - done);
    const out = paragraphs.length || edits.length ? convertSource(part, { paragraphs, edits }, converter) : part;
    paragraphs = [];
    edits = [];
    window = window.slice(until - done);
    done = until;
    return out;
  };
  /** Read the section [sectionStart, end) (absolute) into the batch; false when the rest must be held. */
  const section = (end: number, final = false): boolean => {
    if (end <= sectionStart) return true;
    const next = final ? end - done : lineAfter(window, end - done);
    references ??= referencesOf();
    const read = readSection(window, sectionStart - done, end - done, next, options, references, paragraphs, edits, carried, end - sectionStart >= 2 * open);
    if (read === 'reference') {
      holdFrom = sectionStart;
      return false;
    }
    if (read === 'open') {
      open = end - sectionStart;
      return true; // read with the next section
    }
    open = 0;
    carried = 0;
    sectionStart = end;
    ready = end;
    return true;
  };
  const checkDepth = (depth: number) => {
    if (depth > limits.depth) throw limitExceeded(`The Markdown nesting (${depth} levels of quotes and lists)`, 'depth', limits.depth);
  };

  const process = (final: boolean): string => {
    let out = '';
    const end = done + window.length;
    // Complete lines: depth, cuts, sections.
    for (;;) {
      const newline = window.indexOf('\n', lineStart - done);
      if (newline < 0 && !(final && lineStart < end)) break;
      const lineEnd = newline < 0 ? end : done + newline;
      checkDepth(meter.line(window, lineStart - done, lineEnd - done, lineStart === sectionStart ? carried : 0));
      if (cuts.line(window, lineStart - done, lineEnd - done) && holdFrom < 0) section(lineStart);
      lineStart = lineEnd + 1;
      prefix.at = lineStart; // reset in place: no object per line
      prefix.markers = 0;
      prefix.open = true;
    }
    if (final) {
      if (holdFrom < 0) section(end, true);
      if (holdFrom >= 0) {
        out += release(holdFrom);
        appendShifted(extractMarkdown(window, options), 0, paragraphs, edits);
      }
      return out + release(end);
    }
    if (holdFrom >= 0) return release(holdFrom);
    // The line being read: its quote markers so far (a deep document is refused before the rest is read).
    if (prefix.open && lineStart < end) {
      let i = Math.max(prefix.at, lineStart) - done;
      while (i < window.length && window.charCodeAt(i) === 62) {
        prefix.markers++;
        i++;
        if (window.charCodeAt(i) === 32) i++;
      }
      if (i < window.length) prefix.open = false;
      prefix.at = done + i;
      checkDepth(carried + prefix.markers);
    }
    if (end - sectionStart > GIANT && !cuts.inBlock) out += giant(end);
    if (ready - done >= BATCH) out += release(ready);
    return out;
  };

  /** A section past GIANT characters with no cut: pass on what can be (see above). */
  const giant = (end: number): string => {
    let out = '';
    if (lineStart > sectionStart) {
      // Whole lines first: a section of its own.
      if (!section(lineStart)) return release(holdFrom);
    }
    out += release(ready);
    if (end - lineStart <= GIANT) return out;
    if (prefix.markers > 0 && prefix.at - lineStart > GIANT / 2) {
      // A run of quote markers: released, counted on (up to the last marker, whose space may come next).
      let keep = prefix.at;
      if (prefix.open) keep = done + window.lastIndexOf('>', prefix.at - done - 1);
      let counted = 0;
      for (let i = lineStart - done; i < keep - done; i++) if (window.charCodeAt(i) === 62) counted++;
      carried += counted;
      prefix.markers -= counted;
      const part = window.slice(0, keep - done);
      window = window.slice(keep - done);
      done = sectionStart = lineStart = ready = keep;
      return out + part;
    }
    // One long line: cut after a punctuation mark or bracket, before a character that starts nothing.
    for (let p = done + window.length - 1; p > lineStart + GIANT / 2; p--) {
      const before = window.charCodeAt(p - done - 1), at = window.charCodeAt(p - done);
      if (CUT_AFTER.test(String.fromCharCode(before)) && !NO_CUT_BEFORE.test(String.fromCharCode(at))) {
        if (!section(p)) return out + release(holdFrom);
        lineStart = p;
        prefix = { at: p, markers: 0, open: false };
        return out + release(ready);
      }
      if (p < done + window.length - GIANT / 4) break; // none near the end: wait for more
    }
    return out;
  };

  return {
    push(chunk) {
      if (!chunk) return '';
      window += chunk;
      return process(false);
    },
    end() {
      return process(true);
    },
  };
}

/** A long line is cut after one of these (ASCII punctuation but the backslash, CJK punctuation) … */
const CUT_AFTER = /[!-/:-@[\]^-`{-~\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]/;
/** … and before none of these (what could start a block or a construct at the start of a line). */
const NO_CUT_BEFORE = /[\s#>\-+*=_~`<|:!\\\d\ud800-\udfff]/;
