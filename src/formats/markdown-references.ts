/**
 * Markdown reference definitions known before a document is converted, so that its `[label]` text can be read as it
 * streams. A bracket pair with no inline link after it is a reference only when its label is defined somewhere in
 * the document, before or after; and a label is converted only when every spelling of it agrees (markdown.ts,
 * referenceLabels). Both are document-wide, so a document that can be read more than once (a string, or a file) is
 * read first by cheap surveys (markdown-stream.ts), after a first reading that only looks for `]:` (without it there
 * is no definition, and brackets are text):
 *
 * 1. 'definitions': the sections that hold `]:` are read for their definitions (by the block scan when they are
 *    single-line definitions at the top level, by micromark otherwise, on that section alone: a section parses
 *    alone as it does in the document); the others are not read.
 * 2. 'spellings': the sections where a bracketed text names a defined label in another spelling (or across a line)
 *    are read exactly, and every spelling of every label found is noted. The first survey collects the distinct
 *    bracketed texts of the whole document (a bounded number), so this one is skipped when none of them may.
 *
 * Then the conversion ('convert') knows, for every `[label]`, whether it is a reference and whether its label
 * converts. Memory: the defined labels and one spelling each.
 */

/** A reference label as micromark compares them: whitespace collapsed, case folded. */
const normalizeLabel = (label: string) => label.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase();

/**
 * A string that holds no other: V8 makes a slice of 13 characters or more a view of the string it was cut from, so
 * a label kept from a window of the stream would keep that whole window alive (megabytes per label).
 */
export const detached = (text: string): string => (text.length < 13 ? text : (text + ' ').slice(0, -1));

interface LabelKeys {
  /** referenceKey of the label, and its mdast identifier (the key in lower case). */
  readonly key: string;
  readonly identifier: string;
}
/** Keys of the labels met lately (a document uses a few labels many times); cleared when it grows past KEYS. */
const keys = new Map<string, LabelKeys>();
const KEYS = 4096;
function keysOf(label: string): LabelKeys {
  let found = keys.get(label);
  if (found === undefined) {
    // Detached too: a label with nothing to fold may come back from normalizeLabel as the same slice.
    const key = detached(label.startsWith('^') ? '^' + normalizeLabel(label.slice(1)) : normalizeLabel(label));
    found = { key, identifier: key.toLowerCase() };
    if (keys.size >= KEYS) keys.clear();
    keys.set(detached(label), found);
  }
  return found;
}
/** The key under which a label (`^` first for a footnote) is looked up. */
export const referenceKey = (label: string): string => keysOf(label).key;

/**
 * The end of the text in brackets opened at source[i] (a `[`) that may be a label, as the spellings survey reads
 * one: the index of its `]`; NO_LABEL when it is none (another bracket first, empty, over 999 characters); OPEN when
 * `end` comes first.
 */
function labelEnd(source: string, i: number, end: number): number {
  let j = i + 1;
  for (; j < end && j - i <= 1000; j++) {
    const c = source.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 91 || c === 93) break;
  }
  if (j >= end) return OPEN;
  return source.charCodeAt(j) !== 93 || j === i + 1 || j - i > 1000 ? NO_LABEL : j;
}
const NO_LABEL = -1;
const OPEN = -2;
/** The most distinct bracketed texts, and characters in them, the definitions survey keeps (see collect). */
const BRACKETED = 1 << 16;
const BRACKETED_CHARS = 1 << 21;

export type ReferencePhase = 'definitions' | 'spellings' | 'convert';

export class MarkdownReferences {
  phase: ReferencePhase = 'definitions';
  /** Defined labels: key (referenceKey; `^` first for footnotes) → the label as first written. */
  readonly labels = new Map<string, string>();
  /** The spelling of each label found (definitions and references), by mdast identifier; null when it has several. */
  private readonly spellings = new Map<string, string | null>();
  /** The first spelling noted of each label (a text spelt so needs no second look). */
  private readonly spelt = new Set<string>();

  /** A definition (footnote definitions with `^` first). */
  define(label: string): void {
    const key = referenceKey(label);
    if (!this.labels.has(key)) this.labels.set(key, detached(label));
  }

  /** Whether the label `key` (referenceKey) is defined. */
  defined(key: string): boolean {
    return this.labels.has(key);
  }

  /** A label found with this spelling (null: not located), under its mdast identifier. */
  note(identifier: string, spelling: string | null): void {
    const known = this.spellings.get(identifier);
    if (known === undefined) {
      const kept = spelling === null ? null : detached(spelling);
      this.spellings.set(detached(identifier), kept);
      if (kept !== null && !kept.includes('\n')) this.spelt.add(kept);
    } else if (known !== null && known !== spelling) {
      this.spellings.set(identifier, null);
    }
  }

  /** Whether a label found with this spelling converts: it is spelt this one way everywhere. */
  converts(identifier: string, spelling: string): boolean {
    return this.spellings.get(identifier) === spelling;
  }

  /** In the 'spellings' survey: whether source[start, end) may hold a label in another spelling than the one noted. */
  mayRespell(source: string, start: number, end: number): boolean {
    // Every bracketed text that may be a label (no unescaped bracket inside, at most 999 characters).
    for (let i = source.indexOf('[', start); i >= 0 && i < end; i = source.indexOf('[', i + 1)) {
      const j = labelEnd(source, i, end);
      if (j >= 0 && this.respells(source.slice(i + 1, j))) return true;
    }
    return false;
  }

