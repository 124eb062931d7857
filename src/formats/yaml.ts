/**
 * YAML (locale files, front matter, streams of documents): scalar values in mappings and sequences are converted,
 * never keys; comments, anchors, tags, quoting and block-scalar layout stay as written (the yaml package reports
 * each node's source range); placeholders inside values are kept.
 *
 * The yaml package recurses on nesting (10,000 nested flow sequences crash Node outside any try) and takes about
 * 65 times a document's size in memory, so:
 * - the nesting is measured first by a linear scan (YamlDepth, fed chunk by chunk) and a document deeper than
 *   `limits.depth` (or than the parser can read) is refused as soon as the scan sees it, before anything is parsed;
 * - a stream is cut into its documents (`---` lines) and each is parsed alone, so a stream of any length converts
 *   as it is read, in memory bounded by its largest document; one longer than `limits.document` (CLI
 *   --max-document) is refused as soon as that much of it is read;
 * - map keys are checked unique by a hash of their values (the package's own check compares each key with every
 *   other: 12 MB of keys took 171 s).
 */
import { isMap, isScalar, isSeq, parseAllDocuments, Parser, visit, type YAMLError } from 'yaml';
import { extractionStream, type ExtractionSink, type SourceWindow } from './driver.js';
import {
  invalidDocument, limitExceeded, type DocumentLimits, type Extraction, type ExtractOptions, type Paragraph, type StreamingTextFormat,
} from './format.js';
import { messageParagraphs } from './json.js';
import { fastYamlPart, fastYamlRanges, type YamlRoot } from './yaml-fast.js';
import { TopLevelKeys, type KeySet } from './yaml-keys.js';

/**
 * The deepest YAML the yaml package reads: it recurses, reports "Maximum call stack size exceeded" from about 900
 * levels and crashed Node (out of memory in its regular expressions) at 5000; a raised --max-depth cannot help.
 */
export const YAML_PARSER_DEPTH = 500;

