/**
 * JSON locale files (and JSON with comments): string values are converted, never keys; order, indentation,
 * comments and escapes stay as written; placeholders inside values are kept (placeholders.ts), so the words of a
 * value between two placeholders are each a paragraph.
 *
 * One scanner reads a whole text and a stream alike (JsonScanner): it is fed chunks, keeps its state between them
 * (a token may be cut anywhere) and hands each string value to the driver as soon as it is read, so a document
 * streams (driver.ts extractionStream) in memory bounded by its longest value. It reads what jsonc-parser's
 * scanner and the grammar below read: comments, trailing commas, space and tab and line breaks between tokens.
 * Nesting is a bit stack in a typed array (200 MB of `[` is 25 MB), never the call stack.
 */
import { extractionStream, type ExtractionSink, type SourceWindow } from './driver.js';
import { invalidDocument, type Extraction, type Paragraph, type StreamingTextFormat } from './format.js';
import { messageWords } from './placeholders.js';

/** Something to read the source from: a string, or a stream's window. */
type Readable = Pick<SourceWindow, 'slice'>;

/** Paragraphs for the words of the message at source[start, end). */
export function messageParagraphs(source: Readable, start: number, end: number, into: Paragraph[] | ((paragraph: Paragraph) => void)): void {
  const each = typeof into === 'function' ? into : (paragraph: Paragraph) => void into.push(paragraph);
  for (const [s, e] of messageWords(source.slice(start, end))) each({ segments: [{ start: start + s, end: start + e }] });
}

/**
 * A string value longer than this (UTF-16 units) is converted in parts, cut after its last line break (`\n`) or
 * sentence end (。！？!?) before the bound, else at the bound (never inside an escape or a surrogate pair): a value
 * of any length streams in bounded memory, as an HTML paragraph does.
 */
export const MAX_VALUE_PART = 1 << 20;

// Scanner states: between tokens, in a string, in a number (each place of its grammar), a word, a comment.
const TOP = 0, STRING = 1, ESCAPE = 2, HEX = 3, MINUS = 4, INT = 5, ZERO = 6, DOT = 7, FRACTION = 8, EXP = 9,
  EXP_SIGN = 10, EXP_DIGITS = 11, WORD = 12, SLASH = 13, LINE_COMMENT = 14, BLOCK_COMMENT = 15, BLOCK_STAR = 16;
// What the grammar expects next.
const VALUE = 0, VALUE_OR_CLOSE = 1, KEY_OR_CLOSE = 2, COLON = 3, AFTER_VALUE = 4, END = 5;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
/** Characters that end a word (true, false, null, or anything else, which is an error). */
const endsWord = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 123 || c === 125 || c === 91 || c === 93 ||
  c === 34 || c === 58 || c === 44 || c === 47;

/** Open containers, one bit each (1: an object). */
class BitStack {
  private bits = new Uint8Array(64);
  length = 0;

  push(object: boolean): void {
    if (this.length >> 3 === this.bits.length) {
      const grown = new Uint8Array(this.bits.length * 2);
      grown.set(this.bits);
      this.bits = grown;
    }
    const at = this.length++;
    if (object) this.bits[at >> 3]! |= 1 << (at & 7);
    else this.bits[at >> 3]! &= ~(1 << (at & 7));
  }

  pop(): void {
    this.length--;
  }

  /** Whether the innermost open container is an object. */
  object(): boolean {
    const at = this.length - 1;
    return ((this.bits[at >> 3]! >> (at & 7)) & 1) === 1;
  }
}

/** The position of the end of the last line break (`\n` escape) or sentence end in text, or -1. */
function lastBreak(text: string): number {
  for (let i = text.length - 1; i > 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 33 || c === 63 || (c === 110 && text.charCodeAt(i - 1) === 92)) return i + 1;
  }
  return -1;
}

/**
 * The incremental JSON scanner and grammar. write() reads a chunk (positions continue from the previous one),
 * end() checks the document is complete; either throws INVALID_DOCUMENT at the first error. String values go to
 * `sink` when they end (or, when long, in parts), as paragraphs of the words between placeholders.
 */
export class JsonScanner {
  private state = TOP;
  private expect = VALUE;
  private readonly stack = new BitStack();
  /** Characters read before the current chunk. */
  private base = 0;
  /** Line breaks read, and the line where the current token starts (1-based). */
  private lines = 0;
  private tokenLine = 1;
  /** Where the current token (string, number, word, comment) starts. */
  private tokenStart = 0;
  /** In a string: whether it is a value, and where its part not yet handed on starts. */
  private value = false;
  private partStart = 0;
  private hexLeft = 0;
  /** A word's first characters (enough to tell true, false, null). */
  private word = '';

  constructor(private readonly source: Readable, private readonly sink: (paragraph: Paragraph) => void) {}