  /** Whether the bracketed text `raw` is a defined label in another spelling than the one noted (or across lines). */
  private respells(raw: string): boolean {
    if (this.spelt.has(raw)) return false; // a label's one spelling
    const { key, identifier } = keysOf(raw);
    if (key.startsWith('^') || !this.labels.has(key)) return false;
    const known = this.spellings.get(identifier);
    return known !== null && (known !== raw || raw.includes('\n'));
  }

  /**
   * The distinct bracketed texts of the document (as mayRespell reads them, wherever they are), collected in the
   * 'definitions' survey, so that the 'spellings' survey, which reads the sections where one of them respells a
   * label, is skipped when none does; null once there are too many to keep (that survey then reads as before).
   */
  private bracketed: Set<string> | null = new Set();
  private bracketedChars = 0;
  /** The end of the last text given, from its first `[` still open there (at most about 1000 characters). */
  private carry = '';

  /** In the 'definitions' survey: the document's next text (each part once, in order). */
  collect(text: string): void {
    const bracketed = this.bracketed;
    if (bracketed === null) return;
    const source = this.carry ? this.carry + text : text;
    let open = -1;
    for (let i = source.indexOf('['); i >= 0; i = source.indexOf('[', i + 1)) {
      const j = labelEnd(source, i, source.length);
      if (j === OPEN) {
        if (open < 0) open = i;
      } else if (j >= 0) {
        const raw = source.slice(i + 1, j);
        if (bracketed.has(raw)) continue;
        bracketed.add(detached(raw));
        this.bracketedChars += raw.length;
        if (bracketed.size > BRACKETED || this.bracketedChars > BRACKETED_CHARS) {
          this.bracketed = null;
          this.carry = '';
          return;
        }
      }
    }
    this.carry = open < 0 ? '' : detached(source.slice(open));
  }

  /**
   * After the 'definitions' survey (with every part of the document given to collect): whether the 'spellings'
   * survey may read any section. When none of the bracketed texts respells a label, mayRespell is false for every
   * section, and as that survey then reads none, nothing it knows changes.
   */
  spellingsNeeded(): boolean {
    const bracketed = this.bracketed;
    this.bracketed = null;
    this.carry = '';
    if (this.labels.size === 0) return false;
    if (bracketed === null) return true;
    for (const raw of bracketed) if (this.respells(raw)) return true;
    return false;
  }
}

/** The mdast identifier of a label (as `node.identifier`). */
export const identifierOf = (label: string): string => keysOf(label).identifier;

/** definitionLine's answer for a line that is not a definition (a paragraph line). */
export const NOT_DEFINITION = 0;
/** … for a line this scan does not read (the section goes to micromark). */
export const UNSURE = 1;

/**
 * A reference definition written on the line source[at, end) (which starts with `[`): `[label]: destination`, with
 * an optional title in quotes or parentheses, all on the line. Returns [label start, label end, title start, title
 * end] (title -1, -1 when there is none), NOT_DEFINITION when the line cannot be a definition (its label is closed
 * on the line and not followed by `:`), UNSURE for anything else (escapes, labels or titles across lines, a
 * destination on the next line…).
 */
export function definitionLine(source: string, at: number, end: number): number[] | typeof NOT_DEFINITION | typeof UNSURE {
  let i = at + 1;
  if (source.charCodeAt(i) === 94) return UNSURE; // a footnote
  let content = false;
  for (; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c === 92) return UNSURE;
    if (c === 91) return NOT_DEFINITION;
    if (c === 93) break;
    if (c !== 32 && c !== 9) content = true;
  }
  if (i >= end || i - at > 999) return UNSURE;
  if (!content || source.charCodeAt(i + 1) !== 58) return NOT_DEFINITION;
  const labelEnd = i;
  i += 2;
  while (i < end && source.charCodeAt(i) === 32) i++;
  if (i >= end || source.charCodeAt(i) === 9) return UNSURE;
  // The destination: <…> or raw with balanced parentheses.
  if (source.charCodeAt(i) === 60) {
    for (i++; i < end; i++) {
      const c = source.charCodeAt(i);
      if (c === 62) break;
      if (c === 60 || c === 92) return UNSURE;
    }
    if (i >= end) return UNSURE;
    i++;
  } else {
    let balance = 0;
    const start = i;
    for (; i < end; i++) {
      const c = source.charCodeAt(i);
      if (c === 32) break;
      if (c < 32 || c === 127 || c === 92) return UNSURE;
      if (c === 40) {
        if (++balance >= 32) return UNSURE;
      } else if (c === 41) {
        if (--balance < 0) return UNSURE;
      }
    }
    if (balance !== 0 || i === start) return UNSURE;
  }
  const afterDestination = i;
  while (i < end && source.charCodeAt(i) === 32) i++;
  if (i >= end) return [at + 1, labelEnd, -1, -1];
  if (i === afterDestination) return UNSURE;
  const open = source.charCodeAt(i);
  const close = open === 40 ? 41 : open;
  if (open !== 34 && open !== 39 && open !== 40) return UNSURE;
  const titleStart = i + 1;
  for (i = titleStart; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c === close) break;
    if (c === 92 || c === 38 || (open === 40 && c === 40)) return UNSURE;
  }
  if (i >= end) return UNSURE;
  const titleEnd = i;
  for (i++; i < end; i++) if (source.charCodeAt(i) !== 32) return UNSURE;
  return [at + 1, labelEnd, titleStart, titleEnd];
}