const BLOCK_SCALAR = /[|>][-+0-9]*\s*(?:#.*)?\r?$/;
/** JavaScript's \s. */
const isSpace = (c: number) => (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

// Where YamlDepth is in a line: its indentation, a block scalar's body (skipped), compact "- " / "? " entries (a
// dash or question mark waiting for the next character; the spaces after one), the rest of the line, a comment.
const INDENT = 0, SKIP = 1, COMPACT = 2, DASH = 3, SPACES = 4, CHARS = 5, COMMENT = 6;

/**
 * An upper estimate of a YAML document's nesting, read chunk by chunk: block indentation levels and compact "- "
 * entries, plus flow brackets outside quoted scalars and comments. Block scalar bodies (after | or >) are not
 * scanned. Linear, with a stack of indentations (at most one per distinct indentation).
 */
export class YamlDepth {
  /** The deepest nesting seen so far. */
  max = 0;
  private flow = 0;
  /** The open quote (its character code), or 0. */
  private quote = 0;
  private readonly indents: number[] = [];
  /** The indentation a block scalar's body must exceed, or -1. */
  private blockScalar = -1;
  private phase = INDENT;
  private indent = 0;
  private compact = 0;
  private tokenStart = true;
  private previousSpace = true;
  /** A single quote read in a single-quoted scalar: closing, unless a second one follows. */
  private quoteEnds = false;
  private escaped = false;
  /** The last characters of the line so far (for the block scalar indicator at its end). */
  private tail = '';

  write(chunk: string): void {
    let lineStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) {
        const line = chunk.slice(Math.max(lineStart, i - 12), i);
        this.lineEnd(i - lineStart >= 12 ? line : (this.tail + line).slice(-12));
        lineStart = i + 1;
        continue;
      }
      if (this.phase === SKIP || this.phase === COMMENT) {
        const next = chunk.indexOf('\n', i);
        i = (next < 0 ? chunk.length : next) - 1;
        continue;
      }
      this.char(c);
    }
    this.tail = (this.tail + chunk.slice(Math.max(lineStart, chunk.length - 12))).slice(-12);
  }

  end(): void {
    this.lineEnd(this.tail);
  }

  private char(c: number): void {
    switch (this.phase) {
      case INDENT: {
        if (c === 32) {
          this.indent++;
          return;
        }
        const blank = c === 13 || c === 35;
        if (this.blockScalar >= 0 && (blank || this.indent > this.blockScalar)) {
          this.phase = SKIP;
          return;
        }
        this.blockScalar = -1;
        this.tokenStart = true;
        this.previousSpace = true;
        if (!blank && this.quote === 0 && this.flow === 0) {
          const indents = this.indents;
          while (indents.length && indents[indents.length - 1]! >= this.indent) indents.pop();
          indents.push(this.indent);
          this.compact = 0;
          this.phase = COMPACT;
        } else {
          this.phase = CHARS;
        }
        this.char(c);
        return;
      }
      case COMPACT:
        if (c === 45 || c === 63) {
          this.phase = DASH;
          this.dash = c;
          return;
        }
        this.compactDone();
        this.char(c);
        return;
      case DASH:
        if (c === 32 || c === 9) {
          this.compact++;
          this.phase = SPACES;
          return;
        }
        this.compactDone();
        this.char(this.dash);
        this.char(c);
        return;
      case SPACES:
        if (c === 32) return;
        this.phase = COMPACT;
        this.char(c);
        return;
      case CHARS:
        this.text(c);
        return;
    }
  }

  private dash = 0;

  private compactDone(): void {
    this.max = Math.max(this.max, this.indents.length + this.compact);
    this.phase = CHARS;
  }

  /** A character of the line's text (after its indentation and compact entries). */
  private text(c: number): void {
    const space = this.previousSpace;
    this.previousSpace = isSpace(c);
    if (this.quoteEnds) {
      this.quoteEnds = false;
      if (c === 39) return; // '' inside a single-quoted scalar
      this.quote = 0;
    }
    if (this.escaped) {
      this.escaped = false;
      return;
    }
    if (this.quote !== 0) {
      if (c === this.quote) {
        if (c === 39) this.quoteEnds = true;
        else this.quote = 0;
      } else if (c === 92 && this.quote === 34) this.escaped = true;
      return;
    }
    if (c === 35 && space) {
      this.phase = COMMENT;
      return;
    }
    if ((c === 34 || c === 39) && this.tokenStart) this.quote = c;
    else if (c === 91 || c === 123) this.max = Math.max(this.max, this.indents.length + ++this.flow);
    else if ((c === 93 || c === 125) && this.flow > 0) this.flow--;
    this.tokenStart = c === 91 || c === 123 || c === 44 || c === 32 || c === 9 || c === 58 || c === 45;
  }

  private lineEnd(tail: string): void {
    if (this.quoteEnds) {
      this.quoteEnds = false;
      this.quote = 0;
    }
    this.escaped = false;
    if (this.phase === DASH) {
      this.compactDone();
      this.text(this.dash);
    } else if (this.phase === COMPACT || this.phase === SPACES) {
      this.compactDone();
    }
    if ((this.phase === CHARS || this.phase === COMMENT) && this.quote === 0 && this.flow === 0 && BLOCK_SCALAR.test(tail)) {
      this.blockScalar = this.indent;
    } else if (this.phase === INDENT && this.blockScalar < 0) {
      // A line of spaces only: blank.
    }
    this.phase = INDENT;
    this.indent = 0;
    this.tail = '';
  }
}

export function yamlDepth(source: string): number {
  const depth = new YamlDepth();
  depth.write(source);
  depth.end();
  return depth.max;
}

function checkDepth(depth: number, options: ExtractOptions): void {
  if (depth > options.limits.depth) throw limitExceeded(`The YAML nesting (${depth} levels)`, 'depth', options.limits.depth);
  if (depth > YAML_PARSER_DEPTH) {
    throw invalidDocument(`The YAML nesting (${depth} levels) is deeper than the YAML parser can read (${YAML_PARSER_DEPTH} levels, ` +
      'whatever limits.depth or --max-depth allow: it recurses, and overflows the stack near 900); nothing was converted.');
  }
}

/**
 * Where a stream of YAML documents can be cut so that each part parses alone as it does in the stream: before a
 * `---` line that follows some content, and before a directive (`%YAML`, `%TAG`) that follows a `...` line (a
 * directive belongs to the document after it). A line of spaces and tabs only is blank, as comment lines are (in
 * YAML 1.2 it is an l-comment without text; the yaml package reads it so too). Fed chunk by chunk; `cut(position, marker)` is
 * told each cut, `marker` true when the part after it starts with a `---` line.
 */
