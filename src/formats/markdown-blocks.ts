/**
 * The Markdown block layer read without micromark, for what most documents are made of: paragraphs, ATX and setext
 * headings, list items of one or more lines (not nested), block quotes (with lazy continuation lines), fenced and
 * indented code, thematic breaks, GFM tables and HTML comment blocks, each paragraph's (heading's, cell's) inline
 * markup read by markdown-inline.ts, masked as micromark is given it in a block of many delimiter runs. Anything
 * else (other HTML blocks, nested lists, fences in containers, definitions in lists…), or anything it is unsure of,
 * makes the scan give up on its section, which then goes to micromark.
 *
 * Also here: where a document can be cut into sections that parse alone (SectionCuts, read line by line as the
 * document arrives), and the nesting of quotes and lists per line (NestingMeter), both linear and streaming.
 */
import type { ExtractOptions, Paragraph } from './format.js';
import { extractMarkup } from './html.js';
import { BAIL, OK, scanInline, type InlineResult } from './markdown-inline.js';
import { definitionLine, identifierOf, NOT_DEFINITION, UNSURE, type MarkdownReferences } from './markdown-references.js';

/** A block (between blank lines) holding more delimiter runs than this is given to micromark masked (MAX_DELIMITER_RUNS). */
const DELIMITER_RUNS = 100;
const MASK_BLANK = /^\s*$/;

/**
 * The end of the block starting at the line at `at` (before the next blank line, or after this line when it is
 * blank), as maskDelimiters cuts blocks and counts their delimiter runs: negative when the block holds more than
 * DELIMITER_RUNS, which micromark then reads masked (its `*`, `_` and `~` after each line's first content character
 * read as letters: scanInline does the same).
 */
