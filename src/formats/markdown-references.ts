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
 *    are read exactly, and every spelling of every label found is noted.
 *
 * Then the conversion ('convert') knows, for every `[label]`, whether it is a reference and whether its label
 * converts. Memory: the defined labels and one spelling each.
 */

/** A reference label as micromark compares them: whitespace collapsed, case folded. */
const normalizeLabel = (label: string) => label.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase();
/** Keys of the labels met lately (a document uses a few labels many times); cleared when it grows past KEYS. */
const keys = new Map<string, string>();
const KEYS = 4096;
/** The key under which a label (`^` first for a footnote) is looked up. */
export function referenceKey(label: string): string {
  let key = keys.get(label);
  if (key === undefined) {
    key = label.startsWith('^') ? '^' + normalizeLabel(label.slice(1)) : normalizeLabel(label);
    if (keys.size >= KEYS) keys.clear();
    keys.set(label, key);
  }
  return key;
}

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
    if (!this.labels.has(key)) this.labels.set(key, label);
  }

  /** Whether the label `key` (referenceKey) is defined. */
  defined(key: string): boolean {
    return this.labels.has(key);
  }

  /** A label found with this spelling (null: not located), under its mdast identifier. */
  note(identifier: string, spelling: string | null): void {
    const known = this.spellings.get(identifier);
    this.spellings.set(identifier, known === undefined || known === spelling ? spelling : null);
    if (known === undefined && spelling !== null && !spelling.includes('\n')) this.spelt.add(spelling);
  }

  /** Whether a label found with this spelling converts: it is spelt this one way everywhere. */
  converts(identifier: string, spelling: string): boolean {
    return this.spellings.get(identifier) === spelling;
  }

  /** In the 'spellings' survey: whether source[start, end) may hold a label in another spelling than the one noted. */
  mayRespell(source: string, start: number, end: number): boolean {
    // Every bracketed text that may be a label (no unescaped bracket inside, at most 999 characters).
    for (let i = source.indexOf('[', start); i >= 0 && i < end; i = source.indexOf('[', i + 1)) {
      let j = i + 1;
      for (; j < end && j - i <= 1000; j++) {
        const c = source.charCodeAt(j);
        if (c === 92) j++;
        else if (c === 91 || c === 93) break;
      }
      if (j >= end || source.charCodeAt(j) !== 93 || j === i + 1 || j - i > 1000) continue;
      const raw = source.slice(i + 1, j);
      if (this.spelt.has(raw)) continue; // a label's one spelling
      const key = referenceKey(raw);
      if (key.startsWith('^') || !this.labels.has(key)) continue;
      const known = this.spellings.get(key.toLowerCase());
      if (known !== null && (known !== raw || raw.includes('\n'))) return true;
    }
    return false;
  }
}

/** The mdast identifier of a label (as `node.identifier`). */
export const identifierOf = (label: string) => referenceKey(label).toLowerCase();

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