class DocumentCuts {
  /** Where the current line starts, its first characters, its first character that is neither a space nor a tab. */
  private lineStart = 0;
  private head = '';
  private first = -1;
  private classified = false;
  private content = false;
  private afterEnd = false;
  private base = 0;

  constructor(private readonly cut: (position: number, marker: boolean) => void) {}

  write(chunk: string): void {
    for (let i = 0; i < chunk.length;) {
      if (this.classified) {
        const next = chunk.indexOf('\n', i);
        if (next < 0) break;
        this.newLine(this.base + next + 1);
        i = next + 1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === 10) {
        this.classify(true);
        this.newLine(this.base + i + 1);
      } else {
        if (this.head.length < 4) this.head += chunk[i];
        if (this.first < 0 && c !== 32 && c !== 9) this.first = c;
        if (this.head.length >= 4 && this.first >= 0) this.classify(false);
      }
      i++;
    }
    this.base += chunk.length;
  }

  end(): void {
    if (!this.classified && this.head.length > 0) this.classify(true);
  }

  private newLine(start: number): void {
    this.lineStart = start;
    this.head = '';
    this.first = -1;
    this.classified = false;
  }

  private classify(lineEnded: boolean): void {
    this.classified = true;
    const head = this.head;
    const marker = (text: string) => head.startsWith(text) && (head.length === 3 ? lineEnded : /[ \t\r]/.test(head[3]!));
    if (marker('---')) {
      if (this.content) this.cut(this.lineStart, true);
      this.content = true;
      this.afterEnd = false;
    } else if (head.startsWith('%')) {
      if (this.afterEnd && this.content) {
        this.cut(this.lineStart, false);
        this.content = false;
      }
    } else if (marker('...')) {
      this.content = true;
      this.afterEnd = true;
    } else if (this.first >= 0 && this.first !== 35 && this.first !== 13) {
      this.content = true;
      this.afterEnd = false;
    }
  }
}

/** The 1-based line of `offset` in text. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/**
 * What a part followed by a `---` line is parsed with: the package's errors in a document can depend on a document
 * marker after it. It moves the trailing blank lines of an empty value (`a:` then a line of tabs) to whatever follows
 * at the map's indentation, and a tab line left last in the value is "Tabs are not allowed as indentation"; with
 * nothing after it, the same document parses clean. The empty document this adds has no string scalars.
 */
const NEXT_DOCUMENT = '---\n';
/** What follows a part of a top-level mapping or sequence that is not the document's last (see packageYamlRanges). */
const NEXT_KEY = 'next:\n', NEXT_ITEM = '-\n';

/**
 * The quoted scalar that runs over the `---` line after `text` (parsed with it), as [its offset, its quote], or
 * null. The package runs a quoted scalar never closed to the end of the text, over document markers, unless a
 * closing quote comes anywhere later; then it stops it before the marker. Usually the scalar is an error either way,
 * but one the package drops (a value after a quoted explicit key, `? ''"…`) is not.
 */
function quoteOverMarker(text: string): [number, string] | null {
  let found: [number, string] | null = null;
  const walk = (token: unknown): void => {
    if (found || typeof token !== 'object' || token === null) return;
    if (Array.isArray(token)) return token.forEach(walk);
    const { type, offset, source } = token as { type?: string; offset?: number; source?: string };
    if ((type === 'double-quoted-scalar' || type === 'single-quoted-scalar') && offset! + source!.length > text.length) {
      found = [offset!, source![0]!];
      return;
    }
    Object.values(token).forEach(walk);
  };
  for (const token of new Parser().parse(text + NEXT_DOCUMENT)) walk(token);
  return found;
}

/** The line of the first quoted scalar in `text` that its quote does not close, or 0. */
function unclosedQuote(text: string): number {
  let line = 0;
  const walk = (token: unknown): void => {
    if (line || typeof token !== 'object' || token === null) return;
    if (Array.isArray(token)) return token.forEach(walk);
    const { type, offset, source } = token as { type?: string; offset?: number; source?: string };
    if ((type === 'double-quoted-scalar' || type === 'single-quoted-scalar') && !quoteClosed(text, offset!, offset! + source!.length)) {
      line = lineAt(text, offset!);
      return;
    }
    Object.values(token).forEach(walk);
  };
  for (const token of new Parser().parse(text)) walk(token);
  return line;
}

