/**
 * The Markdown inline layer read without micromark, for a paragraph or heading of plain block structure: which
 * ranges are human text, and where the paragraph breaks, as CommonMark (micromark + GFM, through mdast) decides them.
 * Linear in the paragraph: code spans are matched by run length with one pointer per length, brackets are a stack
 * whose inactive part is one index, and emphasis is only resolved in blocks of at most MAX_DELIMITER_RUNS runs (the
 * caller leaves busier blocks to the masked parser).
 *
 * Read here: character escapes and references (text), code spans, emphasis and strong (`*`, `_`), GFM strikethrough
 * (`~`, `~~`), hard breaks, inline links and images (with plain titles), autolinks (`<https://…>`, `<a@b.cn>`), raw
 * HTML (tags with attributes, also across lines, comments, processing instructions, declarations: converted as
 * markdown.ts converts its node), plain GFM autolink literals (`https://…`, `www.…` after a space), and references
 * (full, collapsed, shortcut; links and images) when the document's definitions are known (markdown-references.ts).
 * Anything else that could change the result — other autolink literals (`@`, `mailto:`, unusual URLs), raw HTML the
 * HTML layer may rewrite (`lang`, `<meta>`) or in a reference, CDATA, footnote calls, unusual titles, tabs, labels
 * with escapes or line breaks — makes the
 * scan give up (BAIL) and the block goes to micromark; without known definitions, a `]` that closes a bracket
 * without an inline link (a possible reference, which depends on definitions anywhere in the document) gives
 * REFERENCE.
 *
 * The emphasis resolution follows micromark's (attention, then strikethrough, each pairing a closer with the nearest
 * opener before it; the delimiters between a pair are settled inside it first), so that the result is micromark's;
 * test/formats/markdown-inline.test.ts checks it against micromark on random inline strings.
 */
import { DEFAULT_LIMITS, type Paragraph, type Segment } from './format.js';
import { extractMarkup } from './html.js';
import { isInline, TEXT_ATTRIBUTES } from './html-policy.js';
import { identifierOf, referenceKey, type MarkdownReferences } from './markdown-references.js';

export const OK = 0;
export const BAIL = 1;
export const REFERENCE = 2;
export type InlineResult = typeof OK | typeof BAIL | typeof REFERENCE;

/** Character classes as micromark's classifyCharacter: 1 whitespace, 2 punctuation, 0 other. */
const PUNCTUATION = /\p{P}|\p{S}/u;
const WHITESPACE = /\s/;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const s = String.fromCharCode(c);
  ASCII_CLASS[c] = WHITESPACE.test(s) ? 1 : PUNCTUATION.test(s) ? 2 : 0;
}
function classify(code: number): number {
  if (code < 0) return 1; // the start of the paragraph
  if (code < 128) return ASCII_CLASS[code]!;
  const s = String.fromCharCode(code);
  return WHITESPACE.test(s) ? 1 : PUNCTUATION.test(s) ? 2 : 0;
}
const isAsciiPunctuation = (code: number) => code < 128 && code > 32 && ASCII_CLASS[code] === 2;

interface Delimiter {
  /** `*`, `_` or `~` */
  readonly marker: number;
  /** Where the unused part of the run starts, and its length (the run shrinks from the inside as it is used). */
  start: number;
  length: number;
  readonly open: boolean;
  readonly close: boolean;
  /** Settled: paired or turned into text. */
  dead: boolean;
}

/**
 * The open brackets, in typed arrays (a line of a million `[` costs 9 bytes each): where each is, whether it opens
 * an image, and how many delimiters came before it (those after it are its label's).
 */
class Brackets {
  length = 0;
  private at = new Int32Array(16);
  private before = new Int32Array(16);
  private image = new Uint8Array(16);
  push(at: number, image: boolean, delimiters: number): void {
    if (this.length === this.at.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.at = grow(this.at);
      this.before = grow(this.before);
      this.image = grow(this.image);
    }
    this.at[this.length] = at;
    this.before[this.length] = delimiters;
    this.image[this.length++] = image ? 1 : 0;
  }
  get capacity(): number {
    return this.at.length;
  }
  /** Pops the last; its fields are then read with the accessors below. */
  pop(): number {
    return --this.length;
  }
  atOf(k: number): number {
    return this.at[k]!;
  }
  imageOf(k: number): boolean {
    return this.image[k] === 1;
  }
  delimitersOf(k: number): number {
    return this.before[k]!;
  }
}

const STAR = 42, UNDERSCORE = 95, TILDE = 126, BACKTICK = 96, BACKSLASH = 92, OPEN = 91, CLOSE = 93, BANG = 33, NEWLINE = 10;
const LT = 60, GT = 62, PAREN_OPEN = 40, PAREN_CLOSE = 41;

/** Markup marks, per character of the paragraph's text: text, markup read with the text, markup that breaks it. */
const TEXT = 0, MARKUP = 1, BREAK = 2, SKIP = 3, HARD_BREAK = 4;

/**
 * Pair delimiters[from, to) as micromark does (attention first, then strikethrough, except at the top of a paragraph
 * whose first delimiter is a tilde, and inside a link's label: micromark runs a paragraph's resolvers in the order
 * the constructs were first used, a label's in the order of its constructs, strikethrough first),
 * marking the characters used as MARKUP; every delimiter in the range is dead afterwards.
 */
