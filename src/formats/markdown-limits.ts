/**
 * Bounds for Markdown before it reaches micromark, whose cost grows with container nesting (blockquotes and
 * lists: each line re-enters every open container). The nesting is estimated by a linear scan of line
 * prefixes — `>` markers and list indentation — and a document deeper than `limits.depth` is refused.
 */
import { invalidDocument, limitExceeded, type DocumentLimits } from './format.js';
import { NestingMeter, SectionCuts } from './markdown-blocks.js';
import { referenceKey } from './markdown-references.js';

/**
 * An upper estimate of the deepest container nesting of a Markdown document (NestingMeter, line by line): the
 * list-item levels open by indentation, plus every further container marker on a line.
 */
export function markdownDepth(source: string): number {
  const meter = new NestingMeter();
  for (let lineStart = 0; lineStart <= source.length;) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    meter.line(source, lineStart, lineEnd);
    lineStart = lineEnd + 1;
  }
  return meter.max;
}

/**
 * The most `[` open at once in a block (between blank lines; `\\[` does not count): micromark keeps every open
 * bracket as a possible link label and its cost grows with their number (`[` × 1M: minutes and gigabytes).
 */
export function bracketDepth(source: string): number {
  let max = 0, open = 0, newline = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x5b) {
      if (++open > max) max = open;
    } else if (c === 0x5d) {
      if (open > 0) open--;
    } else if (c === 0x5c) {
      i++;
    } else if (c === 0x0a) {
      if (newline) open = 0; // a blank line (possibly with spaces) ends the block
      newline = true;
      continue;
    } else if (c === 0x20 || c === 0x09 || c === 0x0d) {
      continue;
    }
    newline = false;
  }
  return max;
}

/** Past this many `[` open at once in a block, those no `]` closes are read as plain characters (maskBrackets). */
export const MAX_OPEN_BRACKETS = 1000;

/**
 * A `[` that no `]` of its block closes can start no link or image, but micromark still carries it along. When a
 * block holds more than MAX_OPEN_BRACKETS open at once, the parser is given a copy where those unclosed ones are
 * `x` (same length, same positions; the text is cut from the original). Brackets are matched from the end with a
 * counter, which pairs them as a stack would, in constant memory.
 */
export function maskBrackets(source: string): string {
  if (bracketDepth(source) <= MAX_OPEN_BRACKETS) return source;
  const unclosed = new Uint8Array((source.length >> 3) + 1); // one bit per character
  let closers = 0, blankSince = true, count = 0;
  for (let i = source.length - 1; i >= 0; i--) {
    const c = source.charCodeAt(i);
    if (c === 0x0a) {
      if (blankSince) closers = 0;
      blankSince = true;
      continue;
    }
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) blankSince = false;
    if (c !== 0x5b && c !== 0x5d) continue;
    let slashes = 0;
    while (i - slashes - 1 >= 0 && source.charCodeAt(i - slashes - 1) === 0x5c) slashes++;
    if (slashes % 2 === 1) continue;
    if (c === 0x5d) {
      closers++;
    } else if (closers > 0) {
      closers--;
    } else {
      unclosed[i >> 3]! |= 1 << (i & 7);
      count++;
    }
  }
  if (count === 0) return source;
  const parts: string[] = [];
  let at = 0;
  const isUnclosed = (i: number) => (unclosed[i >> 3]! & (1 << (i & 7))) !== 0;
  for (let i = source.indexOf('[', 0); i >= 0; i = source.indexOf('[', at)) {
    if (!isUnclosed(i)) {
      parts.push(source.slice(at, i + 1));
      at = i + 1;
      continue;
    }
    // A run of unclosed brackets becomes one piece of x.
    let j = i + 1;
    while (j < source.length && source.charCodeAt(j) === 0x5b && isUnclosed(j)) j++;
    parts.push(source.slice(at, i), 'x'.repeat(j - i));
    at = j;
  }
  parts.push(source.slice(at));
  return parts.join('');
}

