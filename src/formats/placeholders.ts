/**
 * Locale strings hold code among the words: ICU MessageFormat arguments ({count}, and the plural/select syntax
 * around translatable branches), {{name}} (i18next, Handlebars), printf (%s, %1$s, %(name)s), ${var} and $t(key).
 * Only the words are converted; every placeholder is copied unchanged.
 */

const SIMPLE_PLACEHOLDER = /\{\{[^{}]*\}\}|\$\{[^{}]*\}|\$t\([^()]*\)|%(?:\d+\$)?(?:\([\w.-]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifoxXeEgGcbu@%]/y;

/** ICU argument types whose branches are messages (converted); other types are copied whole. */
const BRANCHING = new Set(['plural', 'select', 'selectordinal']);
const HEADER = /\{\s*[^\s,{}]+\s*(?:,\s*(\w+)\s*(?:,)?)?/y;
const KEY = /[^{}]*/y;
/** ICU branches nest in the text; deeper ones are copied whole rather than recursed into. */
const MAX_NESTING = 64;

/** The ranges [start, end) of a locale string's words, between its placeholders. */
export function messageWords(text: string): [number, number][] {
  const scanner = new MessageScanner(text);
  scanner.message(false);
  return scanner.words;
}

/** Convert the words of a locale string, leaving placeholders as they are. */
export function convertMessage(text: string, convert: (text: string) => string): string {
  let out = '', at = 0;
  for (const [start, end] of messageWords(text)) {
    out += text.slice(at, start) + convert(text.slice(start, end));
    at = end;
  }
  return out + text.slice(at);
}

/** Walks a message without building strings (linear, no recursion beyond ICU nesting in the text). */
class MessageScanner {
  private at = 0;
  readonly words: [number, number][] = [];

  constructor(private readonly text: string) {}

  /** Words up to the end (or, nested, up to the closing brace), recording the words between placeholders. */
  message(nested: boolean): void {
    let wordStart = this.at;
    const flush = () => {
      if (this.at > wordStart) this.words.push([wordStart, this.at]);
    };
    while (this.at < this.text.length) {
      const c = this.text[this.at]!;
      if (nested && c === '}') break;
      SIMPLE_PLACEHOLDER.lastIndex = this.at;
      const simple = SIMPLE_PLACEHOLDER.exec(this.text);
      if (simple) {
        flush();
        this.at += simple[0].length;
        wordStart = this.at;
      } else if (c === '{') {
        flush();
        this.argument();
        wordStart = this.at;
      } else if (c === "'" && this.text[this.at + 1] === "'") {
        this.at += 2;
      } else {
        this.at++;
      }
    }
    flush();
  }

  /** An ICU argument at `{`: {name}, {name, type, style} or {name, plural|select, key {message} …}. */
  private argument(): void {
    const start = this.at;
    HEADER.lastIndex = start;
    const header = HEADER.exec(this.text);
    const type = header?.[1];
    if (!header || !type || !BRANCHING.has(type) || this.depth >= MAX_NESTING) {
      this.skipBalanced(start);
      return;
    }
    this.at = start + header[0].length;
    this.depth++;
    // key {message} pairs (keys such as one, other, =0, offset:1) until the closing brace.
    while (this.at < this.text.length && this.text[this.at] !== '}') {
      KEY.lastIndex = this.at;
      this.at += KEY.exec(this.text)![0].length;
      if (this.text[this.at] !== '{') break;
      this.at++;
      this.message(true);
      if (this.text[this.at] === '}') this.at++;
    }
    this.depth--;
    if (this.text[this.at] === '}') this.at++;
  }

  private depth = 0;

  /** For each `{`, the index of its closing brace (-1: none); computed once, so skipping stays linear. */
  private closing: Int32Array | null = null;

  /** Skip a balanced {…} group (or a lone brace). */
  private skipBalanced(start: number): void {
    if (!this.closing) {
      this.closing = new Int32Array(this.text.length).fill(-1);
      const open: number[] = [];
      for (let i = 0; i < this.text.length; i++) {
        const c = this.text.charCodeAt(i);
        if (c === 0x7b) open.push(i);
        else if (c === 0x7d && open.length) this.closing[open.pop()!] = i;
      }
    }
    const end = this.closing[start]!;
    this.at = end >= 0 ? end + 1 : start + 1; // an unbalanced brace is just a character
  }
}