function maskedBlockEnd(source: string, at: number, end: number): number {
  const lineEndAt = (lineStart: number) => {
    const newline = source.indexOf('\n', lineStart);
    return newline < 0 || newline > end ? end : newline;
  };
  const blank = (lineStart: number, lineEnd: number) => lineEnd - lineStart < 200 && MASK_BLANK.test(source.slice(lineStart, lineEnd));
  if (blank(at, lineEndAt(at))) return lineEndAt(at) + 1;
  let runs = 0, lineStart = at;
  while (lineStart < end) {
    const lineEnd = lineEndAt(lineStart);
    if (blank(lineStart, lineEnd)) break;
    for (let i = lineStart; i < lineEnd; i++) {
      const c = source.charCodeAt(i);
      if ((c === 42 || c === 95 || c === 126) && source.charCodeAt(i - 1) !== c) runs++;
    }
    lineStart = lineEnd + 1;
  }
  const blockEnd = Math.min(lineStart, end);
  return runs > DELIMITER_RUNS ? -blockEnd : blockEnd;
}
const HEADING = /^(#{1,6}) (?=[^ #])/;
/** A list item's marker and the 1–4 spaces after it (more: its content is indented code), then its content. */
const LIST_ITEM = /^(?:[-+*]|\d{1,9}[.)]) {1,4}(?=\S)/;
/** The marker of a list item that LIST_ITEM found: `-`, `+`, `*`, or the `.` or `)` after a number. */
const markerOf = (item: string) => item.charAt(item.trimEnd().length - 1);
const TASK = /^\[[ \txX]\]/;
/** What may start a block (or make a line not a plain paragraph line) at the start of a line's content. */
const BLOCK_START = /^(?:[ \t#>\-+=|:<]|\d{1,9}[.)](?:[ \t]|$)|```|~~~|\*(?:[ \t]|$)|[*_ ]+$)/;

/**
 * The paragraphs of the section source[start, end) (which starts a line; nothing is open before it), pushed to
 * `out`. `carried`: quote markers of the first line already read (a giant line's prefix, see markdown-stream.ts).
 * `options`: the document's, with which an HTML block's text is read (as HTML, as markdown.ts does); without them
 * HTML blocks are left to micromark.
 * OK, or BAIL / REFERENCE (what was pushed is then to be discarded).
 */
export function scanBlocks(source: string, start: number, end: number, out: Paragraph[], references: boolean | MarkdownReferences,
  carried = 0, options: ExtractOptions | null = null): InlineResult {
  const refs = typeof references === 'object' ? references : null;
  // Collecting definitions, the inline scan only says where it would give up (brackets are read as plain).
  const inline = refs?.phase === 'definitions' ? false : references;
  let depth = 0;
  let kind: 'none' | 'text' | 'list' | 'definition' = 'none';
  let lines: number[] = [];
  /** The current block's end, and whether micromark reads it masked (see maskedBlockEnd). */
  let blockEnd = start, masked = false;
  /** Where that block starts, and whether the one before it was read masked (a paragraph closed by a blank line is in it). */
  let blockStart = start, maskedBefore = false;
  /** In fenced code: the opening fence's length, and its character. */
  let fence = 0, fenceMarker = 0;
  /** A fence in a list item: the item's content column (-1 at the top level). */
  let fenceColumn = -1;
  /** Indented code came, and no block since (blank lines aside). */
  let afterCode = false;
  /**
   * The list items open (a list item came, and no line at column 0 since, but its paragraph's lazy lines and items):
   * each one's content column, outermost first, and its marker (`-`, `+`, `*`, or `.`, `)` after a number).
   */
  const items: number[] = [], itemMarkers: string[] = [];
  /** In an HTML comment block; in a list item, that item's content column (-1 at the top level). */
  let comment = false, commentColumn = -1;
  /** In an HTML block (htmlFlowStart's kind: HTML_RAW or HTML_UNTIL_BLANK), from htmlStart to htmlEnd so far. */
  let html = HTML_NOT, htmlStart = 0, htmlEnd = 0;
  /**
   * A line started with `<` (an HTML block or not): the section's cuts may then have followed another reading
   * (SectionCuts takes some lines for HTML blocks that are not, and misses some that are), so a fence open at its
   * end is left to micromark, which checks where the section ends.
   */
  let htmlSeen = false;
  /**
   * Whether a line's content starting with `<` at `at` is text (it starts no HTML block): in a list item, or a
   * line continuing a paragraph (`continuing`, not lazily: type 7 cannot interrupt one there, but can on a lazy line).
   */
  /** htmlFlowStart as micromark is given the line: in a masked block, its `*`, `_` and `~` after the `<` are `x`. */
  const htmlStartAt = (at: number, contentEnd: number): number => {
    if (!masked) return htmlFlowStart(source, at, contentEnd);
    const line = source.slice(at, contentEnd).replace(/[*_~]/g, 'x');
    return htmlFlowStart(line, 0, line.length);
  };
  const htmlTextAt = (at: number, contentEnd: number, continuing: boolean): boolean => {
    if (!options || source.charCodeAt(at) !== 60) return false;
    htmlSeen = true;
    const type = htmlStartAt(at, contentEnd);
    return type === HTML_NOT || (continuing && type === HTML_COMPLETE);
  };
  /** The HTML block read: its text converted as markdown.ts converts an `html` node (extractMarkup, as HTML). */
  const closeHtml = (): InlineResult => {
    html = HTML_NOT;
    const inner = extractMarkup(source.slice(htmlStart, htmlEnd), { ...options!, xml: false, offset: htmlStart });
    if (inner.edits.length > 0) return BAIL; // (attributes rewritten: this scan has no edits)
    for (const paragraph of inner.paragraphs) out.push(paragraph);
    return OK;
  };
  /** In a table: its delimiter row comes next, or its body. */
  let table = NO_TABLE;
  const close = (): InlineResult => {
    if (lines.length === 0) return OK;
    const result = scanInline({ source, lines }, out, inline, lines[0]! >= blockStart ? masked : maskedBefore);
    lines = [];
    return result;
  };
  /** A table cell's content: a paragraph of one line. */
  const cell = (cellStart: number, cellEnd: number): InlineResult => {
    lines = [cellStart, cellEnd];
    return close();
  };
  for (let lineStart = start; lineStart < end;) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    // A line's content ends before a carriage return that ends it (CRLF).
    const contentEnd = lineEnd > lineStart && source.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    if (lineStart >= blockEnd) {
      blockStart = lineStart;
      maskedBefore = masked;
      // A new block (between blank lines, as maskDelimiters finds them): is it read masked?
      blockEnd = maskedBlockEnd(source, lineStart, end);
      masked = blockEnd < 0;
      if (masked) blockEnd = -blockEnd;
      if (masked && carried > 0) return BAIL;
    }
    let blankLine = true;
    for (let i = lineStart; i < lineEnd; i++) {
      const c = source.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13) blankLine = false;
      else if (c === 13 && i + 1 < lineEnd) return BAIL; // a carriage return alone ends a line for micromark
    }
    if (fence > 0 && fenceColumn >= 0) {
      // Fenced code in a list item: its lines are those indented to the item's content (or blank), up to a closing
      // fence (0-3 spaces further); a line indented less ends the item and the fence (no lazy lines in code), and is
      // then read as any other.
      let k = lineStart;
      while (k < contentEnd && source.charCodeAt(k) === 32) k++;
      if (k < contentEnd && source.charCodeAt(k) === 9) return BAIL;
      if (blankLine || k - lineStart >= fenceColumn) {
        if (!blankLine && fenceLength(source, lineStart + fenceColumn, contentEnd, fenceMarker) >= fence) {
          fence = 0;
          kind = 'none';
        }
        lineStart = lineEnd + 1;
        continue;
      }
      fence = 0;
      kind = 'none';
    }
    if (fence > 0) {
      // Fenced code: nothing converted, up to a closing fence (or the section's end, which is the document's: no
      // cut falls inside a fence).
      if (fenceLength(source, lineStart, contentEnd, fenceMarker) >= fence) {
        fence = 0;
        kind = 'none';
      }
      lineStart = lineEnd + 1;
      continue;
    }
    if (html !== HTML_NOT) {
      // An HTML block: type 1 (`<pre>`, `<script>`, `<style>`, `<textarea>`) up to the line holding its end tag, types
      // 6 and 7 up to a blank line (which is not in it).
      if (html === HTML_RAW || !blankLine) {
        htmlEnd = contentEnd;
        if (html === HTML_RAW && RAW_END.test(source.slice(lineStart, contentEnd))) {
          const result = closeHtml();
          if (result !== OK) return result;
        }
        lineStart = lineEnd + 1;
        continue;
      }
      const result = closeHtml();
      if (result !== OK) return result;
    }
    if (comment) {
      // An HTML comment block: nothing converted, up to the line that ends it (which must end with it). In a list
      // item, its lines are those indented to the item's content, or blank (one the item ends first, or `--!>`, which
      // the HTML reading would take for its end: left to micromark).
      if (commentColumn >= 0 && !blankLine) {
        let k = lineStart;
        while (k < contentEnd && source.charCodeAt(k) === 32) k++;
        if (k - lineStart < commentColumn || source.charCodeAt(k) === 9) return BAIL;
      }
      const ends = within(source, '-->', lineStart, lineEnd);
      if (commentColumn >= 0 && within(source, '--!>', lineStart, ends >= 0 ? ends + 3 : lineEnd) >= 0) return BAIL;
      if (ends >= 0) {
        if (!onlySpaces(source, ends + 3, contentEnd)) return BAIL;
        comment = false;
      }
      lineStart = lineEnd + 1;
      continue;
    }
    if (table !== NO_TABLE && !blankLine) {
      // A table's delimiter row, then its body: rows up to a blank line; a line that may start another block ends it
      // (left to micromark).
      const c = source.charCodeAt(lineStart);
      if (table === TABLE_DELIMITER) table = TABLE_BODY;
      else if (!((c > 96 && c !== 126) || (c > 64 && c < 95) || c === 124) || tableCells(source, lineStart, contentEnd, null, cell) < 0) return BAIL;
      lineStart = lineEnd + 1;
      continue;
    }
    table = NO_TABLE;
    let markers = lineStart === start ? carried : 0;
    let i = lineStart;
    while (i < contentEnd && source.charCodeAt(i) === 62) {
      markers++;
      i++;
      if (source.charCodeAt(i) === 32) i++;
    }
    const next = lineEnd + 1;
    if (i >= contentEnd) {
      // A blank line (in the quotes it continues): ends the paragraph; quotes not continued close.
      const result = close();
      if (result !== OK) return result;
      if (!blankLine && markers === 0) return BAIL;
      if (markers > 0) items.length = itemMarkers.length = 0; // an empty quote ends the lists
      depth = markers;
      kind = 'none';
      lineStart = next;
      continue;
    }
    const first = source.charCodeAt(i);
    // A footnote definition (`[^label]:`, GFM) may interrupt a paragraph, ending a code span the paragraph's first
    // line opened: footnotes are left to micromark (their calls already are, by the inline scan).
    let lead = i;
    while (lead < i + 3 && source.charCodeAt(lead) === 32) lead++;
    if (source.charCodeAt(lead) === 91 && source.charCodeAt(lead + 1) === 94) return BAIL;
    if (i > lineStart || first !== 32) {
      // A line at column 0 closes the lists, but for a lazy line of an item's paragraph (or a new item); a quote
      // (even empty) is never lazy.
      if (kind !== 'list' || markers > 0) items.length = itemMarkers.length = 0;
    } else if (items.length > 0 || (kind === 'none' && depth === 0 && !afterCode && LIST_ITEM.test(source.slice(i + indentOf(source, i), Math.min(contentEnd, i + 20))))) {
      // An indented line under open list items belongs to the deepest item whose content column it reaches (micromark's
      // list continuation; no tabs, no quotes): there it starts a list item (the next of that list, or a nested one),
      // continues the open paragraph (also lazily, in a deeper item), or starts a paragraph after a blank line.
      if (markers > 0) return BAIL;
      let k = i;
      while (k < contentEnd && source.charCodeAt(k) === 32) k++;
      if (source.charCodeAt(k) === 9) return BAIL;
      if (k >= contentEnd) {
        // Only spaces: a blank line, which ends the paragraph and no item.
        const result = close();
        if (result !== OK) return result;
        kind = 'none';
        lineStart = next;
        continue;
      }
      const indent = k - lineStart;
      let level = 0;
      while (level < items.length && items[level]! <= indent) level++;
      const relative = indent - (level > 0 ? items[level - 1]! : 0);
      const head = source.slice(k, Math.min(contentEnd, k + 16));
      const nested = relative < 4 ? LIST_ITEM.exec(head) : null;
      if (nested) {
        const contentStart = k + nested[0].length;
        const marker = markerOf(nested[0]);
        // Another list than the one at that level: an ordered one interrupting a paragraph must start at 1 (only
        // that is read here).
        if (!(level < items.length && itemMarkers[level] === marker) && !/^(?:[-+*]|1[.)]) /.test(nested[0])) return BAIL;
        if (BLOCK_START.test(source.slice(contentStart, Math.min(contentEnd, contentStart + 16))) && !htmlTextAt(contentStart, contentEnd, false)) return BAIL;
        if (TASK.test(source.slice(contentStart, contentStart + 3))) return BAIL;
        if (references !== false && source.charCodeAt(contentStart) === 91 && mayDefine(source, contentStart, contentEnd, end)) return BAIL;
        const result = close();
        if (result !== OK) return result;
        items.length = itemMarkers.length = level;
        items.push(contentStart - lineStart);
        itemMarkers.push(marker);
        lines = [contentStart, contentEnd];
        kind = 'list';
        lineStart = next;
        continue;
      }
      const c = source.charCodeAt(k);
      if (c === 60 && relative < 4 && level > 0 && options && source.startsWith('<!--', k)) {
        // An HTML comment in the item at that level (as at the top level below; it interrupts a paragraph), at the
        // item's column (further in, the spaces before it would be text of the HTML block: left to micromark).
        if (relative > 0 || source.startsWith('>', k + 4) || source.startsWith('->', k + 4)) return BAIL;
        const ends = within(source, '-->', k + 4, lineEnd);
        if (within(source, '--!>', k + 4, ends >= 0 ? ends + 3 : lineEnd) >= 0) return BAIL;
        if (ends >= 0 && !onlySpaces(source, ends + 3, contentEnd)) return BAIL;
        const result = close();
        if (result !== OK) return result;
        items.length = itemMarkers.length = level;
        htmlSeen = true;
        comment = ends < 0;
        commentColumn = items[level - 1]!;
        kind = 'none';
        lineStart = next;
        continue;
      }
      if ((c === 96 || c === 126) && relative < 4 && level > 0) {
        // Fenced code in the item at that level (it interrupts a paragraph, and ends deeper items).
        const block = lineBlock(source, k, contentEnd);
        if (block >= FENCE_BLOCK) {
          const result = close();
          if (result !== OK) return result;
          items.length = itemMarkers.length = level;
          fence = block - FENCE_BLOCK;
          fenceMarker = c;
          fenceColumn = items[level - 1]!;
          kind = 'none';
          lineStart = next;
          continue;
        }
      }
      if (!((c > 96 && c !== 126 && c !== 124) || (c > 64 && c < 95)) && BLOCK_START.test(head) &&
        !(kind === 'list' && relative >= 4 ? c === 60 && options : htmlTextAt(k, contentEnd, kind === 'list' && level === items.length))) return BAIL;
      if (kind === 'list') {
        lines.push(k, contentEnd); // a continuation of the paragraph (indented code cannot interrupt one)
      } else {
        // After a blank line: indented code in the item, or a paragraph after the list (1-3 spaces), are left to micromark.
        if (relative >= 4 || level === 0) return BAIL;
        if (references !== false && c === 91 && mayDefine(source, k, contentEnd, end)) return BAIL;
        items.length = itemMarkers.length = level;
        lines = [k, contentEnd];
        kind = 'list';
      }
      lineStart = next;
      continue;
    }
    if (markers === 0 && (first === 32 || first === 96 || first === 126 || first === 42 || first === 45 || first === 95 || first === 61)) {
      // Top-level blocks of their own line: fences, indented code, thematic breaks, setext underlines.
      const block = lineBlock(source, lineStart, contentEnd);
      if (block !== NONE) {
        if (depth > 0 || kind === 'list' || kind === 'definition') return BAIL;
        if (block === INDENTED) {
          if (kind === 'text') return BAIL; // a continuation line (indented code cannot interrupt a paragraph)
          afterCode = true;
          lineStart = next;
          continue;
        }
        if (block === UNDERLINE && kind !== 'text') return BAIL; // `===` alone is text
        // `---` opening the document is front matter.
        if (block === DASHES && lineStart === start) return BAIL;
        // A paragraph followed by an underline is a heading of the same text.
        const result = close();
        if (result !== OK) return result;
        if (block >= FENCE_BLOCK) {
          fence = block - FENCE_BLOCK;
          fenceMarker = source.charCodeAt(lineStart + indentOf(source, lineStart));
          fenceColumn = -1;
        }
        kind = 'none';
        afterCode = false;
        lineStart = next;
        continue;
      }
    }
    if (first === 60 && markers === 0 && i === lineStart && source.startsWith('<!--', i)) {
      // An HTML comment block (as a tag-free comment, extractMarkup converts nothing in it): `<!-->` and `<!--->`,
      // text after its end, `--!>`, or a comment open to the end are left to micromark.
      if (depth > 0 || kind === 'list' || kind === 'definition' || afterCode) return BAIL;
      // (searched in the section only, and in the comment only: linear)
      const ends = within(source, '-->', i + 4, end);
      if (source.startsWith('>', i + 4) || source.startsWith('->', i + 4) || ends < 0 || within(source, '--!>', i + 4, ends + 3) >= 0) return BAIL;
      const result = close();
      if (result !== OK) return result;
      kind = 'none';
      if (ends < lineEnd) {
        if (!onlySpaces(source, ends + 3, contentEnd)) return BAIL;
      } else {
        comment = true;
        commentColumn = -1;
      }
      lineStart = next;
      continue;
    }
    /** A line starting with `<` that starts no HTML block: paragraph text (its inline HTML read by the inline scan). */
    let htmlText = false;
    if (source.charCodeAt(lead) === 60 && markers === 0) {
      // An HTML block (CommonMark types 1, 6 and 7) at the top level: read whole, up to its end, its text converted as
      // HTML. Types 2–5 other than the comments above, HTML in quotes, list items or after a definition, or
      // indented: left to it.
      if (kind === 'list' && lead === i && depth === 0) {
        // A lazy line of an item's paragraph, unless it starts an HTML block (on a lazy line, micromark lets type 7
        // interrupt the paragraph too).
        if (!htmlTextAt(i, contentEnd, false)) return BAIL;
        htmlText = true;
      } else if (!options || depth > 0 || items.length > 0 || !(kind === 'none' || kind === 'text')) return BAIL;
      htmlSeen = true;
      const type = htmlText ? HTML_NOT : htmlStartAt(lead, contentEnd);
      if (type === HTML_UNSURE) return BAIL;
      if (type === HTML_NOT || (type === HTML_COMPLETE && kind === 'text')) {
        // Text (type 7 cannot interrupt a paragraph): an indented line is left to micromark, as any other.
        if (lead > i) return BAIL;
        htmlText = true;
      } else {
        const result = close();
        if (result !== OK) return result;
        kind = 'none';
        afterCode = false;
        html = type === HTML_RAW ? HTML_RAW : HTML_TO_BLANK;
        htmlStart = lineStart;
        htmlEnd = contentEnd;
        if (html === HTML_RAW && RAW_END.test(source.slice(lead + 1, contentEnd))) {
          const inner = closeHtml();
          if (inner !== OK) return inner;
        }
        lineStart = next;
        continue;
      }
    }
    const afterDefinition = kind === 'definition';
    if (afterDefinition) {
      // A title on the line after a definition, a quote or list after it: left to micromark.
      if (first === 34 || first === 39 || first === 40 || markers > 0) return BAIL;
      kind = 'none';
    }
    if (first === 91 && refs && markers === 0 && kind === 'none') {
      const definition = definitionLine(source, i, contentEnd);
      if (definition === UNSURE) return BAIL;
      if (definition !== NOT_DEFINITION) {
        const result = close();
        if (result !== OK) return result;
        const [labelStart, labelEnd, titleStart, titleEnd] = definition as [number, number, number, number];
        const label = source.slice(labelStart, labelEnd);
        if (refs.phase === 'definitions') refs.define(label);
        if (refs.phase !== 'convert') refs.note(identifierOf(label), label);
        else {
          if (refs.converts(identifierOf(label), label)) out.push({ segments: [{ start: labelStart, end: labelEnd }] });
          if (titleEnd > titleStart) out.push({ segments: [{ start: titleStart, end: titleEnd }] });
        }
        depth = 0;
        kind = 'definition';
        lineStart = next;
        continue;
      }
    }
    // A line starting with a letter, an ideograph or `[`…: neither heading nor item nor any block start (`|` may start
    // a table's delimiter row, after the line that is its head).
    const plain = (first > 96 && first !== 126 && first !== 124) || (first > 64 && first < 95);
    if ((plain || first === 124) && markers === 0 && kind === 'none' && !afterDefinition && !afterCode && depth === 0 && lineEnd < end &&
      within(source, '|', i, contentEnd) >= 0) {
      // A GFM table: this line, then a delimiter row of as many cells.
      const delimiterEnd = lineEndOf(source, lineEnd + 1, end);
      const columns = tableCells(source, lineStart, contentEnd, null);
      if (columns > 0 && within(source, '|', lineEnd + 1, delimiterEnd) >= 0 && tableCells(source, lineEnd + 1, delimiterEnd, DELIMITER_CELL) === columns) {
        const result = tableCells(source, lineStart, contentEnd, null, cell);
        if (result < 0) return BAIL;
        table = TABLE_DELIMITER;
        lineStart = next;
        continue;
      }
    }
    const line = plain ? '' : source.slice(i, Math.min(contentEnd, i + 16));
    const heading = plain ? null : HEADING.exec(line);
    const item = plain || heading || markers > 0 || depth > 0 ? null : LIST_ITEM.exec(line);
    const contentStart = i + (heading ? heading[0].length : item ? item[0].length : 0);
    if ((!plain && !htmlText) || contentStart > i) {
      if (BLOCK_START.test(source.slice(contentStart, Math.min(contentEnd, contentStart + 16))) &&
        !(item && htmlTextAt(contentStart, contentEnd, false))) return BAIL;
    }
    // A task list item's [ ], [x] (a link or brackets after the marker are read as any text).
    if (item && (afterDefinition || TASK.test(source.slice(contentStart, contentStart + 3)))) return BAIL;
    // A definition in a list item: left to micromark.
    if (item && references !== false && source.charCodeAt(contentStart) === 91 && mayDefine(source, contentStart, contentEnd, end)) return BAIL;
    // After indented code micromark reads some items as text (an ordered one not starting at 1, an empty one, also in
    // a quote): left to it (see SectionCuts).
    if (afterCode && (item || markers > 0)) return BAIL;
    afterCode = false;
    if (heading) {
      let last = contentEnd - 1;
      while (last > contentStart && (source.charCodeAt(last) === 32 || source.charCodeAt(last) === 9)) last--;
      if (source.charCodeAt(last) === 35) return BAIL; // a closing sequence
      if (kind === 'list') return BAIL;
      const result = close();
      if (result !== OK) return result;
      depth = markers;
      lines = [contentStart, contentEnd];
      const inner = close();
      if (inner !== OK) return inner;
      kind = 'none';
    } else if (item) {
      if (kind === 'text') return BAIL; // a list item interrupting a paragraph
      // After an item's line, an ordered item of another list not starting at 1 may be a lazy line of its paragraph.
      const marker = markerOf(item[0]);
      if (kind === 'list' && first >= 48 && first <= 57 && marker !== itemMarkers[0] && !/^0*1[.)]/.test(item[0])) return BAIL;
      items.length = itemMarkers.length = 0;
      items.push(contentStart - lineStart);
      itemMarkers.push(marker);
      const result = close();
      if (result !== OK) return result;
      lines = [contentStart, contentEnd]; // its paragraph, which lines after it may continue
      kind = 'list';
    } else {
      if (kind === 'list') {
        if (markers > 0) return BAIL;
        lines.push(contentStart, contentEnd); // a lazy continuation of the item's paragraph
      } else if (kind === 'text' && markers <= depth) {
        lines.push(contentStart, contentEnd); // a continuation line (lazy when fewer markers)
      } else {
        // A definition in a quote: left to micromark.
        if (refs && markers > 0 && first === 91) return BAIL;
        const result = close();
        if (result !== OK) return result;
        depth = markers;
        lines = [contentStart, contentEnd];
        kind = 'text';
      }
    }
    lineStart = next;
  }
  if (fence > 0 && (htmlSeen || fenceColumn >= 0)) return BAIL;
  if (comment && commentColumn >= 0) return BAIL; // open to the section's end // (a fence in an item: the cuts may not have followed it)
  if (html === HTML_RAW) return BAIL; // open to the section's end: left to micromark (which checks where it ends)
  if (html !== HTML_NOT) {
    const result = closeHtml();
    if (result !== OK) return result;
  }
  return close();
}

