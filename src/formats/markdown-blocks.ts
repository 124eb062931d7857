/**
 * The Markdown block layer read without micromark, for what most documents are made of: paragraphs, ATX headings,
 * single-line list items and block quotes (with lazy continuation lines), each paragraph's inline markup read by
 * markdown-inline.ts. Anything else (fences, HTML blocks, tables, indented code, setext headings, nested lists,
 * definitions, busy emphasis…) makes the scan give up on its section, which then goes to micromark.
 *
 * Also here: where a document can be cut into sections that parse alone (SectionCuts, read line by line as the
 * document arrives), and the nesting of quotes and lists per line (NestingMeter), both linear and streaming.
 */
import type { Paragraph } from './format.js';
import { BAIL, OK, scanInline, type InlineResult } from './markdown-inline.js';
import { definitionLine, identifierOf, NOT_DEFINITION, UNSURE, type MarkdownReferences } from './markdown-references.js';

/** A block (between blank lines) holding more delimiter runs than this is left to the masked parser (MAX_DELIMITER_RUNS). */
const DELIMITER_RUNS = 100;
const HEADING = /^(#{1,6}) (?=[^ #])/;
const LIST_ITEM = /^(?:[-+*]|\d{1,9}[.)]) (?=\S)/;
/** What may start a block (or make a line not a plain paragraph line) at the start of a line's content. */
const BLOCK_START = /^(?:[ \t#>\-+=|:<]|\d{1,9}[.)]|```|~~~|\*(?:[ \t]|$)|[*_ ]+$)/;

/**
 * The paragraphs of the section source[start, end) (which starts a line; nothing is open before it), pushed to
 * `out`. `carried`: quote markers of the first line already read (a giant line's prefix, see markdown-stream.ts).
 * OK, or BAIL / REFERENCE (what was pushed is then to be discarded).
 */
export function scanBlocks(source: string, start: number, end: number, out: Paragraph[], references: boolean | MarkdownReferences,
  carried = 0): InlineResult {
  const refs = typeof references === 'object' ? references : null;
  // Collecting definitions, the inline scan only says where it would give up (brackets are read as plain).
  const inline = refs?.phase === 'definitions' ? false : references;
  let depth = 0;
  let kind: 'none' | 'text' | 'list' | 'definition' = 'none';
  let lines: number[] = [];
  let runs = 0;
  const close = (): InlineResult => {
    if (lines.length === 0) return OK;
    const result = scanInline({ source, lines }, out, inline);
    lines = [];
    return result;
  };
  for (let lineStart = start; lineStart < end;) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    // A line's content ends before a carriage return that ends it (CRLF).
    const contentEnd = lineEnd > lineStart && source.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    // Delimiter runs per block, counted as maskDelimiters counts them.
    let blankLine = true;
    for (let i = lineStart; i < lineEnd; i++) {
      const c = source.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13) blankLine = false;
      if ((c === 42 || c === 95 || c === 126) && source.charCodeAt(i - 1) !== c) runs++;
    }
    if (blankLine) runs = 0;
    else if (runs > DELIMITER_RUNS) return BAIL;
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
      depth = markers;
      kind = 'none';
      lineStart = next;
      continue;
    }
    const first = source.charCodeAt(i);
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
    // A line starting with a letter, an ideograph or `[`…: neither heading nor item nor any block start.
    const plain = (first > 96 && first !== 126) || (first > 64 && first < 95);
    const line = plain ? '' : source.slice(i, Math.min(contentEnd, i + 16));
    const heading = plain ? null : HEADING.exec(line);
    const item = plain || heading || markers > 0 || depth > 0 ? null : LIST_ITEM.exec(line);
    const contentStart = i + (heading ? heading[0].length : item ? item[0].length : 0);
    if (!plain || contentStart > i) {
      if (BLOCK_START.test(source.slice(contentStart, Math.min(contentEnd, contentStart + 16)))) return BAIL;
    }
    if (item && (afterDefinition || source.charCodeAt(contentStart) === 91)) return BAIL; // a task list item's [ ]
    if (heading) {
      if (source.charCodeAt(contentEnd - 1) === 35) return BAIL; // a closing sequence
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
      const result = close();
      if (result !== OK) return result;
      lines = [contentStart, contentEnd];
      const inner = close();
      if (inner !== OK) return inner;
      kind = 'list';
    } else {
      if (kind === 'list') return BAIL; // a lazy continuation of the item
      if (kind === 'text' && markers <= depth) {
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
  return close();
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
  /** Whether the last line left a fenced code block open (the giant-section logic may pass its lines as they are). */
  get inFence(): boolean {
    return this.fence !== '';
  }
  get inBlock(): boolean {
    return this.fence !== '' || this.html !== null || this.frontMatter;
  }

  /** The line source[lineStart, lineEnd); true when the document may be cut before it. */
  line(source: string, lineStart: number, lineEnd: number): boolean {
    // Most lines start with a character that opens nothing here and are not blank: only the blank state changes.
    const first = lineEnd > lineStart ? source.charCodeAt(lineStart) : 10;
    if (this.started && !this.frontMatter && this.fence === '' && this.html === null && !this.htmlUntilBlank && first > 96 && first !== 126) {
      const cut = this.blank;
      this.blank = false;
      return cut;
    }
    const line = source.slice(lineStart, Math.min(lineEnd, lineStart + 64));
    this.lines++;
    if (!this.started) {
      this.started = true;
      if (/^---\r?$/.test(line)) {
        this.frontMatter = true;
        return false;
      }
    }
    if (this.frontMatter) {
      if (/^---[ \t]*\r?$/.test(line)) this.frontMatter = false;
      return false;
    }
    const isBlank = /^[ \t]*\r?$/.test(line) && lineEnd - lineStart < 64;
    let cut = false;
    if (this.fence) {
      const close = FENCE.exec(line);
      if (close && close[1]![0] === this.fence[0] && close[1]!.length >= this.fence.length &&
        /^[ \t]*[`~]+[ \t]*\r?$/.test(source.slice(lineStart, lineEnd))) this.fence = '';
    } else if (this.html) {
      if (this.html.test(source.slice(lineStart, lineEnd))) this.html = null;
    } else if (this.htmlUntilBlank) {
      if (isBlank) this.htmlUntilBlank = false;
    } else {
      // Not before an ordered list item either: after indented code and a blank line, micromark reads `2) a` as a
      // paragraph (as if it interrupted one), where a part starting there would read a list item.
      cut = this.blank && !isBlank && !/^(?:[ \t]|---|\d{1,9}[.)])/.test(line);
      const lead = line.trimStart().charCodeAt(0);
      const open = lead === 96 || lead === 126 ? FENCE.exec(line) : null;
      if (open) {
        this.fence = open[1]!;
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
