/**
 * The oracle for the streaming JSON scanner (src/formats/json.ts): the extractor it replaced, a loop over
 * jsonc-parser's token scanner (which reads a whole text) with the same grammar. What the scanner accepts, the
 * paragraphs it reports and where it refuses must be what this gives.
 */
import { createScanner } from 'jsonc-parser';
import { invalidDocument, type Extraction, type Paragraph } from '../../src/formats/format.js';
import { messageWords } from '../../src/formats/placeholders.js';

// jsonc-parser's SyntaxKind and ScanError (const enums, spelled out for isolated modules).
const OPEN_BRACE = 1, CLOSE_BRACE = 2, OPEN_BRACKET = 3, CLOSE_BRACKET = 4, COMMA = 5, COLON = 6;
const NULL = 7, TRUE = 8, FALSE = 9, STRING = 10, NUMBER = 11, LINE_COMMENT = 12, BLOCK_COMMENT = 13;
const LINE_BREAK = 14, TRIVIA = 15, EOF = 17;
const SCAN_ERRORS = ['', 'an unterminated comment', 'an unterminated string', 'a malformed number', 'an invalid \\u escape',
  'an invalid escape', 'an invalid character'];

/** Paragraphs for the words of the message at source[start, end). */
function messageParagraphs(source: string, start: number, end: number, into: Paragraph[]): void {
  for (const [s, e] of messageWords(source.slice(start, end))) into.push({ segments: [{ start: start + s, end: start + e }] });
}

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * A stack of flags in one byte each (an array of booleans takes a pointer, 8 bytes, per entry: 800 MB for
 * 100M nested arrays).
 */
class ByteStack {
  private bytes = new Uint8Array(64);
  length = 0;

  push(value: boolean): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = value ? 1 : 0;
  }

  pop(): void {
    this.length--;
  }

  top(): boolean {
    return this.bytes[this.length - 1] === 1;
  }
}

type Expect = 'value' | 'value-or-close' | 'key-or-close' | 'colon' | 'after-value' | 'end';

export function oracleExtractJson(source: string): Extraction {
  const paragraphs: Paragraph[] = [];
  const scanner = createScanner(source, false);
  /** Open containers: true for an object, false for an array. */
  const stack = new ByteStack();
  let expect = 'value' as Expect;
  const fail = (offset: number, what: string): never => {
    throw invalidDocument(`Invalid JSON at line ${lineOf(source, offset)} (offset ${offset}): ${what}; nothing was converted.`);
  };
  const valueDone = () => {
    expect = stack.length ? 'after-value' : 'end';
  };
  for (;;) {
    const token = scanner.scan() as number;
    const offset = scanner.getTokenOffset();
    const error = scanner.getTokenError() as number;
    if (error) fail(offset, SCAN_ERRORS[error] ?? 'a scan error');
    if (token === LINE_COMMENT || token === BLOCK_COMMENT || token === LINE_BREAK || token === TRIVIA) continue;
    if (token === EOF) {
      if (expect !== 'end') fail(offset, stack.length ? `an unclosed ${stack.top() ? 'object' : 'array'}` : 'no value');
      break;
    }
    switch (expect) {
      case 'end':
        fail(offset, 'text after the end of the value');
        break;
      case 'colon':
        if (token !== COLON) fail(offset, 'a colon expected after the key');
        expect = 'value';
        break;
      case 'key-or-close':
        if (token === CLOSE_BRACE) {
          stack.pop();
          valueDone();
        } else if (token === STRING) {
          expect = 'colon';
        } else {
          fail(offset, 'a property name (a string in double quotes) expected');
        }
        break;
      case 'after-value': {
        const inObject = stack.top();
        if (token === COMMA) expect = inObject ? 'key-or-close' : 'value-or-close';
        else if (token === (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
          stack.pop();
          valueDone();
        } else fail(offset, `a comma or ${inObject ? '}' : ']'} expected`);
        break;
      }
      case 'value':
      case 'value-or-close':
        if (token === CLOSE_BRACKET && expect === 'value-or-close') {
          stack.pop();
          valueDone();
        } else if (token === OPEN_BRACE || token === OPEN_BRACKET) {
          stack.push(token === OPEN_BRACE);
          expect = token === OPEN_BRACE ? 'key-or-close' : 'value-or-close';
        } else if (token === STRING) {
          // The raw text between the quotes (escapes are ASCII and stay as they are).
          const length = scanner.getTokenLength();
          if (length >= 2) messageParagraphs(source, offset + 1, offset + length - 1, paragraphs);
          valueDone();
        } else if (token === NUMBER || token === TRUE || token === FALSE || token === NULL) {
          valueDone();
        } else {
          fail(offset, 'a value expected');
        }
        break;
    }
  }
  return { paragraphs, edits: [] };
}