/** What a line starting with `<` opens (htmlFlowStart): nothing, an HTML block of type 1, 6 or 7, or unsure. */
const HTML_NOT = 0, HTML_RAW = 1, HTML_BASIC = 6, HTML_COMPLETE = 7, HTML_UNSURE = 9;
/** An HTML block of type 6 or 7 (read up to a blank line). */
const HTML_TO_BLANK = HTML_BASIC;
const RAW_NAMES = new Set(['pre', 'script', 'style', 'textarea']);
/** The end of a type 1 block: micromark's end tag of any raw name, whichever opened it. */
const RAW_END = /<\/(?:pre|script|style|textarea)>/i;
/** CommonMark's block-level names (type 6), as micromark lists them. */
const BLOCK_NAMES = new Set(['address', 'article', 'aside', 'base', 'basefont', 'blockquote', 'body', 'caption', 'center', 'col', 'colgroup', 'dd',
  'details', 'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'frame', 'frameset', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'head', 'header', 'hr', 'html', 'iframe', 'legend', 'li', 'link', 'main', 'menu', 'menuitem', 'nav', 'noframes', 'ol',
  'optgroup', 'option', 'p', 'param', 'search', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'title', 'tr', 'track',
  'ul']);
const isAsciiAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAsciiAlphanumeric = (c: number) => isAsciiAlpha(c) || (c >= 48 && c <= 57);
const isSpaceOrTab = (c: number) => c === 32 || c === 9;

