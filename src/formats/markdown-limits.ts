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
