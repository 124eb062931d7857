/**
 * Locale strings hold code among the words: ICU MessageFormat arguments ({count}, and the plural/select syntax
 * around translatable branches), {{name}} (i18next, Handlebars), printf (%s, %1$s, %(name)s), ${var} and $t(key).
 * Only the words are converted; every placeholder is copied unchanged.
 */

const SIMPLE_PLACEHOLDER = /\{\{[^{}]*\}\}|\$\{[^{}]*\}|\$t\([^()]*\)|%(?:\d+\$)?(?:\([\w.-]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifoxXeEgGcbu@%]/y;

/** ICU argument types whose branches are messages (converted); other types are copied whole. */
const BRANCHING = new Set(['plural', 'select', 'selectordinal']);

/** Convert the words of a locale string, leaving placeholders as they are. */
export function convertMessage(text: string, convert: (text: string) => string): string {
  return new MessageScanner(text, convert).message(false);
}

class MessageScanner {
  private at = 0;

  constructor(private readonly text: string, private readonly convert: (text: string) => string) {}

  /** Words up to the end (or, nested, up to the closing brace), converting the words between placeholders. */
  message(nested: boolean): string {
    let out = '';
    let words = '';
    const flush = () => {
      out += words ? this.convert(words) : '';
      words = '';
    };
    while (this.at < this.text.length) {
      const c = this.text[this.at]!;
      if (nested && c === '}') break;
      SIMPLE_PLACEHOLDER.lastIndex = this.at;
      const simple = SIMPLE_PLACEHOLDER.exec(this.text);
      if (simple) {
        flush();
        out += simple[0];
        this.at += simple[0].length;
      } else if (c === '{') {
        flush();
        out += this.argument();
      } else if (c === "'" && this.text[this.at + 1] === "'") {
        words += "''";
        this.at += 2;
      } else {
        words += c;
        this.at++;
      }
    }
    flush();
    return out;
  }

  /** An ICU argument at `{`: {name}, {name, type, style} or {name, plural|select, key {message} …}. */
  private argument(): string {
    const start = this.at;
    const header = /^\{\s*[^\s,{}]+\s*(?:,\s*(\w+)\s*(?:,)?)?/.exec(this.text.slice(start));
    const type = header?.[1];
    if (!header || !type || !BRANCHING.has(type)) return this.skipBalanced(start);
    let out = header[0];
    this.at = start + header[0].length;
    // key {message} pairs (keys such as one, other, =0, offset:1) until the closing brace.
    while (this.at < this.text.length && this.text[this.at] !== '}') {
      const key = /^[^{}]*/.exec(this.text.slice(this.at))![0];
      out += key;
      this.at += key.length;
      if (this.text[this.at] !== '{') break;
      out += '{';
      this.at++;
      out += this.message(true);
      if (this.text[this.at] === '}') {
        out += '}';
        this.at++;
      }
    }
    if (this.text[this.at] === '}') {
      out += '}';
      this.at++;
    }
    return out;
  }

  /** Copy a balanced {…} group (or a lone brace) unchanged. */
  private skipBalanced(start: number): string {
    let depth = 0;
    for (let i = start; i < this.text.length; i++) {
      if (this.text[i] === '{') depth++;
      else if (this.text[i] === '}' && --depth === 0) {
        this.at = i + 1;
        return this.text.slice(start, this.at);
      }
    }
    this.at = start + 1; // an unbalanced brace is just a character
    return '{';
  }
}