/**
 * The HTML block a line opens at its `<` (source[at]; its content ends at contentEnd), as micromark's html-flow
 * reads the start: HTML_RAW for `<pre`, `<script`, `<style`, `<textarea` (type 1), HTML_BASIC for a block-level
 * name (type 6, opening or closing), HTML_COMPLETE for a line that is one complete open or closing tag of another
 * name and spaces (type 7, which cannot interrupt a paragraph), HTML_NOT for none (the line is text), HTML_UNSURE
 * for `<!` and `<?` (comments, declarations, instructions, CDATA: types 2–5).
 */
function htmlFlowStart(source: string, at: number, contentEnd: number): number {
  let i = at + 1;
  const code = (k: number) => (k < contentEnd ? source.charCodeAt(k) : -1);
  if (code(i) === 33 || code(i) === 63) return HTML_UNSURE;
  const closing = code(i) === 47;
  if (closing) i++;
  if (!isAsciiAlpha(code(i))) return HTML_NOT;
  const nameStart = i;
  while (isAsciiAlphanumeric(code(i)) || code(i) === 45) i++;
  const after = code(i);
  if (!(after === -1 || after === 47 || after === 62 || isSpaceOrTab(after))) return HTML_NOT;
  const name = source.slice(nameStart, i).toLowerCase();
  if (after !== 47 && !closing && RAW_NAMES.has(name)) return HTML_RAW;
  if (BLOCK_NAMES.has(name)) return after !== 47 || code(i + 1) === 62 ? HTML_BASIC : HTML_NOT;
  // Type 7: the tag, then only spaces and tabs, read by micromark's states (attribute names [A-Za-z_:][A-Za-z0-9_.:-]*,
  // values quoted on the line or unquoted).
  if (closing) {
    while (isSpaceOrTab(code(i))) i++;
  } else {
    let state = ATTRIBUTE_NAME_BEFORE, quote = 0;
    for (; state !== TAG_END; i++) {
      const c = code(i);
      if (state === ATTRIBUTE_NAME_BEFORE) {
        if (c === 47) state = SLASH;
        else if (c === 58 || c === 95 || isAsciiAlpha(c)) state = ATTRIBUTE_NAME;
        else if (!isSpaceOrTab(c)) break;
      } else if (state === SLASH) {
        break;
      } else if (state === ATTRIBUTE_NAME) {
        if (!(c === 45 || c === 46 || c === 58 || c === 95 || isAsciiAlphanumeric(c))) { state = ATTRIBUTE_NAME_AFTER; i--; }
      } else if (state === ATTRIBUTE_NAME_AFTER) {
        if (c === 61) state = VALUE_BEFORE;
        else if (!isSpaceOrTab(c)) { state = ATTRIBUTE_NAME_BEFORE; i--; }
      } else if (state === VALUE_BEFORE) {
        if (c === -1 || c === 60 || c === 61 || c === 62 || c === 96) return HTML_NOT;
        if (c === 34 || c === 39) { quote = c; state = VALUE_QUOTED; }
        else if (!isSpaceOrTab(c)) state = VALUE_UNQUOTED;
      } else if (state === VALUE_QUOTED) {
        if (c === -1) return HTML_NOT;
        if (c === quote) state = VALUE_QUOTED_AFTER;
      } else if (state === VALUE_QUOTED_AFTER) {
        if (!(c === 47 || c === 62 || isSpaceOrTab(c))) return HTML_NOT;
        state = ATTRIBUTE_NAME_BEFORE;
        i--;
      } else if (state === VALUE_UNQUOTED) {
        if (c === -1 || c === 34 || c === 39 || c === 47 || c === 60 || c === 61 || c === 62 || c === 96 || isSpaceOrTab(c)) {
          state = ATTRIBUTE_NAME_AFTER;
          i--;
        }
      }
    }
  }
  if (code(i) !== 62) return HTML_NOT;
  for (i++; i < contentEnd; i++) if (!isSpaceOrTab(source.charCodeAt(i))) return HTML_NOT;
  return HTML_COMPLETE;
}
const ATTRIBUTE_NAME_BEFORE = 0, SLASH = 1, ATTRIBUTE_NAME = 2, ATTRIBUTE_NAME_AFTER = 3, VALUE_BEFORE = 4, VALUE_QUOTED = 5,
  VALUE_QUOTED_AFTER = 6, VALUE_UNQUOTED = 7, TAG_END = 8;

