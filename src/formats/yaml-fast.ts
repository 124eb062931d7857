/**
 * A linear reader of the common YAML of locale files, so that most documents never go to the yaml package (which
 * reads about 2 MB a second and takes about 65 times a document's size in memory). It finds what the YAML policy
 * converts — the source range of every scalar value that is a string, never keys — exactly as the package reports
 * it (node.range[0..1]: a quoted scalar with its quotes, a block scalar from its indicator to its last line), and
 * checks keys unique as the package's caller does.
 *
 * It reads block mappings and sequences (also a mapping inside a sequence entry, `- key: value`, and a sequence at
 * its key's indentation), plain and quoted scalars on one line, literal and folded block scalars, comments and a
 * leading `---`. Anything else — flow collections, anchors, aliases, tags, complex keys, multi-line plain or quoted
 * scalars, directives, tabs, a CR outside CRLF, control characters, a key the core schema reads as a number, null or boolean, a
 * duplicate key, and every error — makes it answer null, and the caller parses the document with the yaml package,
 * which stays the reference (test/formats/yaml-fast.test.ts compares the two on random documents).
 */

import type { KeySet } from './yaml-keys.js';

/** Plain scalars the core schema (YAML 1.2, the yaml package's default) reads as null, a boolean or a number. */
const NON_STRING = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)?$/;

/**
 * Characters left to the yaml package: tabs, a CR that does not end a line with LF, controls, line separators,
 * BOM, noncharacters, lone surrogates.
 */
const UNSUPPORTED = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const CR = 13, SPACE = 32, HASH = 35, COLON = 58, DASH = 45, QUOTE = 34, APOSTROPHE = 39, BACKSLASH = 92, PIPE = 124, GREATER = 62;
/** Characters that make a plain key or a plain value's first character something this reader leaves to the package. */
const KEY_STOP = new Set([...'#,[]{}&*!|>\'"%@`<'].map((c) => c.charCodeAt(0)));
const VALUE_START_STOP = new Set([...'[]{}&*!%@`,?:#'].map((c) => c.charCodeAt(0)));
/** Characters a double-quoted scalar may escape (besides \x, \u, \U with hex digits). */
const ESCAPES = new Set([...'0abtnvfre "/\\N_LP '].map((c) => c.charCodeAt(0)));
const HEX_ESCAPES: Readonly<Record<number, number>> = { 120: 2, 117: 4, 85: 8 };
const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

const MAP = 0, SEQ = 1;
/** Implicit keys are at most this long (the yaml package refuses past 1024). */
const MAX_KEY = 1000;

/** Thrown inside the reader when the document is for the yaml package. */
const FALLBACK = Symbol('fallback');

interface Frame {
  readonly indent: number;
  readonly kind: number;
  /** A sequence at its key's indentation (`key:\n- a`): a key at that indentation ends it. */
  readonly sameIndent: boolean;
  readonly keys: KeySet | null;
}

/**
 * The ranges (start, end, start, end…) of the string scalar values of the YAML document `text`, in document order,
 * or null when the yaml package must read it.
 */
export function fastYamlRanges(text: string): number[] | null {
  return fastYamlPart(text, null)?.ranges ?? null;
}

/**
 * The top-level block collection of a document read part by part (yaml.ts): a mapping or a sequence at column 0,
 * and the keys of the mapping's entries read so far (values as the package compares them: strings here).
 */
export interface YamlRoot {
  readonly kind: 'map' | 'seq';
  readonly keys: KeySet;
}

/**
 * fastYamlRanges of a part of a document: with `root`, the part is the next entries of that top-level collection
 * (it starts at a line of an entry at column 0), and it is read as it is in the whole document; its keys join
 * root.keys (and leave them again when the part is for the package: null). Without, the part starts the document.
 * `root` of the result: the document's top-level collection, when it is one at column 0.
 */