function resolve(delimiters: Delimiter[], from: number, to: number, marks: Uint8Array, strikethroughFirst = false): void {
  for (let pass = 0; pass < 2; pass++) {
    const attention = (pass === 0) !== strikethroughFirst;
    for (let c = from; c < to; c++) {
      const closer = delimiters[c]!;
      if (closer.dead || !closer.close || (closer.marker === TILDE) === attention) continue;
      for (let o = c - 1; o >= from && closer.length > 0; o--) {
        const opener = delimiters[o]!;
        if (opener.dead || !opener.open || opener.marker !== closer.marker || opener.length === 0) continue;
        let use: number;
        if (attention) {
          if ((opener.close || closer.open) && closer.length % 3 && !((opener.length + closer.length) % 3)) continue;
          use = opener.length > 1 && closer.length > 1 ? 2 : 1;
        } else {
          if (opener.length !== closer.length) continue;
          use = closer.length;
        }
        for (let k = 0; k < use; k++) {
          marks[opener.start + opener.length - 1 - k] = MARKUP;
          marks[closer.start + k] = MARKUP;
        }
        opener.length -= use;
        closer.start += use;
        closer.length -= use;
        if (opener.length === 0) opener.dead = true;
        // What lies between is settled inside the pair.
        resolve(delimiters, o + 1, c, marks);
        if (closer.length === 0) break;
        o = c; // the rest of the closer looks again from the nearest opener
      }
      if (closer.length === 0) closer.dead = true;
    }
    for (let k = from; k < to; k++) if ((delimiters[k]!.marker !== TILDE) === attention) delimiters[k]!.dead = true;
  }
  for (let k = from; k < to; k++) delimiters[k]!.dead = true;
}

/**
 * The end of an inline link's resource `(destination)` starting at text[at] === '(', or -1 when there is none
 * (micromark's resource without a title); BAIL_AT when a title or anything this scan does not read follows.
 */
const BAIL_AT = -2;
/** The title resourceEnd found last ([start, end) of its text, maybe empty; both 0 when none). */
let titleStart = 0, titleEnd = 0;
function resourceEnd(text: string, at: number): number {
  titleStart = titleEnd = 0;
  const n = text.length;
  let i = at + 1;
  const space = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === NEWLINE) i++;
      else break;
    }
  };
  space();
  if (i >= n) return -1;
  let c = text.charCodeAt(i);
  if (c === PAREN_CLOSE) return i + 1;
  if (c === LT) {
    for (i++; i < n; i++) {
      c = text.charCodeAt(i);
      if (c === GT) break;
      if (c === LT || c === NEWLINE) return -1;
      if (c === BACKSLASH && i + 1 < n) {
        const next = text.charCodeAt(i + 1);
        if (next === LT || next === GT || next === BACKSLASH) i++;
      }
    }
    if (i >= n) return -1;
    i++;
  } else {
    let balance = 0;
    const start = i;
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      if (balance === 0 && (c === PAREN_CLOSE || c === 32 || c === NEWLINE)) break;
      if (c === PAREN_OPEN) {
        if (balance >= 32) return -1;
        balance++;
      } else if (c === PAREN_CLOSE) {
        balance--;
      } else if (c < 32 || c === 127 || c === 32) {
        return -1;
      } else if (c === BACKSLASH && i + 1 < n) {
        const next = text.charCodeAt(i + 1);
        if (next === PAREN_OPEN || next === PAREN_CLOSE || next === BACKSLASH) i++;
      }
    }
    if (i === start || balance !== 0 || i >= n) return -1;
  }
  space();
  if (i >= n) return -1;
  c = text.charCodeAt(i);
  if (c === PAREN_CLOSE) return i + 1;
  if (c === 34 || c === 39 || c === PAREN_OPEN) {
    // A title on the destination's line, with no escape, entity or line ending (else left to micromark).
    const closer = c === PAREN_OPEN ? PAREN_CLOSE : c;
    const start = i + 1;
    for (i = start; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === closer) break;
      // Quotes and parentheses too: markdown.ts places a title by its last occurrence in the link, which may then be
      // elsewhere (`')'` is found in the link's own `)`).
      if (d === BACKSLASH || d === 38 || d === NEWLINE || d === 34 || d === 39 || d === PAREN_OPEN || d === PAREN_CLOSE) return BAIL_AT;
    }
    if (i >= n) return BAIL_AT;
    titleStart = start;
    titleEnd = i;
    for (i++; i < n && text.charCodeAt(i) === 32; i++);
    if (text.charCodeAt(i) === PAREN_CLOSE) return i + 1;
    return BAIL_AT;
  }
  return -1;
}

/** The matching code span closer: the next run of exactly `length` backticks at or after `from` (runs by length). */
class BacktickRuns {
  private readonly byLength = new Map<number, number[]>();
  private readonly next = new Map<number, number>();
  constructor(text: string) {
    for (let i = text.indexOf('`'); i >= 0; i = text.indexOf('`', i)) {
      let j = i + 1;
      while (text.charCodeAt(j) === BACKTICK) j++;
      const list = this.byLength.get(j - i);
      if (list) list.push(i);
      else this.byLength.set(j - i, [i]);
      i = j;
    }
  }
  find(length: number, from: number): number {
    const list = this.byLength.get(length);
    if (!list) return -1;
    let k = this.next.get(length) ?? 0;
    while (k < list.length && list[k]! < from) k++;
    this.next.set(length, k);
    return k < list.length ? list[k]! : -1;
  }
}

/**
 * Where a GFM autolink literal may be (www., http:// and https://, e-mail addresses, mailto: and xmpp:): at an `@`,
 * at `www.`, or at a `:` after one of those schemes (whatever comes before them: an upper bound).
 */
const SCHEME_BEFORE = /https?$/i;
function autolinkLiteral(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 64) return emailPossible(text, i);
  // `http:` and `https:` start one only before `//` (maybe escaped, `\/`, or a reference, `&#47;`); `mailto:` and
  // `xmpp:` only before an address, whose `@` is looked at on its own.
  if (c === 58) {
    const next = text.charCodeAt(i + 1);
    return (next === 47 || next === BACKSLASH || next === 38) && SCHEME_BEFORE.test(text.slice(Math.max(0, i - 5), i));
  }
  return (c === 119 || c === 87) && /^www\./i.test(text.slice(i, i + 4));
}

/**
 * Whether the `@` at text[at] (not after a space or `(`) may be in an e-mail address that micromark or mdast's
 * literal autolinks find (`a.b+c@x-y.cn`): after a character of its local part (or `;`, which may end a reference
 * that decodes to one), before a domain with a dot and a letter after it (or followed by an escape or a reference,
 * which may extend it). `npm@6`, `semver@5.1.0`, `[@user]` are none.
 */