/**
 * Whether a definition may start at the `[` at `at` (its line's content ends at contentEnd, the section at `end`), in
 * a list item where this scan reads none: not when definitionLine says the line is none, nor when its label (which
 * may hold escapes and run over lines: micromark's, up to the first `]` not escaped, with no `[` before it) is
 * followed by anything but `:`.
 */
function mayDefine(source: string, at: number, contentEnd: number, end: number): boolean {
  if (definitionLine(source, at, contentEnd) === NOT_DEFINITION) return false;
  const limit = Math.min(end, at + 1000);
  for (let k = at + 1; k < limit; k++) {
    const c = source.charCodeAt(k);
    if (c === 92) k++;
    else if (c === 91) return false;
    else if (c === 93) return source.charCodeAt(k + 1) === 58;
  }
  return true;
}

const NO_TABLE = 0, TABLE_DELIMITER = 1, TABLE_BODY = 2;
const DELIMITER_CELL = /^[ ]*:?-+:?[ ]*$/;

/** Where `text` is first found in source[from, to), or -1 (never searching past `to`). */
function within(source: string, text: string, from: number, to: number): number {
  const first = text.charCodeAt(0);
  for (let k = from; k + text.length <= to; k++) if (source.charCodeAt(k) === first && source.startsWith(text, k)) return k;
  return -1;
}