  /** No paragraph still to come starts before this position. */
  settled(): number {
    return this.value && this.state >= STRING && this.state <= HEX ? this.partStart : this.base;
  }

  private fail(offset: number, line: number, what: string): never {
    throw invalidDocument(`Invalid JSON at line ${line} (offset ${offset}): ${what}; nothing was converted.`);
  }

  /** The error for a token the grammar does not expect here. */
  private unexpected(offset: number): never {
    const what = this.expect === END ? 'text after the end of the value'
      : this.expect === COLON ? 'a colon expected after the key'
        : this.expect === KEY_OR_CLOSE ? 'a property name (a string in double quotes) expected'
          : this.expect === AFTER_VALUE ? `a comma or ${this.stack.object() ? '}' : ']'} expected`
            : 'a value expected';
    this.fail(offset, this.tokenLine, what);
  }

  private valueDone(): void {
    this.expect = this.stack.length ? AFTER_VALUE : END;
  }

  /** A value (number, word, string, container) starts at offset: the grammar must expect one. */
  private valueStart(offset: number): void {
    if (this.expect !== VALUE && this.expect !== VALUE_OR_CLOSE) this.unexpected(offset);
  }

  /** Hands on the string value's text from partStart to `end` and moves partStart there. */
  private part(end: number): void {
    if (end > this.partStart) messageParagraphs(this.source, this.partStart, end, this.sink);
    this.partStart = end;
  }

  /** A long value reached MAX_VALUE_PART at `at` (a plain place in the string): cut it. */
  private cut(at: number): void {
    const found = lastBreak(this.source.slice(this.partStart, at));
    let end = found > 0 ? this.partStart + found : at;
    if (found <= 0) {
      const before = this.source.slice(end - 1, end).charCodeAt(0);
      if (before >= 0xd800 && before <= 0xdbff) end--;
    }
    this.part(end);
  }