/**
 * The ranges (start, end, …) of the string scalar values of the YAML documents in `text`, as the yaml package reads
 * them, or an INVALID_DOCUMENT error naming the line (`firstLine` is the line `text` starts on, for messages).
 * `markerAfter`: `text` is a part of a stream followed by a `---` line, parsed as it is in the stream.
 */
export function packageYamlRanges(text: string, firstLine = 1, markerAfter = false, root: YamlRoot | null = null, entryAfter = false): number[] {
  const ranges: number[] = [];
  const invalid = (line: number | string, message: string) =>
    invalidDocument(`Invalid YAML at line ${typeof line === 'number' ? line + firstLine - 1 : line}: ${message}; nothing was converted.`);
  // A quote never closed is reported where the text ends (past a `---` line added after it): named where it opens.
  const refuse = (error: YAMLError) => invalid((error.code === 'MISSING_CHAR' && unclosedQuote(text)) ||
    (error.linePos?.[0].line ?? (error.pos ? lineAt(text, error.pos[0]) : '?')),
    error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''));
  try {
    // Entries of a top-level collection (`root`) followed by another (`entryAfter`) are parsed with one after them:
    // it decides where trailing blank lines belong (and whether a tab among them is an error). It has nothing to
    // convert, and is left out of the key check.
    const next = root && entryAfter ? (root.kind === 'map' ? NEXT_KEY : NEXT_ITEM) : '';
    const documents = parseAllDocuments(markerAfter ? text + NEXT_DOCUMENT : text + next, { uniqueKeys: false });
    if (root) {
      // Read alone, the entries must be what they are in the document: entries of its top-level collection.
      const contents = documents.length === 1 ? documents[0]!.contents : null;
      if (!(root.kind === 'map' ? isMap(contents) : isSeq(contents))) {
        throw documents.length === 1 && documents[0]!.errors.length ? refuse(documents[0]!.errors[0]!)
          : invalid(1, `a line at column 0 in a ${root.kind === 'map' ? 'mapping' : 'sequence'} that is not one of its ${root.kind === 'map' ? 'keys' : 'entries'}`);
      }
    }
    // A part without a document (directives after a `...` line, and nothing else) has its errors on the stream;
    // in the whole text they are the errors of the document before it, and refused. (A text with no document at
    // all, the first part alone, converts to itself, its errors ignored as before: it starts on line 1, a later
    // part after a line of content.)
    if ('empty' in documents && documents.errors.length && firstLine > 1) throw refuse(documents.errors[0]!);
    for (const document of documents) {
      if ('errors' in document && document.errors.length) throw refuse(document.errors[0]!);
      visit(document, {
        Map(_key, node) {
          if (!isMap(node)) return;
          // As the package's own check: scalar keys of equal values (keys of other kinds are never equal). The
          // top-level keys of a part are checked against those of the parts before it.
          const top = root !== null && node === document.contents;
          const seen: KeySet = top ? root.keys : new Set<unknown>();
          for (const pair of top && next ? node.items.slice(0, -1) : node.items) {
            const key = pair.key;
            if (!isScalar(key) || (typeof key.value === 'object' && key.value !== null) || Number.isNaN(key.value)) continue;
            const value = typeof key.value === 'number' && Object.is(key.value, -0) ? 0 : key.value;
            if (seen.has(value)) throw invalid(key.range ? lineAt(text, key.range[0]) : '?', 'Map keys must be unique');
            seen.add(value);
          }
        },
        Scalar(key, node) {
          if (!isScalar(node) || !node.range) return;
          if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && !quoteClosed(text, node.range[0], node.range[1])) {
            throw invalid(lineAt(text, node.range[0]), `Missing closing ${text[node.range[0]]}quote (the last quote is escaped)`);
          }
          if (key === 'key' || typeof node.value !== 'string') return;
          ranges.push(node.range[0], node.range[1]);
        },
      });
    }
    // Without the `---` line's document, a quoted scalar ran over it: in the stream, where it stops (and whether it
    // is an error) depends on any quote in the documents after. It is never closed: refused, as the package does
    // whenever it reports it.
    if (markerAfter && !documents.some((document) => (document.range?.[0] ?? 0) >= text.length)) {
      const quote = quoteOverMarker(text);
      if (quote) throw invalid(lineAt(text, quote[0]), `Missing closing ${quote[1]}quote (it runs over the document marker at line ${lineAt(text, text.length) + firstLine - 1})`);
    }
  } catch (error) {
    if (error instanceof RangeError) throw invalidDocument(`The YAML is nested too deeply to parse (${error.message}); nothing was converted.`);
    throw error;
  }
  return ranges;
}