function emailPossible(text: string, at: number): boolean {
  const before = at > 0 ? text.charCodeAt(at - 1) : -1;
  if (!(isAsciiAlphanumeric(before) || before === 43 || before === 45 || before === 46 || before === 95 || before === 59)) return false;
  let dot = false;
  let j = at + 1;
  for (; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === 46) dot = true;
    else if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122)) {
      if (dot) return true;
    } else if (!((d >= 48 && d <= 57) || d === 45 || d === 95)) break;
  }
  const next = text.charCodeAt(j);
  return next === BACKSLASH || next === 38;
}

/** Named character references that decode to nothing a literal autolink could hold (see scanInline's `&`). */
const PLAIN_REFERENCES = new Set(['amp', 'lt', 'gt', 'quot', 'apos', 'nbsp', 'ndash', 'mdash', 'hellip', 'copy', 'reg', 'trade',
  'laquo', 'raquo', 'ldquo', 'rdquo', 'lsquo', 'rsquo', 'middot', 'times', 'deg', 'bull', 'larr', 'rarr', 'uarr', 'darr']);
/** What a literal autolink's scheme, domain or local part may hold: a reference decoding to one may complete one. */
const LITERAL_CHARACTER = /[A-Za-z0-9:/.@_+-]/;
const REFERENCE_AT = /^&(?:#(\d{1,7})|#[xX]([\dA-Fa-f]{1,6})|([A-Za-z][A-Za-z\d]{0,31}));/;

/**
 * Whether the `&` at text[at] starts a character reference that mdast's literal autolinks, which read the decoded
 * text, might see as part of an address or URL (`a&#64;b.cn`, `http&#58;//x`): one decoding to a letter, digit or
 * `:/.@_+-`, or a named one not known to decode to none of them.
 */
function literalReference(text: string, at: number): boolean {
  const found = REFERENCE_AT.exec(text.slice(at, at + 40));
  if (!found) return false;
  if (found[3] !== undefined) return !PLAIN_REFERENCES.has(found[3]);
  const code = found[1] !== undefined ? Number.parseInt(found[1], 10) : Number.parseInt(found[2]!, 16);
  return code < 128 && LITERAL_CHARACTER.test(String.fromCharCode(code));
}

const isAsciiAlphanumeric = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * The end of a URL autolink starting at text[at] === '<' (a scheme of 2 to 32 letters, digits, `+`, `-`, `.` that
 * starts with a letter, `:`, then anything but spaces, controls and `<` up to `>`), or -1.
 */
function autolinkEnd(text: string, at: number): number {
  const n = text.length;
  let i = at + 1;
  const first = text.charCodeAt(i);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return -1;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!isAsciiAlphanumeric(c) && c !== 43 && c !== 45 && c !== 46) break;
  }
  if (text.charCodeAt(i) !== 58 || i - at - 1 < 2 || i - at - 1 > 32) return -1;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === GT) return i + 1;
    if (c <= 32 || c === 127 || c === LT) return -1;
  }
  return -1;
}

const isAsciiAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** micromark's atext: what an e-mail autolink's local part holds (`#`–`'`, `*`, `+`, `-`–`9`, `=`, `?`, `A`–`Z`, `^`–`~`). */
const isAtext = (c: number) => (c >= 35 && c <= 39) || c === 42 || c === 43 || (c >= 45 && c <= 57) || c === 61 || c === 63 ||
  (c >= 65 && c <= 90) || (c >= 94 && c <= 126);

/**
 * The end of an e-mail autolink starting at text[at] === '<' (`<local@label.label>`: atext, `@`, then labels of
 * letters, digits and inner hyphens of at most 63 characters, separated by dots), or -1 (micromark's autolink).
 */
function emailEnd(text: string, at: number): number {
  const n = text.length;
  let i = at + 1;
  while (i < n && isAtext(text.charCodeAt(i))) i++;
  if (i === at + 1 || text.charCodeAt(i) !== 64) return -1;
  for (i++; ;) {
    if (!isAsciiAlphanumeric(text.charCodeAt(i))) return -1;
    const labelStart = i;
    while (i < n && (isAsciiAlphanumeric(text.charCodeAt(i)) || text.charCodeAt(i) === 45)) {
      if (i - labelStart >= 63) return -1;
      i++;
    }
    if (text.charCodeAt(i - 1) === 45) return -1;
    const c = text.charCodeAt(i);
    if (c === GT) return i + 1;
    if (c !== 46) return -1;
    i++;
  }
}

/**
 * The first `needle` at or after `from`, remembered per needle so that a paragraph of many openers none of which is
 * closed (`<!--` a million times) is searched once, not once per opener (queries come in increasing order).
 */
class Finder {
  private from = -1;
  private found = -1;
  constructor(private readonly text: string, private readonly needle: string) {}
  next(from: number): number {
    if (this.from < 0 || from < this.from || (this.found >= 0 && from > this.found)) {
      this.from = from;
      this.found = this.text.indexOf(this.needle, from);
    }
    return this.found;
  }
}

const isSpaceOrLine = (c: number) => c === 32 || c === NEWLINE;
const isAttributeName = (c: number) => isAsciiAlphanumeric(c) || c === 45 || c === 46 || c === 58 || c === 95;

/**
 * The end of raw inline HTML starting at text[at] === '<' as micromark's htmlText reads it (CommonMark 0.31: an
 * open tag with attributes, a closing tag, a comment, a processing instruction, a declaration; spaces and line
 * endings where the grammar allows them), or -1 when there is none (the `<` is text). BAIL_AT where the reading
 * could differ in the copy micromark is given in a block of over MAX_OPEN_BRACKETS unclosed `[` (maskBrackets reads
 * them as `x`: `<[b>` would be a tag), and for CDATA (`<![`, the same).
 */
