/**
 * The oracle for the YAML extractor (src/formats/yaml.ts): the one it replaced, which parsed a whole text at once
 * with the yaml package's own (quadratic) duplicate-key check. What the new one accepts and the paragraphs it
 * reports must be what this gives, and its depth estimate must be this one's.
 */
import { isScalar, parseAllDocuments, visit } from 'yaml';
import { invalidDocument, limitExceeded, type Extraction, type ExtractOptions, type Paragraph } from '../../src/formats/format.js';
import { messageParagraphs } from '../../src/formats/json.js';

/**
 * An upper estimate of a YAML document's nesting: block indentation levels and compact "- " entries, plus flow
 * brackets outside quoted scalars and comments. Block scalar bodies (after | or >) are not scanned.
 */
export function oracleYamlDepth(source: string): number {
  let max = 0, flow = 0, quote = '';
  const indents: number[] = [];
  let blockScalar = -1; // the indentation a block scalar's body must exceed, or -1
  let lineStart = 0;
  while (lineStart <= source.length) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = source.length;
    let i = lineStart;
    while (i < lineEnd && source.charCodeAt(i) === 32) i++;
    const indent = i - lineStart;
    const blank = i >= lineEnd || /[\r#]/.test(source[i]!);
    if (blockScalar >= 0 && (blank || indent > blockScalar)) {
      lineStart = lineEnd + 1;
      continue;
    }
    blockScalar = -1;
    if (!blank && quote === '' && flow === 0) {
      while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      let compact = 0;
      while (i + 1 < lineEnd && (source[i] === '-' || source[i] === '?') && (source[i + 1] === ' ' || source[i + 1] === '\t')) {
        compact++;
        i += 2;
        while (i < lineEnd && source.charCodeAt(i) === 32) i++;
      }
      max = Math.max(max, indents.length + compact);
    }
    let tokenStart = true;
    for (; i < lineEnd; i++) {
      const c = source[i]!;
      if (quote) {
        if (c === quote) {
          if (quote === "'" && source[i + 1] === "'") i++;
          else quote = '';
        } else if (c === '\\' && quote === '"') i++;
        continue;
      }
      if (c === '#' && (i === lineStart || /\s/.test(source[i - 1]!))) break;
      if ((c === '"' || c === "'") && tokenStart) quote = c;
      else if (c === '[' || c === '{') max = Math.max(max, indents.length + ++flow);
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      tokenStart = c === '[' || c === '{' || c === ',' || c === ' ' || c === '\t' || c === ':' || c === '-';
    }
    if (!quote && flow === 0 && /[|>][-+0-9]*\s*(?:#.*)?\r?$/.test(source.slice(Math.max(lineStart, lineEnd - 12), lineEnd))) blockScalar = indent;
    lineStart = lineEnd + 1;
  }
  return max;
}

/**
 * The deepest YAML the yaml package reads: it recurses, reports "Maximum call stack size exceeded" from about 900
 * levels and crashed Node (out of memory in its regular expressions) at 5000; a raised --max-depth cannot help.
 */
const YAML_PARSER_DEPTH = 500;

export function oracleExtractYaml(source: string, options: ExtractOptions, offset = 0): Extraction {
  const depth = oracleYamlDepth(source);
  if (depth > options.limits.depth) throw limitExceeded(`The YAML nesting (${depth} levels)`, 'depth', options.limits.depth);
  if (depth > YAML_PARSER_DEPTH) {
    throw invalidDocument(`The YAML nesting (${depth} levels) is deeper than the YAML parser can read (${YAML_PARSER_DEPTH} levels, ` +
      'whatever limits.depth or --max-depth allow: it recurses, and overflows the stack near 900); nothing was converted.');
  }
  const paragraphs: Paragraph[] = [];
  try {
    for (const document of parseAllDocuments(source)) {
      if ('errors' in document && document.errors.length) {
        const error = document.errors[0]!;
        throw invalidDocument(`Invalid YAML at line ${error.linePos?.[0].line ?? '?'}: ${error.message.split('\n')[0]}; nothing was converted.`);
      }
      visit(document, {
        Scalar(key, node) {
          if (key === 'key' || !isScalar(node) || typeof node.value !== 'string' || !node.range) return;
          messageParagraphs(source, node.range[0], node.range[1], paragraphs);
        },
      });
    }
  } catch (error) {
    if (error instanceof RangeError) throw invalidDocument(`The YAML is nested too deeply to parse (${error.message}); nothing was converted.`);
    throw error;
  }
  if (offset === 0) return { paragraphs, edits: [] };
  return {
    paragraphs: paragraphs.map((p) => ({ segments: p.segments.map((s) => ({ start: (s as { start: number }).start + offset, end: (s as { end: number }).end + offset })) })),
    edits: [],
  };
}