/**
 * The paragraphs of the YAML documents in `text` (one part of a stream), positions plus `offset`; `firstLine` is
 * the line the part starts on, for messages. fanjian's reader (yaml-fast.ts) reads the common syntax; the rest
 * goes to the yaml package.
 */
function partParagraphs(text: string, offset: number, firstLine: number, markerAfter: boolean, limits: DocumentLimits,
  each: (paragraph: Paragraph) => void): void {
  if (text.length > limits.document) throw tooLong(firstLine, text.length, limits);
  const ranges = fastYamlRanges(text) ?? packageYamlRanges(text, firstLine, markerAfter);
  const shifted = (p: Paragraph) => each(offset === 0 ? p : {
    segments: p.segments.map((s) => ({ start: (s as { start: number }).start + offset, end: (s as { end: number }).end + offset })),
  });
  for (let i = 0; i < ranges.length; i += 2) messageParagraphs(text, ranges[i]!, ranges[i + 1]!, shifted);
}

/**
 * Whether the quoted scalar text[start, end) ends with its closing quote. The yaml package takes a quote that
 * is never closed to run to the end of the text, and reports no error when the text's last character is an escaped
 * quote (`"a \"`, `'a''`): such a scalar would run over `---` lines, so the whole text and its documents parsed
 * apart would disagree. It is refused, as every other unclosed quote is.
 */
function quoteClosed(text: string, start: number, end: number): boolean {
  const quote = text.charCodeAt(start);
  if (end - start < 2 || text.charCodeAt(end - 1) !== quote) return false;
  // Double quotes: the last one closes unless an odd number of backslashes escapes it. Single quotes: inside, a
  // quote is written twice, so the run of quotes ending the scalar (after the opening one) is odd when it closes.
  const escape = quote === 34 ? 92 : 39;
  let run = 0;
  for (let i = end - 2; i > start && text.charCodeAt(i) === escape; i--) run++;
  return run % 2 === 0;
}

/** A document longer than limits.document, of which `read` characters were read. */
function tooLong(line: number, read: number, limits: DocumentLimits): Error {
  return limitExceeded(`The YAML document at line ${line} (${read} characters or more, held whole to be parsed)`, 'document', limits.document);
}

/** The paragraphs of a whole YAML text: what the stream reads, in one piece (a long document entry by entry too). */
export function extractYaml(source: string, options: ExtractOptions, offset = 0): Extraction {
  const paragraphs: Paragraph[] = [];
  const shifted = (p: Paragraph): Paragraph => (offset === 0 ? p : {
    segments: p.segments.map((s) => ({ start: (s as { start: number }).start + offset, end: (s as { end: number }).end + offset })),
  });
  const window: SourceWindow = { slice: (start, end) => source.slice(start, end), lastIndexOf: (search, at) => source.lastIndexOf(search, at) };
  const extractor = yamlExtractor(options)(window, { paragraph: (p) => paragraphs.push(shifted(p)), edit: () => undefined });
  extractor.write(source);
  extractor.end();
  return { paragraphs, edits: [] };
}

/**
 * A document longer than this (or than limits.document, if lower) is read entry by entry of its top-level mapping
 * or sequence past this point (see DocumentParts); a shorter one is read whole, as extractYaml reads it.
 */
export const YAML_HOLD = 1 << 20;
/** A document's entries are read by fanjian's reader in runs of about this many characters. */
const BATCH = 1 << 16;