export function fastYamlPart(text: string, root: YamlRoot | null): { ranges: number[]; root: YamlRoot | null } | null {
  if (UNSUPPORTED.test(text)) return null;
  const reader = new Reader(text, root);
  try {
    const ranges = reader.read();
    const frame = reader.rootFrame;
    return { ranges, root: root ?? (frame && frame.indent === 0 ? { kind: frame.kind === MAP ? 'map' : 'seq', keys: frame.keys ?? new Set() } : null) };
  } catch (error) {
    if (error === FALLBACK) {
      if (root) for (const key of reader.added) root.keys.delete(key);
      return null;
    }
    throw error;
  }
}

function fallback(): never {
  throw FALLBACK;
}

class Reader {
  private readonly ranges: number[] = [];
  private readonly frames: Frame[] = [];
  /** An empty value (`key:`, `-`) waits for a nested block: the indentation of its owner, and the owner's kind. */
  private pendingIndent = -1;
  private pendingKind = MAP;
  /** After a scalar value: the next line of content may be indented at most this much (-1: no bound). */
  private tight = -1;
  private started = false;
  /** Where the line being read starts, and where the next one does (after its LF). */
  private lineStart = 0;
  private nextLine = 0;

  /** The document's top-level collection (frames[0] once opened), and the keys this part added to it. */
  rootFrame: Frame | null = null;
  readonly added: unknown[] = [];

  constructor(private readonly text: string, root: YamlRoot | null) {
    if (root) {
      this.rootFrame = { indent: 0, kind: root.kind === 'map' ? MAP : SEQ, sameIndent: false, keys: root.kind === 'map' ? root.keys : null };
      this.frames.push(this.rootFrame);
      this.started = true;
    }
  }

  read(): number[] {
    const text = this.text;
    const n = text.length;
    let marker = false;
    let pos = 0;
    while (pos < n) {
      // The line's text ends at its LF or CRLF (eol); the next line starts after the LF.
      let eol = text.indexOf('\n', pos);
      if (eol < 0) eol = n;
      this.nextLine = eol + 1;
      if (eol > pos && text.charCodeAt(eol - 1) === CR) eol--;
      let c = pos;
      while (c < eol && text.charCodeAt(c) === SPACE) c++;
      const indent = c - pos;
      if (c === eol) {
        pos = this.nextLine;
        continue;
      }
      if (text.charCodeAt(c) === HASH) {
        pos = this.nextLine;
        continue;
      }
      // After a scalar, a line indented more would continue it (or be an error): the package's to read.
      if (this.tight >= 0 && indent > this.tight) fallback();
      this.tight = -1;
      if (indent === 0 && (text.startsWith('---', c) || text.startsWith('...', c) || text.charCodeAt(c) === 37)) {
        // Only a `---` line before any content, alone or with a comment.
        if (!text.startsWith('---', c) || marker || this.started) fallback();
        let k = c + 3;
        while (k < eol && text.charCodeAt(k) === SPACE) k++;
        if (k < eol && (k === c + 3 || text.charCodeAt(k) !== HASH)) fallback();
        marker = true;
        pos = this.nextLine;
        continue;
      }
      this.lineStart = pos;
      pos = this.line(c, indent, eol);
    }
    return this.ranges;
  }

