/**
 * Bounds for Markdown before it reaches micromark, whose cost grows with container nesting (blockquotes and
 * lists: each line re-enters every open container). The nesting is estimated by a linear scan of line
 * prefixes — `>` markers and list indentation — and a document deeper than `limits.depth` is refused.
 */
import { limitExceeded, type DocumentLimits } from './format.js';

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;

/**
 * An upper estimate of the deepest container nesting of a Markdown document: per line, the list-item levels open
 * by indentation, plus every further container marker on the line (`>`, and list markers such as `- - - a` or
 * `> 1. > -`, each of which opens one more level).
 */
export function markdownDepth(source: string): number {
  let max = 0;
  const indents: number[] = [];
  let lineStart = 0;
  while (lineStart <= source.length) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    let i = lineStart, markers = 0, firstList = -1;
    for (;;) {
      while (i < lineEnd && (source[i] === ' ' || source[i] === '\t')) i++;
      if (source[i] === '>') {
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
    if (firstList >= 0) {
      while (indents.length && indents[indents.length - 1]! >= firstList) indents.pop();
      indents.push(firstList);
    } else if (!blank) {
      const indent = i - lineStart;
      while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
    }
    max = Math.max(max, markers + indents.length);
    lineStart = lineEnd + 1;
  }
  return max;
}

export function guardMarkdown(source: string, limits: DocumentLimits): void {
  const depth = markdownDepth(source);
  if (depth > limits.depth) throw limitExceeded(`The Markdown nesting (${depth} levels of quotes and lists)`, 'depth', limits.depth);
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