  write(chunk: string): void {
    const base = this.base;
    const length = chunk.length;
    let i = 0;
    while (i < length) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case TOP:
          this.tokenStart = base + i;
          this.tokenLine = this.lines + 1;
          switch (c) {
            case 32: case 9: case 13:
              break;
            case 10:
              this.lines++;
              break;
            case 123: case 91: // { [
              this.valueStart(base + i);
              this.stack.push(c === 123);
              this.expect = c === 123 ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
              break;
            case 125: // }
              if (this.expect === KEY_OR_CLOSE || (this.expect === AFTER_VALUE && this.stack.object())) {
                this.stack.pop();
                this.valueDone();
              } else this.unexpected(base + i);
              break;
            case 93: // ]
              if (this.expect === VALUE_OR_CLOSE || (this.expect === AFTER_VALUE && !this.stack.object())) {
                this.stack.pop();
                this.valueDone();
              } else this.unexpected(base + i);
              break;
            case 44: // ,
              if (this.expect !== AFTER_VALUE) this.unexpected(base + i);
              this.expect = this.stack.object() ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
              break;
            case 58: // :
              if (this.expect !== COLON) this.unexpected(base + i);
              this.expect = VALUE;
              break;
            case 34: // "
              if (this.expect === KEY_OR_CLOSE) this.value = false;
              else {
                this.valueStart(base + i);
                this.value = true;
              }
              this.partStart = base + i + 1;
              this.state = STRING;
              break;
            case 47: // /
              this.state = SLASH;
              break;
            case 45: // -
              this.valueStart(base + i);
              this.state = MINUS;
              break;
            default:
              this.valueStart(base + i);
              if (c === 48) this.state = ZERO;
              else if (isDigit(c)) this.state = INT;
              else {
                this.state = WORD;
                this.word = chunk[i]!;
              }
          }
          i++;
          break;
        case STRING: {
          // Plain characters in one loop; a long value stops at its bound.
          let stop = length;
          if (this.value && this.partStart + MAX_VALUE_PART - base < stop) stop = Math.max(this.partStart + MAX_VALUE_PART - base, i);
          let d = c;
          while (d !== 34 && d !== 92 && d >= 0x20 && i < stop) d = chunk.charCodeAt(++i);
          if (i === stop) {
            if (i < length) this.cut(base + i);
            break;
          }
          if (d === 34) {
            if (this.value) {
              this.part(base + i);
              this.value = false;
              this.valueDone();
            } else {
              this.expect = COLON;
            }
            this.state = TOP;
          } else if (d === 92) {
            this.state = ESCAPE;
          } else {
            this.fail(this.tokenStart, this.tokenLine, d === 10 || d === 13 ? 'an unterminated string' : 'an invalid character');
          }
          i++;
          break;
        }
        case ESCAPE:
          if (c === 117) {
            this.state = HEX;
            this.hexLeft = 4;
          } else if (c === 34 || c === 92 || c === 47 || c === 98 || c === 102 || c === 110 || c === 114 || c === 116) {
            this.state = STRING;
          } else {
            this.fail(this.tokenStart, this.tokenLine, c === 10 || c === 13 ? 'an unterminated string' : 'an invalid escape');
          }
          i++;
          break;
        case HEX:
          if (!isHex(c)) this.fail(this.tokenStart, this.tokenLine, 'an invalid \\u escape');
          if (--this.hexLeft === 0) this.state = STRING;
          i++;
          break;
        case MINUS:
          if (c === 48) this.state = ZERO;
          else if (isDigit(c)) this.state = INT;
          else this.fail(this.tokenStart, this.tokenLine, 'a value expected');
          i++;
          break;
        case INT:
        case ZERO:
          if (this.state === INT && isDigit(c)) i++;
          else if (c === 46) {
            this.state = DOT;
            i++;
          } else if (c === 101 || c === 69) {
            this.state = EXP;
            i++;
          } else this.numberDone();
          break;
        case DOT:
          if (!isDigit(c)) this.fail(this.tokenStart, this.tokenLine, 'a malformed number');
          this.state = FRACTION;
          i++;
          break;
        case FRACTION:
          if (isDigit(c)) i++;
          else if (c === 101 || c === 69) {
            this.state = EXP;
            i++;
          } else this.numberDone();
          break;
        case EXP:
        case EXP_SIGN:
          if (this.state === EXP && (c === 43 || c === 45)) this.state = EXP_SIGN;
          else if (isDigit(c)) this.state = EXP_DIGITS;
          else this.fail(this.tokenStart, this.tokenLine, 'a malformed number');
          i++;
          break;
        case EXP_DIGITS:
          if (isDigit(c)) i++;
          else this.numberDone();
          break;
        case WORD:
          if (endsWord(c)) this.wordDone();
          else {
            if (this.word.length < 6) this.word += chunk[i];
            i++;
          }
          break;
        case SLASH:
          if (c === 47) this.state = LINE_COMMENT;
          else if (c === 42) this.state = BLOCK_COMMENT;
          else this.unexpected(this.tokenStart);
          i++;
          break;
        case LINE_COMMENT: {
          // Up to the line break, which is read as trivia.
          let d = c;
          while (d !== 10 && d !== 13 && i < length) d = chunk.charCodeAt(++i);
          if (i < length) this.state = TOP;
          break;
        }
        case BLOCK_COMMENT:
        case BLOCK_STAR:
          if (c === 47 && this.state === BLOCK_STAR) this.state = TOP;
          else {
            this.state = c === 42 ? BLOCK_STAR : BLOCK_COMMENT;
            if (c === 10) this.lines++;
          }
          i++;
          break;
      }
    }
    this.base += length;
  }

  private numberDone(): void {
    this.state = TOP;
    this.valueDone();
  }

  private wordDone(): void {
    this.state = TOP;
    if (this.word !== 'true' && this.word !== 'false' && this.word !== 'null') this.fail(this.tokenStart, this.tokenLine, 'a value expected');
    this.valueDone();
  }

  end(): void {
    const state = this.state;
    if (state === STRING || state === ESCAPE || state === HEX) this.fail(this.tokenStart, this.tokenLine, 'an unterminated string');
    if (state === MINUS) this.fail(this.tokenStart, this.tokenLine, 'a value expected');
    if (state === DOT || state === EXP || state === EXP_SIGN) this.fail(this.tokenStart, this.tokenLine, 'a malformed number');
    if (state === SLASH) this.unexpected(this.tokenStart);
    if (state === BLOCK_COMMENT || state === BLOCK_STAR) this.fail(this.tokenStart, this.tokenLine, 'an unterminated comment');
    if (state === INT || state === ZERO || state === FRACTION || state === EXP_DIGITS) this.numberDone();
    if (state === WORD) this.wordDone();
    this.state = TOP;
    if (this.expect !== END) {
      this.fail(this.base, this.lines + 1, this.stack.length ? `an unclosed ${this.stack.object() ? 'object' : 'array'}` : 'no value');
    }
  }
}

export function extractJson(source: string): Extraction {
  const paragraphs: Paragraph[] = [];
  const scanner = new JsonScanner(source, (paragraph) => paragraphs.push(paragraph));
  scanner.write(source);
  scanner.end();
  return { paragraphs, edits: [] };
}

/** Incremental extraction for the streaming driver. */
function jsonExtractor(source: SourceWindow, sink: ExtractionSink) {
  const scanner = new JsonScanner(source, (paragraph) => sink.paragraph(paragraph));
  return { write: (chunk: string) => scanner.write(chunk), end: () => scanner.end(), settled: () => scanner.settled() };
}

export const jsonFormat: StreamingTextFormat = {
  name: 'json',
  binary: false,
  extensions: ['json', 'jsonc', 'json5', 'arb'],
  description: 'JSON (with comments) locale files: string values, never keys',
  extract: (source) => extractJson(source),
  stream: (converter) => extractionStream(converter, jsonExtractor),
};