/**
 * Where lines at column 0 start that may begin an entry of a top-level collection: `- ` (an entry of a sequence),
 * or anything that may start a key (not a space, tab, comment, blank, document marker, directive, `?`/`:` of a
 * complex key or the end of a flow collection). Fed chunk by chunk; positions are absolute.
 */
class EntryStarts {
  /** The positions found, and for each whether it is a `- ` line; those before `first` are forgotten. */
  readonly positions: number[] = [];
  readonly dashes: boolean[] = [];
  first = 0;
  private base = 0;
  private atLineStart = true;
  /** A `-` at column 0 at the end of the last chunk, its next character not yet seen. */
  private dashAt = -1;

  write(chunk: string): void {
    if (!chunk) return;
    if (this.dashAt >= 0) {
      if (isLineSpace(chunk.charCodeAt(0))) this.found(this.dashAt, true);
      this.dashAt = -1;
    }
    if (this.atLineStart) this.lineStart(chunk, 0);
    for (let nl = chunk.indexOf('\n'); nl >= 0 && nl + 1 < chunk.length; nl = chunk.indexOf('\n', nl + 1)) this.lineStart(chunk, nl + 1);
    this.atLineStart = chunk.charCodeAt(chunk.length - 1) === 10;
    this.base += chunk.length;
  }

  end(): void {
    if (this.dashAt >= 0) this.found(this.dashAt, true);
    this.dashAt = -1;
  }

  /** Forget what is before `position` (in time linear in what is forgotten: many documents end in one chunk). */
  drop(position: number): void {
    const { positions, dashes } = this;
    while (this.first < positions.length && positions[this.first]! < position) this.first++;
    if (this.first > 1024 && this.first * 2 > positions.length) {
      positions.splice(0, this.first);
      dashes.splice(0, this.first);
      this.first = 0;
    }
  }

  private lineStart(chunk: string, i: number): void {
    const c = chunk.charCodeAt(i);
    if (c === 45) {
      if (i + 1 === chunk.length) this.dashAt = this.base + i;
      else if (isLineSpace(chunk.charCodeAt(i + 1))) this.found(this.base + i, true);
    } else if (!NOT_KEY_START.has(c)) {
      this.found(this.base + i, false);
    }
  }

  private found(position: number, dash: boolean): void {
    this.positions.push(position);
    this.dashes.push(dash);
  }
}

/**
 * A document's start that fanjian's reader does not read and the package reads as nothing: a byte-order mark, and a
 * `%YAML 1.2` directive (the package's default version) followed by its `---` line. Other directives (`%TAG`, or
 * `%YAML 1.1`, which reads `yes` as a boolean) change how the entries read: such a document is held whole.
 */