/** Whether source[from, to) holds only spaces and tabs. */
function onlySpaces(source: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = source.charCodeAt(k);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The end of the line starting at `at` (before its line feed), within `end`. */
function lineEndOf(source: string, at: number, end: number): number {
  const newline = source.indexOf('\n', at);
  const lineEnd = newline < 0 || newline > end ? end : newline;
  return lineEnd > at && source.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
}

/**
 * The cells of a table row source[lineStart, contentEnd) as micromark's GFM tables split it (at each `|` not escaped;
 * `\\` and `\|` are kept whole; a leading pipe and a last empty cell do not count): their number, or -1 when the row
 * is unsure here (tabs, indentation). With `pattern`, -1 unless each cell matches it (a delimiter row). With
 * `read`, each cell's content (without its spaces) is read as one line of inline text, and -1 is returned when that
 * reading is not OK.
 */
function tableCells(source: string, lineStart: number, contentEnd: number, pattern: RegExp | null,
  read?: (start: number, end: number) => InlineResult): number {
  let i = lineStart;
  if (source.charCodeAt(i) === 32 || source.slice(lineStart, contentEnd).includes('\t')) return -1;
  if (source.charCodeAt(i) === 124) i++;
  let count = 0, cellStart = i;
  const cell = (cellEnd: number): boolean => {
    count++;
    if (pattern) return pattern.test(source.slice(cellStart, cellEnd));
    if (!read) return true;
    let a = cellStart, b = cellEnd;
    while (a < b && source.charCodeAt(a) === 32) a++;
    while (b > a && source.charCodeAt(b - 1) === 32) b--;
    return b === a || read(a, b) === OK;
  };
  for (; i < contentEnd; i++) {
    const c = source.charCodeAt(i);
    if (c === 92) {
      const next = source.charCodeAt(i + 1);
      if (next === 92 || next === 124) i++;
    } else if (c === 124) {
      if (!cell(i)) return -1;
      cellStart = i + 1;
    }
  }
  let k = cellStart;
  while (k < contentEnd && source.charCodeAt(k) === 32) k++;
  if (k < contentEnd && !cell(contentEnd)) return -1;
  return count;
}

/** What a line of its own is at the top level (lineBlock): none of these, or fenced code's opening (FENCE_BLOCK + length). */
const NONE = 0, INDENTED = 1, UNDERLINE = 2, DASHES = 3, BREAK_LINE = 4, FENCE_BLOCK = 8;

/** The spaces (up to 4) a line starts with. */
function indentOf(source: string, lineStart: number): number {
  let k = 0;
  while (k < 4 && source.charCodeAt(lineStart + k) === 32) k++;
  return k;
}

/**
 * The top-level block a line is by itself, from its start: indented code (4 spaces, then anything but a tab before
 * the content), a `===` setext underline, a `---` line (setext underline or thematic break), another thematic break,
 * an opening fence (``` without a backtick after it, or ~~~): FENCE_BLOCK + its length; NONE otherwise (or when
 * tabs make it unsure: the line is then read as before, which leaves it to micromark).
 */
function lineBlock(source: string, lineStart: number, contentEnd: number): number {
  const indent = indentOf(source, lineStart);
  let i = lineStart + indent;
  if (i >= contentEnd) return NONE;
  const c = source.charCodeAt(i);
  if (indent === 4) return source.slice(lineStart, contentEnd).includes('\t') ? NONE : INDENTED;
  if (c === 96 || c === 126) {
    let j = i;
    while (j < contentEnd && source.charCodeAt(j) === c) j++;
    if (j - i < 3) return NONE;
    for (let k = j; k < contentEnd; k++) if (source.charCodeAt(k) === 96 && c === 96) return NONE;
    return FENCE_BLOCK + (j - i);
  }
  if (c !== 42 && c !== 45 && c !== 95 && c !== 61) return NONE;
  // A run of one character with spaces between (no tabs: left to micromark).
  let count = 0, spaced = false;
  for (; i < contentEnd; i++) {
    const d = source.charCodeAt(i);
    if (d === c) {
      if (spaced && c === 61) return NONE;
      count++;
    } else if (d === 32) spaced = true;
    else return NONE;
  }
  if (c === 61) return UNDERLINE;
  // `-` and `--` underline a paragraph (alone: an empty list item, or text).
  if (count < 3) return c === 45 && !spaced ? UNDERLINE : NONE;
  return c === 45 ? DASHES : BREAK_LINE;
}

/** The length of the closing fence of `marker` a line is (0 if it is none): 0–3 spaces, the run, then spaces or tabs. */
function fenceLength(source: string, lineStart: number, contentEnd: number, marker: number): number {
  let i = lineStart + indentOf(source, lineStart);
  if (i - lineStart > 3) return 0;
  const runStart = i;
  while (i < contentEnd && source.charCodeAt(i) === marker) i++;
  const length = i - runStart;
  for (; i < contentEnd; i++) {
    const c = source.charCodeAt(i);
    if (c !== 32 && c !== 9) return 0;
  }
  return length;
}

const FENCE = /^ {0,3}(`{3,}(?!.*`)|~{3,})/;
/** HTML blocks that end at a blank line: CommonMark type 6 (block-level names) and 7 (a tag alone on its line). */
const HTML_UNTIL_BLANK = new RegExp('^ {0,3}</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|' +
  'dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|' +
  'menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t>]|/>|$)', 'i');
