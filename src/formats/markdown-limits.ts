/**
 * Bounds for Markdown before it reaches micromark, whose cost grows with container nesting (blockquotes and
 * lists: each line re-enters every open container). The nesting is estimated by a linear scan of line
 * prefixes — `>` markers and list indentation — and a document deeper than `limits.depth` is refused.
 */
import { limitExceeded, type DocumentLimits } from './format.js';

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;

/** An upper estimate of the deepest container nesting of a Markdown document. */
export function markdownDepth(source: string): number {
  let max = 0;
  const indents: number[] = [];
  let lineStart = 0;
  while (lineStart <= source.length) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    let i = lineStart, quotes = 0;
    // Blockquote markers, each optionally followed by a space.
    for (;;) {
      while (i < lineEnd && (source[i] === ' ' || source[i] === '\t')) i++;
      if (source[i] !== '>') break;
      quotes++;
      i++;
    }
    const indent = i - lineStart;
    const rest = source.slice(i, Math.min(lineEnd, i + 12));
    if (LIST_MARKER.test(rest)) {
      while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
    } else if (i < lineEnd && source[i] !== '\r') {
      while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
    }
    max = Math.max(max, quotes + indents.length);
    lineStart = lineEnd + 1;
  }
  return max;
}

export function guardMarkdown(source: string, limits: DocumentLimits): void {
  const depth = markdownDepth(source);
  if (depth > limits.depth) throw limitExceeded(`The Markdown nesting (${depth} levels of quotes and lists)`, 'depth', limits.depth);
}