/** Where htmlEnd's last reading that found no HTML stopped (micromark's attempt read up to there). */
let failedAt = 0;
const fail = (at: number) => {
  failedAt = at;
  return -1;
};
function htmlEnd(text: string, at: number, finders: Finders): number {
  const n = text.length;
  failedAt = at;
  let c = text.charCodeAt(at + 1);
  if (c === OPEN) return BAIL_AT;
  if (c === BANG) {
    c = text.charCodeAt(at + 2);
    if (c === 45) {
      if (text.charCodeAt(at + 3) !== 45) return fail(at);
      // A comment ends at the first `-->`, which may reuse its opening dashes (`<!-->`, `<!--->`).
      const close = (finders.comment ??= new Finder(text, '-->')).next(at + 2);
      return close < 0 ? fail(n) : close + 3;
    }
    if (c === OPEN) return BAIL_AT;
    if (!isAsciiAlpha(c)) return fail(at);
    const close = (finders.declaration ??= new Finder(text, '>')).next(at + 3);
    return close < 0 ? fail(n) : close + 1;
  }
  if (c === 63) {
    const close = (finders.instruction ??= new Finder(text, '?>')).next(at + 2);
    return close < 0 ? fail(n) : close + 2;
  }
  let i: number;
  if (c === 47) {
    // A closing tag: `</name`, spaces and line endings, `>`.
    c = text.charCodeAt(at + 2);
    if (!isAsciiAlpha(c)) return c === OPEN ? BAIL_AT : fail(at);
    for (i = at + 3; i < n && (isAsciiAlphanumeric(text.charCodeAt(i)) || text.charCodeAt(i) === 45); i++);
    if (text.charCodeAt(i) === OPEN) return BAIL_AT;
    while (i < n && isSpaceOrLine(text.charCodeAt(i))) i++;
    return text.charCodeAt(i) === GT ? i + 1 : fail(i);
  }
  if (!isAsciiAlpha(c)) return fail(at);
  for (i = at + 2; i < n && (isAsciiAlphanumeric(text.charCodeAt(i)) || text.charCodeAt(i) === 45); i++);
  c = text.charCodeAt(i);
  if (c === OPEN) return BAIL_AT;
  if (c !== 47 && c !== GT && !isSpaceOrLine(c)) return fail(i);
  for (;;) {
    // Between attributes.
    while (i < n && isSpaceOrLine(text.charCodeAt(i))) i++;
    c = text.charCodeAt(i);
    if (c === GT) return i + 1;
    if (c === 47) return text.charCodeAt(i + 1) === GT ? i + 2 : fail(i + 1);
    if (c === OPEN) return BAIL_AT;
    if (!(isAsciiAlpha(c) || c === 58 || c === 95)) return fail(i);
    // An attribute name, then maybe `=` and a value.
    for (i++; i < n && isAttributeName(text.charCodeAt(i)); i++);
    if (text.charCodeAt(i) === OPEN) return BAIL_AT;
    while (i < n && isSpaceOrLine(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 61) continue;
    for (i++; i < n && isSpaceOrLine(text.charCodeAt(i)); i++);
    if (i >= n) return fail(i);
    c = text.charCodeAt(i);
    if (c === LT || c === 61 || c === GT || c === BACKTICK) return fail(i);
    if (c === 34 || c === 39) {
      const close = (c === 34 ? (finders.double ??= new Finder(text, '"')) : (finders.single ??= new Finder(text, "'"))).next(i + 1);
      if (close < 0) return fail(n);
      i = close + 1;
      c = text.charCodeAt(i);
      if (c !== 47 && c !== GT && !isSpaceOrLine(c)) return fail(i);
      continue;
    }
    // Unquoted: its first character may be anything else (even `/`), then up to a space, line ending, `/` or `>`.
    for (i++; i < n; i++) {
      c = text.charCodeAt(i);
      if (c === 34 || c === 39 || c === LT || c === 61 || c === BACKTICK) return fail(i);
      if (c === 47 || c === GT || isSpaceOrLine(c)) break;
    }
    if (i >= n) return fail(i);
  }
}
interface Finders {
  comment?: Finder;
  declaration?: Finder;
  instruction?: Finder;
  double?: Finder;
  single?: Finder;
  line?: Finder;
}

/** How markdown.ts reads raw HTML (its edits aside: see LANGUAGE_OR_META). */
const HTML_OPTIONS = (offset: number) => ({ limits: DEFAULT_LIMITS, retag: null, fonts: null, xml: false, offset });
/** What may name an attribute that the HTML layer converts (html-policy.ts: convertsAttribute): a superset. */
const CONVERTED_ATTRIBUTE = new RegExp([...TEXT_ATTRIBUTES, 'value', 'content'].join('|'), 'i');
/** Raw HTML that the HTML layer may rewrite (a language tag, a charset): left to micromark (see scanInline). */
const LANGUAGE_OR_META = /lang|<meta/i;

/** What a bare link read here may follow (micromark's rules are wider: anything else is left to it). */
const LITERAL_BEFORE = /[ \n(]/;
const LITERAL_START = /^(?:https?:\/\/|www\.)/i;
/** A domain of dot-separated labels of letters, digits and inner hyphens (no underscore: micromark's rule on them is left to it). */
const LITERAL_DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const TRAIL = /[.,:;!?)]/;
/**
 * What a path may hold here: ASCII without brackets, quotes, emphasis markers, `&`, `<`, backslash or backtick, and
 * anything else but whitespace (micromark's path takes `。` and `汉` too; a space ends it).
 */
const LITERAL_PATH = /^[A-Za-z0-9\-.\/?#=%+:;@!$,\u0080-\uffff]*$/;
/**
 * The end of a GFM autolink literal (http://, https://, www.) at text[at], when this scan is sure of it: a run up to
 * a space, a line ending or the text's end, of a plain domain, then `/`, `?` or `#` and a plain path that ends with a
 * letter, digit, `/` or a character past ASCII, before trailing punctuation (`.,:;!?)`, which micromark leaves out). -1 when there is none;
 * BAIL_AT when unsure.
 */
function literalEnd(text: string, at: number): number {
  const start = text.slice(at, at + 8).match(LITERAL_START);
  if (!start) return -1;
  let end = at;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 32 || c === NEWLINE) break;
    end++;
  }
  // Trailing punctuation before the run's end (a space, a line ending, the text's end) is not the link's (micromark's
  // trail): text after it. (The path holds no `(`, so no `)` closes one of its own.)
  while (end > at && TRAIL.test(text[end - 1]!)) end--;
  const run = text.slice(at + (start[0].toLowerCase().startsWith('www') ? 0 : start[0].length), end);
  const pathAt = run.search(/[/?#]/);
  const domain = pathAt < 0 ? run : run.slice(0, pathAt);
  const path = pathAt < 0 ? '' : run.slice(pathAt);
  if (!LITERAL_DOMAIN.test(domain) || !LITERAL_PATH.test(path) || /\s/.test(path)) return BAIL_AT;
  const last = run.charCodeAt(run.length - 1);
  if (!(isAsciiAlphanumeric(last) || last === 47 || (last >= 128 && path.length > 0))) return BAIL_AT;
  return end;
}

/** A character of an e-mail address's domain. */
const DOMAIN = /[A-Za-z0-9._-]/;

/** What may start or change inline syntax (anything else is text as it is). */
const SPECIAL = /[\\`*_~[\]!<\t\r@:wW&]| \n| $/; // (a bare link holds `:` or `www`)

/**
 * One marks array and one bracket stack serve every paragraph (scanInline does not nest): most paragraphs are short,
 * and an allocation each was a good part of the scan's cost. Both are given back smaller after a giant paragraph.
 */
let sharedMarks = new Uint8Array(1024);
let sharedBrackets = new Brackets();
const KEPT = 1 << 16;
function marksFor(n: number): Uint8Array {
  if (sharedMarks.length < n || sharedMarks.length > Math.max(KEPT, 4 * n)) sharedMarks = new Uint8Array(Math.max(1024, n));
  else sharedMarks.fill(0, 0, n);
  return sharedMarks;
}
function openBrackets(): Brackets {
  if (sharedBrackets.capacity > KEPT) sharedBrackets = new Brackets();
  sharedBrackets.length = 0;
  return sharedBrackets;
}

/** The paragraph's text with each line's content, and the map back to source positions. */
export interface InlineSource {
  /** The source. */
  readonly source: string;
  /** [start, end) of each line's content in the source, in order; the text joins them with '\n'. */
  readonly lines: readonly number[];
}

/**
 * The paragraphs of one Markdown paragraph or heading (lines of content at source positions `lines`): its text
 * ranges, broken at code spans and images, plus each image's description alone. Pushed to `out`; OK, or BAIL /
 * REFERENCE with nothing pushed. `references`: whether the document may define references (false: a bracket pair
 * with no inline link after it is plain text, as micromark reads it with no definition).
 */
export function scanInline(input: InlineSource, out: Paragraph[], references: boolean | MarkdownReferences = true, masked = false): InlineResult {
  const { source, lines } = input;
  const refs = typeof references === 'object' ? references : null;
  let text: string;
  if (lines.length === 2 && !masked) text = source.slice(lines[0], lines[1]);
  else {
    const parts: string[] = [];
    for (let k = 0; k < lines.length; k += 2) parts.push(masked ? maskedLine(source, lines[k]!, lines[k + 1]!) : source.slice(lines[k], lines[k + 1]));
    text = parts.join('\n');
  }
  const n = text.length;
  if (!SPECIAL.test(text)) {
    // Nothing inline: one text, from the first line's start to the last line's end.
    if (n > 0) out.push({ segments: [{ start: lines[0]!, end: lines[lines.length - 1]! }] });
    return OK;
  }
  const marks = marksFor(n);
  const delimiters: Delimiter[] = [];
  const brackets = openBrackets();
  /** Brackets below this index are inactive (a link was made after them); images never are. */
  let inactiveBelow = 0;
  /** Image descriptions, as [start, end) in the text. */
  const images: number[] = [];
  /** Reference labels, as [start, end) in the text. */
  const labels: number[] = [];
  /** Link and image titles, as [start, end) in the text. */
  const titles: number[] = [];
  /** Raw HTML that may convert something, as [start, end) in the text. */
  const html: number[] = [];
  let finders: Finders | null = null;
  let htmlMap: ((at: number) => number) | null = null;
  /** Failed readings of raw HTML that crossed a line ending, as [start, end) in the text, merged, in order. */
  const attempts: number[] = [];
  /** Where the last raw HTML started. */
  let lastHtml = -1;
  let runs: BacktickRuns | null = null;
  /** The end of the run of domain characters last found after an escaped `@`. */
  let domainEnd = -1;
  let firstMarker = -1;
  /** The first backtick run with no closer (micromark's failed attempt leaves the line endings after it longer). */
  let unmatchedTick = n;
  if (text.includes('\t') || text.includes('\r')) return BAIL;
  for (let i = 0; i < n;) {
    const c = text.charCodeAt(i);
    switch (c) {
      case BACKSLASH: {
        const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
        if (next === NEWLINE) {
          marks[i] = HARD_BREAK;
          marks[i + 1] = HARD_BREAK;
          i += 2;
          continue;
        }
        // micromark finds e-mail literals in the text its escapes leave (`https\@x.cn` is one; an `@` not escaped is
        // left to it anyway): an escaped `@` before a domain that may end one (a dot, and a letter last) is too.
        if (next === 64) {
          if (i + 2 > domainEnd) for (domainEnd = i + 2; domainEnd < n && DOMAIN.test(text[domainEnd]!); domainEnd++);
          const domain = text.slice(i + 2, domainEnd).replace(/\.+$/, '');
          if (domain.includes('.') && /[A-Za-z]$/.test(domain)) return BAIL;
        }
        // mdast's literal autolinks read the text with its escapes undone: `http\://`, `www\.` are theirs.
        if ((next === 58 && SCHEME_BEFORE.test(text.slice(Math.max(0, i - 5), i))) || (next === 46 && /www$/i.test(text.slice(Math.max(0, i - 3), i)))) {
          return BAIL;
        }
        i += isAsciiPunctuation(next) ? 2 : 1; // an escape, or a backslash as it is (also at the text's end)
        continue;
      }
      case BACKTICK: {
        let j = i + 1;
        while (j < n && text.charCodeAt(j) === BACKTICK) j++;
        runs ??= new BacktickRuns(text);
        const close = runs.find(j - i, j);
        if (close < 0) {
          if (unmatchedTick > i) unmatchedTick = i;
          i = j;
          continue;
        }
        marks.fill(BREAK, i, close + j - i);
        i = close + j - i;
        continue;
      }
      case STAR:
      case UNDERSCORE:
      case TILDE: {
        let j = i + 1;
        while (j < n && text.charCodeAt(j) === c) j++;
        const before = classify(i > 0 ? text.charCodeAt(i - 1) : -1);
        const afterCode = j < n ? text.charCodeAt(j) : -1;
        const after = classify(afterCode);
        if (firstMarker < 0 && (c !== TILDE || j - i <= 2)) firstMarker = c;
        if (c === TILDE) {
          if (j - i > 2) {
            i = j;
            continue;
          }
          delimiters.push({
            marker: c, start: i, length: j - i, dead: false,
            open: !after || (after === 2 && before !== 0), close: !before || (before === 2 && after !== 0),
          });
        } else {
          const previous = i > 0 ? text.charCodeAt(i - 1) : -1;
          const open = !after || (after === 2 && before !== 0) || afterCode === TILDE;
          const close = !before || (before === 2 && after !== 0) || previous === TILDE;
          delimiters.push({
            marker: c, start: i, length: j - i, dead: false,
            open: c === STAR ? open : open && (before !== 0 || !close),
            close: c === STAR ? close : close && (after !== 0 || !open),
          });
        }
        i = j;
        continue;
      }
      case BANG:
        if (text.charCodeAt(i + 1) === OPEN) {
          if (text.charCodeAt(i + 2) === 94) return BAIL; // ![^
          brackets.push(i, true, delimiters.length);
          i += 2;
        } else i++;
        continue;
      case OPEN:
        if (text.charCodeAt(i + 1) === 94) return BAIL; // a footnote call [^
        brackets.push(i, false, delimiters.length);
        i++;
        continue;
      case CLOSE: {
        if (brackets.length === 0) {
          i++;
          continue;
        }
        const k = brackets.pop();
        const opener = { at: brackets.atOf(k), image: brackets.imageOf(k), delimiters: brackets.delimitersOf(k) };
        const inactive = !opener.image && brackets.length < inactiveBelow;
        if (inactiveBelow > brackets.length) inactiveBelow = brackets.length;
        if (inactive) {
          i++; // a bracket inside a link's text: plain
          continue;
        }
        let end = text.charCodeAt(i + 1) === PAREN_OPEN ? resourceEnd(text, i + 1) : -1;
        if (end === BAIL_AT) return BAIL;
        // A title is converted alone (as markdown.ts does); not one inside an image's description (plain text there).
        if (end >= 0 && titleEnd > titleStart) titles.push(titleStart, titleEnd);
        /** A reference: full ([text][label]) or not (the text is the label: [label], [label][]). */
        let reference: 'none' | 'full' | 'label' = 'none';
        let labelAt = -1;
        if (end < 0) {
          if (refs === null) {
            // A reference if its label is defined somewhere; with no definition in the document, plain brackets.
            if (references) return REFERENCE;
            i++;
            continue;
          }
          const textAt = opener.at + (opener.image ? 2 : 1);
          end = referenceEnd(text, textAt, i, refs);
          if (end === BAIL_AT) return BAIL;
          if (end < 0) {
            i++;
            continue;
          }
          reference = end > i + 3 ? 'full' : 'label';
          labelAt = reference === 'full' ? i + 2 : textAt;
        }
        // A link, an image or a reference: the label's delimiters are settled inside it. micromark resolves a label
        // with its constructs' own order, where GFM's strikethrough comes before attention (an extension's
        // constructs are put first), whatever the paragraph used first.
        // Raw HTML in a reference's text is left to micromark (markdown.ts finds a label's end by its first `]`).
        if (reference !== 'none' && lastHtml > opener.at) return BAIL;
        resolve(delimiters, opener.delimiters, delimiters.length, marks, true);
        delimiters.length = opener.delimiters;
        if (opener.image) {
          marks.fill(BREAK, opener.at, end);
          while (images.length && images[images.length - 2]! > opener.at) images.length -= 2; // an image's alt holds no image
          while (labels.length && labels[labels.length - 2]! > opener.at) labels.length -= 2; // nor a label (it is a string)
          for (let k = titles.length - 2; k >= 0 && titles[k]! > opener.at; k -= 2) if (titles[k]! < i) titles.splice(k, 2); // nor a title
          while (html.length && html[html.length - 2]! > opener.at) html.length -= 2; // its raw HTML is description
          if (reference !== 'label') images.push(opener.at, end);
          if (reference !== 'none') labels.push(labelAt, reference === 'full' ? end - 1 : i);
        } else if (reference === 'label') {
          // Its text is its label, converted alone (markdown.ts: referenceLabels).
          marks.fill(BREAK, opener.at, end);
          labels.push(labelAt, i);
          inactiveBelow = brackets.length;
        } else {
          marks[opener.at] = MARKUP;
          marks.fill(MARKUP, i, end);
          inactiveBelow = brackets.length;
          if (reference === 'full') {
            labels.push(labelAt, end - 1);
            i = end;
            continue;
          }
          // A link whose text is its destination reads as an autolink (mdast): its text is not converted.
          const label = text.slice(opener.at + 1, i);
          let destination = text.slice(i + 2, titleStart > 0 ? titleStart - 1 : end - 1).trim(); // (a title, even empty, ends it)
          if (destination.startsWith('<') && destination.endsWith('>')) destination = destination.slice(1, -1);
          if (/[\\&]/.test(label) || (/[\\&]/.test(destination) && label.length <= destination.length)) return BAIL;
          if (label === destination || `mailto:${label}` === destination || `http://${label}` === destination) {
            if (/[`*_~[\]!<]/.test(label)) return BAIL;
            marks.fill(SKIP, opener.at + 1, i);
          }
        }
        i = end;
        continue;
      }
      case LT: {
        // An autolink (<scheme:…>, <a@b.cn>) breaks the paragraph and holds nothing converted (one inside a link's
        // text is left to micromark). Else raw HTML, read as markdown.ts reads its node: converted as HTML (its
        // attributes people read), an inline tag (<b>, </a>) within the paragraph's text, anything else breaking it.
        // Else the `<` is text.
        let end = autolinkEnd(text, i);
        if (end < 0) end = emailEnd(text, i);
        if (end >= 0) {
          if (brackets.length > 0) return BAIL;
          marks.fill(BREAK, i, end);
          i = end;
          continue;
        }
        finders ??= {};
        end = htmlEnd(text, i, finders);
        if (end === BAIL_AT) return BAIL;
        if (end < 0) {
          // micromark's attempt read on across line endings: the text ending at them ends where the next line's
          // content starts (as after a code span's opening that finds no closer).
          if (failedAt > i && (finders.line ??= new Finder(text, '\n')).next(i) < failedAt) {
            if (attempts.length && attempts[attempts.length - 1]! >= i) attempts[attempts.length - 1] = Math.max(attempts[attempts.length - 1]!, failedAt);
            else attempts.push(i, failedAt);
          }
          i++;
          continue;
        }
        lastHtml = i;
        const nameAt = text.charCodeAt(i + 1) === 47 ? i + 2 : i + 1;
        let nameEnd = nameAt;
        if (isAsciiAlpha(text.charCodeAt(nameAt))) while (isAsciiAlphanumeric(text.charCodeAt(nameEnd)) || text.charCodeAt(nameEnd) === 45) nameEnd++;
        const inline = nameEnd > nameAt && isInline(text.slice(nameAt, nameEnd)) && text.lastIndexOf('<', end - 1) === i;
        marks.fill(inline ? MARKUP : BREAK, i, end);
        // A tag on one line without attribute values converts nothing: left out (markdown.ts converts the node's
        // source, which holds the prefixes of its lines, `>` of a quote too). A language tag or a <meta> (which
        // the HTML layer may rewrite: edits, which this scan does not return) is left to micromark.
        let values = nameEnd === nameAt || masked; // (masked: the source may read otherwise, `<_>` is no tag)
        let line = false;
        for (let k = nameEnd; k < end && !line; k++) {
          if (text.charCodeAt(k) === NEWLINE) line = values = true;
          else if (text.charCodeAt(k) === 61) values = true;
        }
        if (values) {
          htmlMap ??= sourceMap(lines);
          const start = htmlMap(i);
          if (LANGUAGE_OR_META.test(source.slice(start, htmlMap(end - 1) + 1))) return BAIL;
          // (On one line, only an attribute people read converts: `<a href=…>` is left out too.)
          if (line || nameEnd === nameAt || masked || CONVERTED_ATTRIBUTE.test(text.slice(nameEnd, end))) html.push(i, end);
        }
        i = end;
        continue;
      }
      // (A `|` is text: a line of a paragraph followed by a table's delimiter row, which starts with `|`, `:`, `-` or
      // a space, never reaches this scan, whose block scan leaves that row to micromark; a cell holds none unescaped.)
      case 9:
      case 13:
        return BAIL;
      case 32: {
        let j = i + 1;
        while (j < n && text.charCodeAt(j) === 32) j++;
        if (j === n) marks.fill(MARKUP, i, j); // the text's trailing spaces are not in it
        else if (text.charCodeAt(j) === NEWLINE && j - i >= 2) marks.fill(HARD_BREAK, i, j + 1); // a hard break
        i = j;
        continue;
      }
      default:
        if ((c === 104 || c === 72 || c === 119 || c === 87) && (text.charCodeAt(i + 1) | 32) === (c === 104 || c === 72 ? 116 : 119) &&
          (i === 0 || LITERAL_BEFORE.test(text[i - 1]!))) {
          // A bare http(s):// or www. link: not converted, and it breaks the paragraph (as an autolink does).
          const end = literalEnd(text, i);
          if (end === BAIL_AT || (end > 0 && brackets.length > 0)) return BAIL;
          if (end > 0) {
            marks.fill(BREAK, i, end);
            i = end;
            continue;
          }
        }
        if (c === 64 && (i === 0 || LITERAL_BEFORE.test(text[i - 1]!))) {
          i++; // an `@` after a space (a mention) starts no e-mail address
          continue;
        }
        if ((c === 64 || c === 58 || c === 119 || c === 87) && autolinkLiteral(text, i)) return BAIL;
        if (c === 38 && literalReference(text, i)) return BAIL;
        i++;
    }
  }
  resolve(delimiters, 0, delimiters.length, marks, firstMarker === TILDE);
  if (masked && (labels.length || titles.length)) return BAIL; // micromark's labels and titles are then masked text
  emit(input, text, marks, images, unmatchedTick, attempts, out);
  if (titles.length) {
    const map = sourceMap(lines);
    for (let k = 0; k < titles.length; k += 2) {
      const start = map(titles[k]!);
      out.push({ segments: [{ start, end: start + titles[k + 1]! - titles[k]! }] });
    }
  }
  if (labels.length) referenceLabels(input, labels, refs!, out);
  if (html.length) {
    const map = sourceMap(lines);
    for (let k = 0; k < html.length; k += 2) {
      const start = map(html[k]!), end = map(html[k + 1]! - 1) + 1;
      out.push(...extractMarkup(source.slice(start, end), HTML_OPTIONS(start)).paragraphs);
    }
  }
  return OK;
}

/**
 * The content source[start, end) of a line as micromark is given it in a block of too many delimiter runs
 * (markdown-limits.ts: maskDelimiters): its `*`, `_` and `~` after the line's first content character are `x`.
 */
const CONTENT = /[^\s>*_~]/;
function maskedLine(source: string, start: number, end: number): string {
  let at = source.lastIndexOf('\n', start - 1) + 1;
  while (at < end && !CONTENT.test(source[at]!)) at++;
  const kept = Math.min(Math.max(at + 1, start), end);
  return source.slice(start, kept) + source.slice(kept, end).replace(/[*_~]/g, 'x');
}

/**
 * The end of the reference closed by the `]` at text[close] whose text starts at text[textAt] (micromark's label
 * end: a full reference if its label is defined, else the text as a label, collapsed or shortcut, if that is
 * defined); -1 when there is none, BAIL_AT when a label found is not one this scan places (escapes, brackets,
 * line breaks, footnotes).
 */
function referenceEnd(text: string, textAt: number, close: number, refs: MarkdownReferences): number {
  const own = text.slice(textAt, close);
  const defined = own.length <= 999 && refs.defined(referenceKey(own));
  let end = defined ? close + 1 : -1;
  if (text.charCodeAt(close + 1) === OPEN) {
    const labelAt = close + 2;
    let j = labelAt, seen = false;
    if (text.charCodeAt(j) === 94) return BAIL_AT;
    for (; j < text.length && j - labelAt < 999; j++) {
      const c = text.charCodeAt(j);
      if (c === BACKSLASH || c === NEWLINE) return BAIL_AT;
      if (c === OPEN || c === CLOSE) break;
      if (c !== 32 && c !== 9) seen = true;
    }
    if (j - labelAt >= 990) return BAIL_AT;
    if (text.charCodeAt(j) === CLOSE && seen && refs.defined(referenceKey(text.slice(labelAt, j)))) return j + 1;
    // Not a full reference: collapsed, or nothing (a defined label followed by a bracket is no shortcut).
    end = defined && text.charCodeAt(labelAt) === CLOSE ? close + 3 : -1;
  }
  if (end >= 0 && (/[[\]\\\n]/.test(own) || own.startsWith('^'))) return BAIL_AT;
  return end;
}

/** Reference labels found (text positions), noted (surveys) or pushed as paragraphs of their own when they convert. */
function referenceLabels(input: InlineSource, labels: number[], refs: MarkdownReferences, out: Paragraph[]): void {
  const pairs: [number, number][] = [];
  for (let k = 0; k < labels.length; k += 2) pairs.push([labels[k]!, labels[k + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const map = sourceMap(input.lines);
  for (const [at, end] of pairs) {
    const start = map(at), stop = start + (end - at);
    const spelling = input.source.slice(start, stop);
    const identifier = identifierOf(spelling);
    if (refs.phase !== 'convert') refs.note(identifier, spelling);
    else if (stop > start && refs.converts(identifier, spelling)) out.push({ segments: [{ start, end: stop }] });
  }
}

/** Text positions to source positions, for increasing positions (a cursor over the lines). */
function sourceMap(lines: readonly number[]): (at: number) => number {
  let k = 0, textStart = 0;
  return (at) => {
    while (k + 2 < lines.length && at > textStart + (lines[k + 1]! - lines[k]!)) {
      textStart += lines[k + 1]! - lines[k]! + 1;
      k += 2;
    }
    return lines[k]! + (at - textStart);
  };
}

function emit(input: InlineSource, text: string, marks: Uint8Array, images: readonly number[], unmatchedTick: number,
  attempts: readonly number[], out: Paragraph[]): void {
  const { source, lines } = input;
  const map = sourceMap(lines);
  let current: Segment[] = [];
  const flush = () => {
    if (current.length) out.push({ segments: current });
    current = [];
  };
  const n = text.length;
  let attempt = 0;
  for (let i = 0; i < n;) {
    const mark = marks[i]!;
    let j = i + 1;
    while (j < n && marks[j] === mark) j++;
    // A text node ends after its last character; when that is a line ending that a failed reading went past (after
    // a backtick run that found no closer, inside raw HTML that turned out none), where the next line's content
    // starts (past its prefix), as mdast gives it.
    // A text that starts with a space before a line ending starts at the line ending (micromark trims it).
    let from = i;
    if (mark === TEXT && text.charCodeAt(i) === 32) while (from < j && text.charCodeAt(from) === 32) from++;
    if (from === j || text.charCodeAt(from) !== NEWLINE) from = i;
    if (mark === TEXT) {
      // (a line ending is one character of the text: the whole CRLF in the source)
      const start = map(from), last = map(j - 1); // (in this order: a cursor)
      while (attempt < attempts.length && attempts[attempt + 1]! <= j - 1) attempt += 2;
      const read = j - 1 > unmatchedTick || (attempt < attempts.length && attempts[attempt]! < j - 1);
      current.push({ start, end: j < n && read && text.charCodeAt(j - 1) === NEWLINE ? map(j)
        : last + (text.charCodeAt(j - 1) === NEWLINE && source.charCodeAt(last) === 13 ? 2 : 1) });
    }
    else if (mark === HARD_BREAK) {
      // The text reads on across each break (one per line ending: breaks on consecutive lines touch).
      for (let k = i; k < j; k++) if (text.charCodeAt(k) === NEWLINE) current.push({ context: '\n' });
    }
    else if (mark !== MARKUP) flush();
    i = j;
  }
  flush();
  const imageMap = sourceMap(lines);
  for (let k = 0; k < images.length; k += 2) {
    const start = imageMap(images[k]!);
    const end = descriptionEnd(source, start, imageMap(images[k + 1]! - 1) + 1);
    if (end > start + 2) out.push({ segments: [{ start: start + 2, end }] });
  }
}

/** The end of an image's description: the `]` closing `![`, skipping escapes and nested brackets. */
export function descriptionEnd(source: string, start: number, end: number): number {
  let depth = 0;
  for (let i = start + 2; i < end; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && depth-- === 0) return i;
  }
  return start + 2;
}
