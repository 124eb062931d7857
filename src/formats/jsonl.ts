/**
 * JSON Lines: one JSON value per line. The string values at the chosen paths (all of them by default; never
 * object keys) are converted; every other byte of the line — spacing, key order, numbers, escapes of strings
 * that do not change — stays as written. A changed string is written back in the style of the original: with
 * \uXXXX escapes when it spelt its non-ASCII characters that way (Python's json.dumps default), else as is.
 * Lines are checked as strict JSON (RFC 8259); blank lines are copied.
 */
import type { TextFormat } from './format.js';
import {
  DEFAULT_MAX_RECORD, invalidRecord, onlyFor, recordsOnly, tooLong, writeRecords, type PendingRecord, type RecordConverter,
  type RecordOptions,
} from './records.js';

export interface JsonlOptions extends RecordOptions {
  /**
   * Paths of the values to convert, e.g. `text`, `meta.title`, `messages.*.content`, `messages[].content`,
   * `items[0]` (a leading `.` is allowed; `*` or `[]` is any key or index; `\.` is a dot inside a key). A path
   * naming an object or array converts every string inside it. Default: every string value.
   */
  readonly fields?: readonly string[];
}

/** One step of a path: a key or index ('*': any). */
type Segment = string;

/** Parse a --field path into segments. */
export function parseFieldPath(path: string): Segment[] {
  const segments: Segment[] = [];
  let current = '';
  let pending = false; // a segment has started (even if empty so far)
  const push = () => {
    if (!pending) throw new Error(`empty step in field path ${JSON.stringify(path)}`);
    segments.push(current);
    current = '';
    pending = false;
  };
  let i = path.startsWith('.') ? 1 : 0;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '\\' && i + 1 < path.length) {
      current += path[i + 1];
      pending = true;
      i += 2;
    } else if (c === '.') {
      push();
      i++;
    } else if (c === '[') {
      if (pending) push();
      const close = path.indexOf(']', i);
      if (close < 0) throw new Error(`unclosed [ in field path ${JSON.stringify(path)}`);
      const inside = path.slice(i + 1, close).trim();
      const quoted = /^(["'])(.*)\1$/.exec(inside);
      segments.push(inside === '' || inside === '*' ? '*' : quoted ? quoted[2]! : inside);
      i = close + 1;
      if (path[i] === '.') i++;
      else if (i < path.length && path[i] !== '[') throw new Error(`expected . or [ after ] in field path ${JSON.stringify(path)}`);
    } else {
      current += c;
      pending = true;
      i++;
    }
  }
  if (pending) push();
  if (segments.length === 0) throw new Error(`empty field path ${JSON.stringify(path)}`);
  return segments;
}

/** Whether a value at `path` is chosen: some pattern matches a prefix of it (or no patterns: everything). */
function chosen(patterns: readonly Segment[][] | null, path: readonly (string | number)[]): boolean {
  if (!patterns) return true;
  return patterns.some((pattern) => pattern.length <= path.length &&
    pattern.every((segment, i) => segment === '*' || segment === String(path[i])));
}

/** What ends a run of plain characters in a JSON string: its closing quote, an escape, or a (forbidden) control. */
const STRING_STOP = /["\\\x00-\x1f]/g;

const isWhitespace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/** A string token chosen for conversion: its raw extent in the line, quotes included. */
interface StringToken {
  readonly start: number;
  readonly end: number;
}

/** Why a line is not JSON, with the column (1-based, UTF-16 units) where that shows. */
class LineError extends Error {}

/**
 * A strict JSON scanner for one line: validates it and lists the string values whose paths are chosen.
 */
class LineScanner {
  private at = 0;
  private readonly path: (string | number)[] = [];
  readonly strings: StringToken[] = [];

  /** `offset`: characters before `text` on the line (a byte-order mark), for the columns in messages. */
  constructor(private readonly text: string, private readonly patterns: readonly Segment[][] | null, private readonly offset = 0) {}

  scan(): void {
    this.skipSpace();
    this.value();
    this.skipSpace();
    if (this.at < this.text.length) this.fail('unexpected text after the JSON value');
  }

  private fail(why: string): never {
    const column = this.at + 1 + this.offset;
    throw new LineError(this.at >= this.text.length ? `${why}: the line ends at column ${column}` : `${why} at column ${column}`);
  }

  private skipSpace(): void {
    while (this.at < this.text.length && isWhitespace(this.text.charCodeAt(this.at))) this.at++;
  }

  private value(): void {
    const c = this.text[this.at];
    if (c === '{') this.object();
    else if (c === '[') this.array();
    else if (c === '"') {
      const start = this.at;
      this.string();
      if (chosen(this.patterns, this.path)) this.strings.push({ start, end: this.at });
    } else if (c === 't') this.literal('true');
    else if (c === 'f') this.literal('false');
    else if (c === 'n') this.literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else this.fail(c === undefined ? 'a value is missing' : `unexpected ${JSON.stringify(c)}`);
  }

  private object(): void {
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === '}') {
      this.at++;
      return;
    }
    for (;;) {
      if (this.text[this.at] !== '"') this.fail('expected a "quoted" key');
      const keyStart = this.at;
      this.string();
      const key = this.decode(keyStart, this.at);
      this.skipSpace();
      if (this.text[this.at] !== ':') this.fail('expected ":" after the key');
      this.at++;
      this.skipSpace();
      this.path.push(key);
      this.value();
      this.path.pop();
      this.skipSpace();
      const next = this.text[this.at];
      if (next === '}') {
        this.at++;
        return;
      }
      if (next !== ',') this.fail('expected "," or "}"');
      this.at++;
      this.skipSpace();
    }
  }

  private array(): void {
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === ']') {
      this.at++;
      return;
    }
    for (let index = 0; ; index++) {
      this.path.push(index);
      this.value();
      this.path.pop();
      this.skipSpace();
      const next = this.text[this.at];
      if (next === ']') {
        this.at++;
        return;
      }
      if (next !== ',') this.fail('expected "," or "]"');
      this.at++;
      this.skipSpace();
    }
  }

  private string(): void {
    const text = this.text;
    let i = this.at + 1;
    for (;;) {
      STRING_STOP.lastIndex = i;
      const stop = STRING_STOP.exec(text); // the regex engine skips the plain characters
      if (!stop) {
        this.at = text.length;
        this.fail('unclosed string');
      }
      i = stop.index;
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) {
        this.at = i;
        this.fail('a control character inside a string must be escaped');
      }
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          this.at = i;
          this.fail('\\u needs four hexadecimal digits');
        }
        i += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
      else {
        this.at = i;
        this.fail(`invalid escape \\${e ?? ''}`);
      }
    }
    this.at = i + 1;
  }

  private literal(word: string): void {
    if (this.text.startsWith(word, this.at)) this.at += word.length;
    else this.fail(`unexpected ${JSON.stringify(this.text.slice(this.at, this.at + word.length))}`);
  }

  private number(): void {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
    match.lastIndex = this.at;
    const found = match.exec(this.text);
    if (!found) this.fail('invalid number');
    this.at += found[0].length;
  }

  decode(start: number, end: number): string {
    const raw = this.text.slice(start, end);
    return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }
}