/**
 * The deepest Markdown micromark parses: it recurses on nesting (8000 levels overflow the stack) and its time grows
 * with the square of the depth (4000 levels: about a second), so a raised limits.depth cannot go past it.
 */
export const MARKDOWN_PARSER_DEPTH = 4000;

export function guardMarkdown(source: string, limits: DocumentLimits): void {
  const depth = markdownDepth(source);
  if (depth > limits.depth) throw limitExceeded(`The Markdown nesting (${depth} levels of quotes and lists)`, 'depth', limits.depth);
  if (depth > MARKDOWN_PARSER_DEPTH) {
    throw invalidDocument(`The Markdown nesting (${depth} levels of quotes and lists) is deeper than the Markdown parser can read ` +
      `(${MARKDOWN_PARSER_DEPTH} levels, whatever limits.depth or --max-depth allow); nothing was converted.`);
  }
}

/** Emphasis and strikethrough delimiter runs a block may hold before they are read as plain characters. */
export const MAX_DELIMITER_RUNS = 100;
const DELIMITER = /[*_~]/;

/**
 * micromark matches emphasis (`*`, `_`) and GFM strikethrough (`~`) delimiters pairwise over a paragraph, in time
 * quadratic in their number (`*汉` × 6000: seconds). In a block (between blank lines) holding more than
 * MAX_DELIMITER_RUNS of them, the parser is given a copy where those after the first content character of their
 * line are replaced by `x`: the same length, the same positions, the same block structure (fences, list markers
 * and thematic breaks start a line and are kept), only emphasis is not recognised — which changes nothing
 * converted, since the delimiters are ASCII and ranges are cut from the original.
 */
export function maskDelimiters(source: string): string {
  const parts: string[] = [];
  let copied = 0, blockStart = 0, runs = 0;
  const finishBlock = (blockEnd: number) => {
    if (runs > MAX_DELIMITER_RUNS) {
      parts.push(source.slice(copied, blockStart), maskBlock(source.slice(blockStart, blockEnd)));
      copied = blockEnd;
    }
    runs = 0;
  };
  let lineStart = 0;
  while (lineStart <= source.length) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    if (/^\s*$/.test(source.slice(lineStart, Math.min(lineEnd, lineStart + 200))) && lineEnd - lineStart < 200) {
      finishBlock(lineStart);
      blockStart = lineEnd + 1;
    } else {
      for (let i = lineStart; i < lineEnd; i++) {
        if (DELIMITER.test(source[i]!) && source[i - 1] !== source[i]) runs++;
      }
    }
    lineStart = lineEnd + 1;
  }
  finishBlock(source.length);
  if (copied === 0) return source;
  parts.push(source.slice(copied));
  return parts.join('');
}

function maskBlock(block: string): string {
  return block.split('\n').map((line) => {
    const content = /[^\s>*_~]/.exec(line);
    if (!content) return line;
    return line.slice(0, content.index + 1) + line.slice(content.index + 1).replace(/[*_~]/g, 'x');
  }).join('\n');
}

/**
 * Past this size, a Markdown document is parsed in parts (see markdownCuts). micromark's time and memory grow faster
 * than a part's size: on 600 KB of ordinary Markdown, parts of 256K took 12 s and 800 MB, of 16K 7.3 s and 228 MB.
 */
export const MARKDOWN_CHUNK = 16 * 1024;

/**
 * Where a Markdown document may be cut into parts of about `size` characters (SectionCuts: only between top-level
 * blocks, outside front matter, fenced code and HTML blocks that may hold blank lines). These are proposals:
 * extractMarkdown keeps a cut only when the parser confirms nothing was open there, and gives each part the
 * reference definitions it needs from others (referenceAppendix). micromark's cost grows faster than the text (its
 * event lists are spliced), so bounded parts keep parsing linear. Returns the start of every part after the first.
 */