const HTML_TAG_LINE = /^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*\r?$/;
/** HTML blocks that may hold blank lines (CommonMark types 1–5), with the text that ends each. */
const HTML_BLOCKS: readonly [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

/**
 * Where a Markdown document may be cut into sections that parse alone: before a line that follows a blank line,
 * starts at column 0 (so it continues no list item, indented code or lazy paragraph) and not with `---` or an
 * ordered list marker, outside
 * front matter, fenced code and HTML blocks that may hold blank lines. Inline syntax never crosses a blank line, and
 * nothing else spans one at column 0. Fed complete lines in order, as the document is read.
 */
export class SectionCuts {
  private fence = '';
  private html: RegExp | null = null;
  private blank = false;
  /** In an HTML block that ends at a blank line (its lines open no fence). */
  private htmlUntilBlank = false;
  private started = false;
  private lines = 0;
  /** In front matter: the document opened with `---`; no cut before its closing line. */
  private frontMatter = false;
  /** A list item came (a fence opened with indentation may then be inside one). */
  private listSeen = false;
  /** The open fence's line started with spaces. */
  private fenceIndented = false;
  /**
   * The other reading while it is unsure: a fence opened with indentation after a list item, then a line at column
   * 0, is closed by it when it was in an item, and holds it otherwise. Both are followed, and a cut is made only where
   * both allow one, until they agree again.
   */
  private other: SectionCuts | null = null;
  private stuck = false;
  /** The last line that was not blank was indented code (or a continuation). */
  private indented = false;
  /** Whether the last line left a fenced code block open (the giant-section logic may pass its lines as they are). */
  get inFence(): boolean {
    return this.fence !== '' || (this.other?.inFence ?? false);
  }
  get inBlock(): boolean {
    return this.fence !== '' || this.html !== null || this.frontMatter || this.stuck || (this.other?.inBlock ?? false);
  }

  /** The line source[lineStart, lineEnd); true when the document may be cut before it. */
  line(source: string, lineStart: number, lineEnd: number): boolean {
    // A CR not followed by LF ends a line too (CommonMark): `汉\r```` opens a fence that a reading by LF alone
    // missed, cutting inside it (its code converted, the text after it kept as code). Each part is read as a line;
    // a cut can only come before the first.
    const cr = this.nextCr(source, lineStart);
    if (cr >= 0 && cr + 1 < lineEnd) {
      const cut = this.oneLine(source, lineStart, cr);
      let at = cr + 1;
      for (let next = source.indexOf('\r', at); next >= 0 && next + 1 < lineEnd; next = source.indexOf('\r', at)) {
        this.oneLine(source, at, next);
        at = next + 1;
      }
      this.oneLine(source, at, lineEnd);
      return cut;
    }
    return this.oneLine(source, lineStart, lineEnd);
  }

  /** The first CR at or after `from`, remembered: a search per line to the source's end would be quadratic. */
  private crIn = '';
  private crAt = -1;
  private nextCr(source: string, from: number): number {
    if (source !== this.crIn || (this.crAt >= 0 && this.crAt < from)) {
      this.crIn = source;
      this.crAt = source.indexOf('\r', from);
    }
    return this.crAt;
  }

  private oneLine(source: string, lineStart: number, lineEnd: number): boolean {
    const other = this.other;
    this.other = null;
    const cut = this.read(source, lineStart, lineEnd);
    if (other === null) return cut && !this.stuck;
    const otherCut = other.read(source, lineStart, lineEnd);
    if (other.other !== null || this.other !== null) {
      // A third reading is not followed: no cut at all from here on.
      this.stuck = true;
      this.other = null;
      return false;
    }
    if (other.fence !== this.fence || other.html !== this.html || other.htmlUntilBlank !== this.htmlUntilBlank || other.blank !== this.blank) {
      this.other = other;
    }
    return cut && otherCut && !this.stuck;
  }

  private read(source: string, lineStart: number, lineEnd: number): boolean {
    // Most lines start with a character that opens nothing here and are not blank: only the blank state changes.
    const first = lineEnd > lineStart ? source.charCodeAt(lineStart) : 10;
    if (this.started && !this.frontMatter && this.fence === '' && this.html === null && !this.htmlUntilBlank && first > 96 && first !== 126) {
      const cut = this.blank && !this.indented;
      this.blank = false;
      this.indented = false;
      return cut;
    }
    const line = source.slice(lineStart, Math.min(lineEnd, lineStart + 64));
    this.lines++;
    if (!this.started) {
      this.started = true;
      if (/^---[ \t]*\r?$/.test(line)) { // (micromark allows spaces after the fence)
        this.frontMatter = true;
        return false;
      }
    }
    if (this.frontMatter) {
      if (/^---[ \t]*\r?$/.test(line)) this.frontMatter = false;
      return false;
    }
    // (a carriage return alone ends a line for micromark: `\r\r` is two blank lines)
    const isBlank = /^[ \t\r]*$/.test(line) && lineEnd - lineStart < 64;
    let cut = false;
    if (this.fence && this.fenceIndented && this.listSeen && first !== 32 && first !== 9 && !isBlank) {
      // Unsure (see `other`): this reading keeps the fence, the other closes it and reads the line afresh.
      const other = Object.assign(Object.create(SectionCuts.prototype) as SectionCuts, this);
      other.fence = '';
      other.other = null;
      other.read(source, lineStart, lineEnd);
      this.other = other;
    }
    if (this.fence) {
      const close = FENCE.exec(line);
      if (close && close[1]![0] === this.fence[0] && close[1]!.length >= this.fence.length &&
        /^ {0,3}(?:`+|~+)[ \t]*\r?$/.test(source.slice(lineStart, lineEnd))) this.fence = '';
    } else if (this.html) {
      if (this.html.test(source.slice(lineStart, lineEnd))) this.html = null;
    } else if (this.htmlUntilBlank) {
      if (isBlank) this.htmlUntilBlank = false;
    } else {
      // Not before an ordered list item either: after indented code and a blank line, micromark reads `2) a` as a
      // paragraph (as if it interrupted one), where a part starting there would read a list item.
      // Nor after indented code and blank lines: there micromark reads an empty item (`*`, also in a quote) as text.
      // Nor before a carriage return alone (what follows it may be indented).
      cut = this.blank && !isBlank && !this.indented && !/^(?:[ \t\r]|---|\d{1,9}[.)])/.test(line);
      if (!isBlank) this.indented = /^(?: {4}| {0,3}\t)/.test(line);
      const lead = line.trimStart().charCodeAt(0);
      const open = lead === 96 || lead === 126 ? FENCE.exec(line) : null;
      if (/^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|\r?$)/.test(line)) this.listSeen = true;
      if (open) {
        this.fence = open[1]!;
        this.fenceIndented = first === 32;
      } else if (lead === 60) {
        let found = false;
        for (const [start, end] of HTML_BLOCKS) {
          if (start.test(line)) {
            if (!end.test(source.slice(lineStart, lineEnd))) this.html = end;
            found = true;
            break;
          }
        }
        // Type 7 cannot interrupt a paragraph: taken only after a blank line (micromark confirms the rest).
        if (!found && (HTML_UNTIL_BLANK.test(line) || ((this.blank || this.lines === 1) && HTML_TAG_LINE.test(source.slice(lineStart, lineEnd))))) this.htmlUntilBlank = true;
      }
    }
    this.blank = isBlank && !this.fence && !this.html;
    if (isBlank) this.htmlUntilBlank = false;
    return cut;
  }
}

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;

/**
 * An upper estimate of the container nesting of Markdown, line by line: the list-item levels open by indentation,
 * plus every further container marker on the line (`>`, and list markers such as `- - - a` or `> 1. > -`).
 */
export class NestingMeter {
  private readonly indents: number[] = [];
  max = 0;

  line(source: string, lineStart: number, lineEnd: number, carried = 0): number {
    const first = lineEnd > lineStart ? source.charCodeAt(lineStart) : 10;
    if (carried === 0 && first > 62) {
      this.indents.length = 0; // a line at column 0 with no marker closes every list
      return 0;
    }
    let i = lineStart, markers = carried, firstList = -1;
    for (;;) {
      while (i < lineEnd && (source[i] === ' ' || source[i] === '\t')) i++;
      if (source[i] === '>' && i < lineEnd) {
        markers++;
        i++;
        continue;
      }
      const list = LIST_MARKER.exec(source.slice(i, Math.min(lineEnd, i + 11)));
      if (!list) break;
      if (firstList < 0) firstList = i - lineStart;
      else markers++;
      i += list[0].length;
    }
    const blank = i >= lineEnd || source[i] === '\r';
    const indents = this.indents;
    if (firstList >= 0) {
      while (indents.length && indents[indents.length - 1]! >= firstList) indents.pop();
      indents.push(firstList);
    } else if (!blank) {
      const indent = i - lineStart;
      while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
    }
    const depth = markers + indents.length;
    if (depth > this.max) this.max = depth;
    return depth;
  }
}