/** A JSON string literal for `value`, escaping non-ASCII characters too when `ascii`. */
export function jsonString(value: string, ascii: boolean): string {
  const plain = JSON.stringify(value); // escapes quotes, backslashes, controls and lone surrogates
  if (!ascii) return plain;
  return plain.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Whether a raw string token spells its non-ASCII characters as \uXXXX escapes (and has none written as is). */
function asciiStyle(raw: string): boolean {
  return /\\u(?:00[89a-fA-F][0-9a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{3})/.test(raw) && !/[^\x00-\x7f]/.test(raw);
}

/** A line copied as it is. */
const verbatim = (text: string): PendingRecord => ({ values: [], write: () => text });

/** One line (without its line break) as a record waiting for conversion; throws LineError when it is not JSON. */
function lineRecord(line: string, patterns: readonly Segment[][] | null, offset: number, prefix: string): PendingRecord {
  const scanner = new LineScanner(line, patterns, offset);
  scanner.scan();
  const strings = scanner.strings;
  if (strings.length === 0) return verbatim(prefix + line);
  const values = strings.map(({ start, end }) => scanner.decode(start, end));
  return {
    values,
    write(converted) {
      if (converted.every((value, i) => value === values[i])) return prefix + line;
      let out = prefix;
      let at = 0;
      strings.forEach(({ start, end }, i) => {
        const value = converted[i]!;
        if (value === values[i]) return;
        out += line.slice(at, start) + jsonString(value, asciiStyle(line.slice(start, end)));
        at = end;
      });
      return out + line.slice(at);
    },
  };
}

/** The converter of a JSON Lines text (see RecordConverter). */
export function jsonlConverter(convert: (text: string) => string, options: JsonlOptions = {}): RecordConverter {
  const patterns = options.fields && options.fields.length > 0 ? options.fields.map(parseFieldPath) : null;
  const maxRecord = options.maxRecord ?? DEFAULT_MAX_RECORD;
  let pending = '';
  let lineNumber = 0;
  let first = true;

  const convertMany = options.convertMany ?? ((texts: readonly string[]) => texts.map(convert));

  /** The record of a line (without its line break), or the line as it is. */
  const line = (text: string): PendingRecord => {
    lineNumber++;
    let body = text;
    let prefix = '';
    if (first) {
      first = false;
      if (body.charCodeAt(0) === 0xfeff) {
        prefix = '\ufeff';
        body = body.slice(1);
      }
    }
    if (body.trim() === '') return verbatim(text);
    try {
      return lineRecord(body, patterns, prefix.length, prefix);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      if (!options.lenient) throw invalidRecord('JSON Lines', lineNumber, error.message);
      options.onWarning?.(`line ${lineNumber}: not JSON (${error.message}); copied unchanged`);
      return verbatim(text);
    }
  };
  const newline = verbatim('\n');

  return {
    push(chunk) {
      const held = pending.length; // holds no line break: search only the new text
      pending += chunk;
      const records: PendingRecord[] = [];
      let start = 0;
      for (let at = pending.indexOf('\n', held); at >= 0; at = pending.indexOf('\n', start)) {
        records.push(line(pending.slice(start, at)), newline);
        start = at + 1;
      }
      pending = start === 0 ? pending : pending.slice(start);
      if (pending.length > maxRecord) throw tooLong('JSON Lines', lineNumber + 1, maxRecord);
      return writeRecords(records, convertMany);
    },
    end() {
      const rest = pending;
      pending = '';
      return rest === '' ? '' : writeRecords([line(rest)], convertMany);
    },
  };
}

export const jsonlFormat: TextFormat = {
  name: 'jsonl',
  binary: false,
  extensions: ['jsonl', 'ndjson'],
  description: 'JSON Lines: the string values of each line (--field PATH to choose), streamed',
  extract: recordsOnly('JSON Lines'),
  records(convert, options) {
    onlyFor('JSON Lines', options, 'columns', 'fields (--field PATH)');
    return jsonlConverter(convert, options);
  },
};