export function markdownCuts(source: string, size = MARKDOWN_CHUNK): number[] {
  const cuts: number[] = [];
  if (source.length <= size) return cuts;
  const sections = new SectionCuts();
  let last = 0;
  for (let lineStart = 0; lineStart < source.length;) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    if (sections.line(source, lineStart, lineEnd) && lineStart - last >= size) {
      cuts.push(lineStart);
      last = lineStart;
    }
    lineStart = lineEnd + 1;
  }
  return cuts;
}

export { referenceKey };
const BRACKETED = /\[((?:[^[\]\\]|\\.){1,999})\]/g;

/**
 * For a part of a document parsed in parts: definitions of the labels it uses (`[label]`) that other parts define
 * (`labels`: normalized label, with `^` for footnotes → label as written; `own`: the part's), as text to parse
 * after it (beyond its end, so nothing of it is extracted), or '' when it needs none.
 */
export function referenceAppendix(part: string, labels: ReadonlyMap<string, string>, own: ReadonlySet<string>): string {
  const needed = new Set<string>();
  for (const match of part.matchAll(BRACKETED)) {
    const key = referenceKey(match[1]!);
    if (!own.has(key) && labels.has(key)) needed.add(labels.get(key)!);
  }
  // A blank line between definitions: a line right after a footnote definition would continue its text.
  return needed.size ? `\n\n${[...needed].map((label) => `[${label}]: x`).join('\n\n')}\n` : '';
}

/** A line that starts something other than paragraph text (block syntax, indentation), or may (a digit run). */
const SPECIAL_START = /^(?:[ \t#>\-+*=_~`<|[:]|\d{1,9}[.)])/;
/** Characters that may start inline syntax (escapes, code, emphasis, links, HTML, entities, GFM autolinks, tables). */
const INLINE_SYNTAX = /[\\`*_[\]<>!&~|@:\r\t]|www\.|[ ]$/i;
const HEADING = /^(#{1,6}) (?=[^ #])/;
const LIST_ITEM = /^(?:[-+*]|\d{1,9}[.)]) (?=\S)/;

/**
 * The paragraphs of a block of plain text — lines of words with no Markdown syntax at all, ATX headings and
 * single-line list items of such words — read without the parser (which costs about a microsecond a character):
 * each is [start, end) of its text in `source`, offset by `at`. Null when the block holds anything else, left to
 * micromark. The ranges are those micromark gives (checked on random documents by test/formats/markdown-fast.test.ts).
 */
export function plainBlock(source: string, at: number, end: number): number[] | null {
  const ranges: number[] = [];
  let kind: 'none' | 'text' | 'list' = 'none';
  let lineStart = at;
  while (lineStart < end) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    if (lineEnd === lineStart) {
      // Only blank lines may follow (the block's end).
      for (let i = lineStart; i < end; i++) if (source[i] !== '\n') return null;
      break;
    }
    const line = source.slice(lineStart, lineEnd);
    const heading = HEADING.exec(line);
    const item = heading ? null : LIST_ITEM.exec(line);
    const content = heading ? heading[0].length : item ? item[0].length : 0;
    const text = content ? line.slice(content) : line;
    if (SPECIAL_START.test(text) || INLINE_SYNTAX.test(text) || (heading && text.endsWith('#'))) return null;
    if (heading) {
      if (kind === 'list') return null;
      ranges.push(lineStart + content, lineEnd);
      kind = 'none';
    } else if (item) {
      if (kind === 'text') return null; // a list item interrupting a paragraph: left to the parser
      ranges.push(lineStart + content, lineEnd);
      kind = 'list';
    } else {
      if (kind === 'list') return null; // a lazy continuation of the item
      if (kind === 'text') ranges[ranges.length - 1] = lineEnd;
      else ranges.push(lineStart, lineEnd);
      kind = 'text';
    }
    lineStart = lineEnd + 1;
  }
  return ranges;
}