const NEUTRAL_PREFIX = /^\ufeff?(?:%YAML[ \t]+1\.2(?:[ \t]+(?:#[^\n]*)?)?\r?\n(?=---(?:[ \t\r\n]|$)))?/;

/** After a `-` at column 0: it is a sequence entry. */
const isLineSpace = (c: number) => c === 32 || c === 10 || c === 13;
const NOT_KEY_START = new Set([...' \t\r\n#-.%?:]},'].map((c) => c.charCodeAt(0)));

/**
 * One document of a stream, read as it comes, part by part of its top-level block mapping or sequence (at column
 * 0): runs of entries by fanjian's reader, and each entry it does not read alone by the yaml package. An entry at
 * column 0 reads alone as it does in the document: only the top-level keys (checked unique across the parts) and
 * anchors tie entries together, and an alias left unresolved is no error to the package. Up to YAML_HOLD
 * characters (or limits.document, if lower) the document is held, and one that ends within it is read exactly as
 * extractYaml reads it (whole by the package if any part needed it). Past the hold, what is read is converted and
 * released as entries complete, so memory is bounded by the longest entry (limits.document), not the document.
 * Read whole at its end instead, within limits.document: a document whose top level is no such collection, whose
 * first entry fanjian's reader does not read, or with an entry in the hold that the package refuses alone. Past
 * the hold, an entry the package refuses alone is refused with its message: the document is invalid, or valid only
 * in the rare readings where a flow collection or quoted scalar runs over a line at column 0. The output never
 * differs from the whole reading.
 */
class DocumentParts {
  /**
   * 'whole': held, read run by run; 'at end': held, read whole at its end (fanjian's reader stopped, or its top
   * level is not a collection at column 0); 'stream': released entry by entry.
   */
  private mode: 'whole' | 'at end' | 'stream' = 'whole';
  /** Read up to here (by fanjian's reader), and the line it is on. */
  private readTo: number;
  private readLine: number;
  /** Held and released up to here (the driver keeps the text from it on). */
  settled: number;
  private root: YamlRoot | null = null;
  /** Paragraphs of what is read but held (while the document is read whole). */
  private held: Paragraph[] = [];
  /** Held, and some entries were read alone by the package. */
  private mixed = false;
  private readonly hold: number;
  /** Where the document's content starts: past a byte-order mark or `%YAML 1.2` line (NEUTRAL_PREFIX). */
  private begin: number;

  constructor(private readonly source: SourceWindow, private readonly sink: ExtractionSink, private readonly limits: DocumentLimits,
    private readonly starts: EntryStarts, private readonly start: number, private readonly line: number) {
    this.readTo = this.settled = this.begin = start;
    this.readLine = line;
    this.hold = Math.min(YAML_HOLD, limits.document);
  }

  /** The line after the document, once it has ended. */
  endLine = 0;

  /** Text has been read up to `read` (the document goes on). */
  advance(read: number): void {
    if (this.mode !== 'at end') {
      const cuts = this.cuts(read);
      // A run of entries is read when it is long enough, and at every entry once the held text is past the hold.
      if (cuts.length && (cuts[cuts.length - 1]! - this.readTo >= BATCH || read - this.settled > this.hold)) this.read(cuts, false, false);
      // Past the hold, what is read is released, and the rest of the document is read entry by entry.
      if (this.mode === 'whole' && this.root && read - this.start > this.hold && this.readTo > this.start) this.stream(this.readTo);
    }
    const mode: string = this.mode; // read() may have changed it
    if (mode === 'at end') this.starts.drop(read);
    if (read - this.settled > this.limits.document) {
      throw mode !== 'stream' ? tooLong(this.line, read - this.start, this.limits)
        : limitExceeded(`The YAML document at line ${this.line}: its entry at line ${this.readLine} (${read - this.settled} characters or more, held whole to be read)`,
          'document', this.limits.document);
    }
  }

  /** The document ends at `end`, a `---` line after it when `marker`. */
  end(end: number, marker: boolean): void {
    if (this.mode !== 'at end') this.read([...this.cuts(end), end], true, marker);
    if (this.mode === 'whole' && this.mixed) this.mode = 'at end';
    if (this.mode === 'at end') {
      const text = this.source.slice(this.start, end);
      partParagraphs(text, this.start, this.line, marker, this.limits, (p) => this.sink.paragraph(p));
      this.endLine = this.line + lineAt(text, text.length) - 1;
    } else {
      for (const p of this.held) this.sink.paragraph(p);
      this.endLine = this.readLine;
    }
    this.held = [];
    this.settled = end;
    this.starts.drop(end);
  }

  /** The entry starts after what is read and before `before` (those of the top-level collection's kind, once known). */
  private cuts(before: number): number[] {
    const { positions, dashes, first } = this.starts;
    const cuts: number[] = [];
    const dash = this.root ? this.root.kind === 'seq' : null;
    // Before the top level is known (the first run): after the document's first line at column 0, and of its kind.
    for (let i = this.root ? first : first + 1; i < positions.length && positions[i]! < before; i++) {
      const at = positions[i]!;
      if (at > this.readTo && dashes[i] === (dash ?? dashes[first])) cuts.push(at);
    }
    return cuts;
  }

  /** Read the text up to the last of `cuts` (entry starts, or the document's end when `last`). */
  private read(cuts: number[], last: boolean, marker: boolean): void {
    const end = cuts[cuts.length - 1]!;
    if (end <= this.readTo) return;
    let text = this.source.slice(this.readTo, end);
    if (this.readTo === this.begin && this.root === null) {
      // What comes before the content and changes nothing in its reading (a byte-order mark, `%YAML 1.2`) is read
      // past, as the package reads past it: otherwise fanjian's reader stops at it, and the whole document is held.
      const skip = NEUTRAL_PREFIX.exec(text)![0].length;
      if (skip > 0) {
        this.readTo = this.begin += skip;
        this.readLine += lineAt(text, skip) - 1;
        text = text.slice(skip);
      }
    }
    const fast = fastYamlPart(text, this.root);
    if (fast && (fast.root || (last && this.readTo === this.begin))) {
      this.keep(fast.root, last);
      this.take(text, fast.ranges);
    } else {
      // Entry by entry: those fanjian's reader reads, and, past the hold, each other alone by the package.
      for (let i = 0, from = this.readTo; i < cuts.length; from = cuts[i++]!) {
        const to = cuts[i]!;
        if (to <= from) continue;
        const entry = this.source.slice(from, to);
        const alone = fastYamlPart(entry, this.root);
        if (alone && (alone.root || (last && from === this.begin && to === end))) {
          this.keep(alone.root, last);
          this.take(entry, alone.ranges);
          continue;
        }
        const final = last && to === end;
        let ranges: number[];
        try {
          if (this.root === null) throw new Error('the top level cannot be read entry by entry');
          ranges = packageYamlRanges(entry, this.readLine, final && marker, this.root, !final);
        } catch (error) {
          if (this.mode === 'stream') throw error;
          // Held still: the document is read whole at its end (and refused there if it is invalid).
          this.mode = 'at end';
          this.held = [];
          return;
        }
        // Held, the document is read whole at its end if it ends within the hold (as it always was).
        this.mixed = true;
        this.take(entry, ranges);
      }
    }
    if (this.mode === 'stream') this.settled = end;
    this.starts.drop(end);
  }

  /** The top level found by the first run: its keys kept compactly while more runs follow (yaml-keys.ts). */
  private keep(root: YamlRoot | null, last: boolean): void {
    if (this.root || !root) return;
    if (last) {
      this.root = root;
      return;
    }
    const keys = new TopLevelKeys();
    for (const key of root.keys as Set<unknown>) keys.add(key);
    this.root = { kind: root.kind, keys };
  }

  /** From `at` on, the document is read entry by entry: what is held is released. */
  private stream(at: number): void {
    this.mode = 'stream';
    for (const p of this.held) this.sink.paragraph(p);
    this.held = [];
    this.settled = at;
  }

  /** The paragraphs of `ranges` in `text`, the text from readTo; readTo moves past it. */
  private take(text: string, ranges: readonly number[]): void {
    const offset = this.readTo;
    const each = this.mode === 'whole' ? (p: Paragraph) => this.held.push(p) : (p: Paragraph) => this.sink.paragraph(p);
    const shifted = (p: Paragraph) => each({ segments: p.segments.map((s) => ({ start: (s as { start: number }).start + offset, end: (s as { end: number }).end + offset })) });
    for (let i = 0; i < ranges.length; i += 2) messageParagraphs(text, ranges[i]!, ranges[i + 1]!, shifted);
    this.readTo += text.length;
    this.readLine += lineAt(text, text.length) - 1;
  }
}

/**
 * YAML read chunk by chunk: the nesting checked as it is read, each document cut from the next, and read as it
 * comes (DocumentParts).
 */
function yamlExtractor(options: ExtractOptions) {
  return (source: SourceWindow, sink: ExtractionSink) => {
    const depth = new YamlDepth();
    const starts = new EntryStarts();
    let read = 0;
    let document = new DocumentParts(source, sink, options.limits, starts, 0, 1);
    const cuts = new DocumentCuts((position, marker) => {
      document.end(position, marker);
      document = new DocumentParts(source, sink, options.limits, starts, position, document.endLine);
    });
    return {
      write(chunk: string) {
        depth.write(chunk);
        checkDepth(depth.max, options);
        starts.write(chunk);
        cuts.write(chunk);
        read += chunk.length;
        document.advance(read);
      },
      end() {
        depth.end();
        checkDepth(depth.max, options);
        starts.end();
        cuts.end();
        document.end(read, false);
      },
      settled: () => document.settled,
    };
  };
}

export const yamlFormat: StreamingTextFormat = {
  name: 'yaml',
  binary: false,
  extensions: ['yaml', 'yml'],
  description: 'YAML locale files: scalar values, never keys',
  extract: (source, options) => extractYaml(source, options),
  stream: (converter, options) => extractionStream(converter, yamlExtractor(options)),
};