  private get top(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  private isDash(c: number, eol: number): boolean {
    return this.text.charCodeAt(c) === DASH && (c + 1 === eol || this.text.charCodeAt(c + 1) === SPACE);
  }

  /** A line of content at column `indent`; returns where the next line starts. */
  private line(c: number, indent: number, eol: number): number {
    if (this.pendingIndent >= 0) {
      const owner = this.pendingIndent;
      this.pendingIndent = -1;
      if (indent > owner) return this.open(c, indent, eol, false);
      if (indent === owner && this.pendingKind === MAP && this.isDash(c, eol)) return this.open(c, indent, eol, true);
      // Otherwise the empty value is null.
    }
    if (this.frames.length === 0) {
      if (this.started) fallback();
      this.started = true;
      return this.open(c, indent, eol, false);
    }
    const frames = this.frames;
    while (frames.length && frames[frames.length - 1]!.indent > indent) frames.pop();
    const top = this.top;
    if (top && top.sameIndent && top.indent === indent && !this.isDash(c, eol)) frames.pop();
    const frame = this.top;
    if (!frame || frame.indent !== indent) fallback();
    return frame.kind === SEQ ? this.sequenceEntry(c, eol) : this.mappingEntry(c, eol);
  }

  /** A new block collection whose first entry starts at c. */
  private open(c: number, indent: number, eol: number, sameIndent: boolean): number {
    const kind = this.isDash(c, eol) ? SEQ : MAP;
    this.frames.push({ indent, kind, sameIndent, keys: kind === MAP ? new Set() : null });
    if (this.frames.length === 1) this.rootFrame = this.frames[0]!;
    return kind === SEQ ? this.sequenceEntry(c, eol) : this.mappingEntry(c, eol);
  }

  private sequenceEntry(c: number, eol: number): number {
    const text = this.text;
    if (!this.isDash(c, eol)) fallback();
    const indent = this.top!.indent;
    let v = c + 1;
    while (v < eol && text.charCodeAt(v) === SPACE) v++;
    if (v === eol || text.charCodeAt(v) === HASH) {
      this.pendingIndent = indent;
      this.pendingKind = SEQ;
      return this.nextLine;
    }
    if (this.isDash(v, eol)) fallback();
    if (this.looksLikeKey(v, eol)) {
      this.frames.push({ indent: v - this.lineStart, kind: MAP, sameIndent: false, keys: new Set() });
      return this.mappingEntry(v, eol);
    }
    return this.value(v, eol, indent);
  }

  private mappingEntry(c: number, eol: number): number {
    const text = this.text;
    const frame = this.top!;
    const after = this.key(c, eol, frame.keys!);
    let v = after;
    while (v < eol && text.charCodeAt(v) === SPACE) v++;
    if (v === eol || text.charCodeAt(v) === HASH) {
      this.pendingIndent = frame.indent;
      this.pendingKind = MAP;
      return this.nextLine;
    }
    return this.value(v, eol, frame.indent);
  }

  /** Whether the content at v is `key: …` (then key() reads it, or leaves the document to the package). */
  private looksLikeKey(v: number, eol: number): boolean {
    const text = this.text;
    const first = text.charCodeAt(v);
    if (first === QUOTE || first === APOSTROPHE) {
      const close = this.closingQuote(v, eol);
      return close >= 0 && text.charCodeAt(close + 1) === COLON;
    }
    for (let j = v; j < eol; j++) {
      const c = text.charCodeAt(j);
      if (c === COLON && (j + 1 === eol || text.charCodeAt(j + 1) === SPACE)) return true;
      if (c === HASH && text.charCodeAt(j - 1) === SPACE) return false;
    }
    return false;
  }

  /** The position of the quote closing the quoted scalar at v on its line, or -1. */
  private closingQuote(v: number, eol: number): number {
    const text = this.text;
    const quote = text.charCodeAt(v);
    for (let j = v + 1; j < eol; j++) {
      const c = text.charCodeAt(j);
      if (quote === QUOTE && c === BACKSLASH) {
        const e = text.charCodeAt(j + 1);
        if (j + 1 >= eol) return -1;
        const hex = HEX_ESCAPES[e];
        if (hex !== undefined) {
          for (let h = 1; h <= hex; h++) if (j + 1 + h >= eol || !isHex(text.charCodeAt(j + 1 + h))) fallback();
          j += 1 + hex;
        } else if (ESCAPES.has(e)) {
          j++;
        } else {
          fallback();
        }
      } else if (c === quote) {
        if (quote === APOSTROPHE && text.charCodeAt(j + 1) === APOSTROPHE && j + 1 < eol) j++;
        else return j;
      }
    }
    return -1;
  }

  /** Reads the key at c (recorded in `keys`, refused when already there); returns the position after its colon. */
  private key(c: number, eol: number, keys: KeySet): number {
    const text = this.text;
    const first = text.charCodeAt(c);
    let value: string;
    let colon: number;
    if (first === QUOTE || first === APOSTROPHE) {
      const close = this.closingQuote(c, eol);
      if (close < 0) fallback();
      const inner = text.slice(c + 1, close);
      if (first === QUOTE && inner.includes('\\')) fallback();
      value = first === APOSTROPHE ? inner.replaceAll("''", "'") : inner;
      colon = close + 1;
      if (text.charCodeAt(colon) !== COLON) fallback();
    } else {
      if (first === DASH || first === 63 /* ? */ || first === COLON || KEY_STOP.has(first)) fallback();
      let j = c;
      for (; j < eol; j++) {
        const ch = text.charCodeAt(j);
        if (ch === COLON) {
          if (j + 1 === eol || text.charCodeAt(j + 1) === SPACE) break;
          fallback();
        }
        if (KEY_STOP.has(ch)) fallback();
      }
      if (j === eol || text.charCodeAt(j - 1) === SPACE) fallback();
      value = text.slice(c, j);
      if (NON_STRING.test(value)) fallback();
      colon = j;
    }
    if (colon - c > MAX_KEY) fallback();
    if (colon + 1 < eol && text.charCodeAt(colon + 1) !== SPACE) fallback();
    if (keys.has(value)) fallback();
    if (keys === this.rootFrame?.keys) this.added.push(value);
    keys.add(value);
    return colon + 1;
  }

  /** The scalar value at v of an entry of the collection indented `owner`; returns where the next line starts. */
  private value(v: number, eol: number, owner: number): number {
    const text = this.text;
    const first = text.charCodeAt(v);
    if (first === PIPE || first === GREATER) return this.blockScalar(v, eol, owner);
    let end: number;
    let string = true;
    if (first === QUOTE || first === APOSTROPHE) {
      const close = this.closingQuote(v, eol);
      if (close < 0) fallback();
      end = close + 1;
      let k = end;
      while (k < eol && text.charCodeAt(k) === SPACE) k++;
      if (k < eol && (k === end || text.charCodeAt(k) !== HASH)) fallback();
    } else {
      if (VALUE_START_STOP.has(first) || (first === DASH && (v + 1 === eol || text.charCodeAt(v + 1) === SPACE))) fallback();
      end = v;
      for (let j = v; j < eol; j++) {
        const c = text.charCodeAt(j);
        if (c === COLON && (j + 1 === eol || text.charCodeAt(j + 1) === SPACE)) fallback();
        if (c === HASH && text.charCodeAt(j - 1) === SPACE) break;
        if (c !== SPACE) end = j + 1;
      }
      string = !NON_STRING.test(text.slice(v, end));
    }
    if (string) this.ranges.push(v, end);
    this.tight = owner;
    return this.nextLine;
  }

  /**
   * A literal or folded block scalar whose indicator is at v (clip or strip chomping, indentation found from its
   * first line): the range runs to the end of its last line that is not blank.
   */
  private blockScalar(v: number, eol: number, owner: number): number {
    const text = this.text;
    const n = text.length;
    let j = v + 1;
    if (j < eol && text.charCodeAt(j) === DASH) j++;
    let k = j;
    while (k < eol && text.charCodeAt(k) === SPACE) k++;
    if (k < eol && (k === j || text.charCodeAt(k) !== HASH)) fallback();
    let contentIndent = -1;
    let bodyEnd = -1;
    let spacesAfter = false;
    for (let p = this.nextLine; p < n;) {
      let e = text.indexOf('\n', p);
      if (e < 0) e = n;
      const textEnd = e > p && text.charCodeAt(e - 1) === CR ? e - 1 : e;
      let q = p;
      while (q < textEnd && text.charCodeAt(q) === SPACE) q++;
      const indent = q - p;
      if (q === textEnd) {
        // A blank line: before the first line of text it may hold no spaces; after the last, no more than its indentation.
        if (contentIndent < 0 ? indent > 0 : indent > contentIndent) spacesAfter = true;
        if (contentIndent < 0 && indent > 0) fallback();
        p = e + 1;
        continue;
      }
      if (contentIndent < 0) {
        if (indent <= owner) break;
        contentIndent = indent;
      } else if (indent < contentIndent) {
        break;
      }
      spacesAfter = false;
      bodyEnd = e < n ? e + 1 : n;
      p = e + 1;
    }
    if (contentIndent < 0 || spacesAfter) fallback();
    this.ranges.push(v, bodyEnd);
    return bodyEnd;
  }
}
