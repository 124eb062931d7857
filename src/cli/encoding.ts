/**
 * Text encodings at the edge: detecting, decoding and encoding the bytes of files and streams. Legacy Chinese
 * encodings go through iconv-lite, the statistical GB18030-or-Big5 guess through chardet (a port of ICU's
 * detector); what this module adds is exactness: every undecodable byte and unrepresentable character is reported
 * with its position instead of silently becoming U+FFFD or "?".
 */
import { isUtf8 } from 'node:buffer';
import type Iconv from 'iconv-lite';
import {
  detectEncoding as detectWith, encodingLabel as label, unitAt, utf8SequenceAt, type DetectOptions, type EncodingCodec,
} from '../encoding-detection.js';

const utf8Encoder = new TextEncoder();
const ENCODE_INTO_LIMIT = 4 << 20;

export const TEXT_ENCODINGS = ['utf8', 'utf16le', 'utf16be', 'gb18030', 'gbk', 'big5'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

export function isTextEncoding(name: string): name is TextEncoding {
  return (TEXT_ENCODINGS as readonly string[]).includes(name);
}

let iconv: typeof Iconv | null = null;
let loading: Promise<void> | null = null;

/**
 * Load the codecs of the legacy encodings (iconv-lite: GB18030, GBK, Big5; half a megabyte of code and tables, a
 * chunk of the bundle of its own). UTF-8 and UTF-16 never need them: callers load them first for an input that is
 * not plainly UTF-8 (see isPlainUtf8) or an encoding that is legacy (prepareEncoding).
 */
export function loadLegacyEncodings(): Promise<void> {
  loading ??= import('iconv-lite').then((module) => {
    iconv = module.default;
  });
  return loading;
}

/** Have the codecs of `encoding` loaded. */
export async function prepareEncoding(encoding: TextEncoding): Promise<void> {
  if (encoding === 'gb18030' || encoding === 'gbk' || encoding === 'big5') await loadLegacyEncodings();
}

function legacy(): typeof Iconv {
  if (!iconv) throw new Error('internal error: a legacy encoding is used before loadLegacyEncodings()');
  return iconv;
}

/** Bytes that are not valid in the encoding: where, and how to get past it. */
export class DecodeError extends Error {
  constructor(readonly encoding: TextEncoding, readonly offset: number, detail: string) {
    super(`invalid ${encodingLabel(encoding)} at byte offset ${offset} (${detail}); ` +
      'pass --encoding with the right encoding, or --lenient to replace undecodable bytes with U+FFFD');
    this.name = 'DecodeError';
  }
}

/** A character the output encoding has no code for. */
export class UnrepresentableError extends Error {
  constructor(readonly encoding: TextEncoding, readonly character: string, readonly index: number) {
    const cp = character.codePointAt(0)!;
    const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    const replacement = encoding === 'gbk' || encoding === 'big5' || encoding === 'gb18030' ? '"?"' : 'U+FFFD';
    const lone = cp >= 0xd800 && cp <= 0xdfff;
    super(lone
      ? `character ${index} is a lone surrogate (${code}: half of a UTF-16 pair, from damaged UTF-16 input), which ` +
        `${encodingLabel(encoding)} cannot write; write UTF-16 (--output-encoding utf16le) to keep it as it is, or ` +
        `--lenient to write ${replacement} in its place`
      : `${JSON.stringify(character)} (${code}, character ${index}) cannot be written in ${encodingLabel(encoding)}; ` +
        `choose an --output-encoding that has it (utf8 and gb18030 have every character), or --lenient to write ${replacement} in its place`);
    this.name = 'UnrepresentableError';
  }
}

/** The WHATWG label of an encoding, as HTML and XML declare it. */
export function charsetLabel(encoding: TextEncoding): string {
  return { utf8: 'utf-8', utf16le: 'utf-16le', utf16be: 'utf-16be', gb18030: 'gb18030', gbk: 'gbk', big5: 'big5' }[encoding];
}

export function encodingLabel(encoding: TextEncoding): string {
  return label(encoding);
}

const BOMS: readonly [TextEncoding, readonly number[]][] = [
  ['utf8', [0xef, 0xbb, 0xbf]],
  ['utf16le', [0xff, 0xfe]],
  ['utf16be', [0xfe, 0xff]],
];

export function bomLength(bytes: Uint8Array, encoding: TextEncoding): number {
  const bom = BOMS.find(([name]) => name === encoding)?.[1];
  return bom && bom.every((b, i) => bytes[i] === b) ? bom.length : 0;
}

/**
 * Whether the output starts with a byte-order mark: when asked (--bom), or when the input had one and the output
 * keeps the input's form (the file rewritten in place, or --output-encoding same) in a Unicode encoding. Dropped,
 * UTF-16 is no longer recognisable as UTF-16 (by fanjian itself, or by editors), a UTF-8 CSV opens as ANSI in
 * Excel, and a file whose text does not change would still be rewritten, one mark shorter.
 */
export function writesMark(asked: boolean, sample: Uint8Array, input: TextEncoding, output: TextEncoding, keepsForm: boolean): boolean {
  if (asked) return true;
  const unicode = output === 'utf8' || output === 'utf16le' || output === 'utf16be';
  return keepsForm && unicode && bomLength(sample, input) > 0;
}

export type Detection =
  | { readonly kind: 'text'; readonly encoding: TextEncoding; readonly bom: boolean; readonly how: string }
  | { readonly kind: 'binary'; readonly why: string }
  /** Text, but which encoding is not certain enough to rewrite a file with: `why`, and the `fix` to suggest. */
  | { readonly kind: 'unsure'; readonly why: string; readonly fix: string };

const ASK_ENCODING = 'Pass --encoding with the right one (gb18030, big5, utf8…)';

/** iconv-lite's decoders, as detection asks for them. */
const iconvCodec: EncodingCodec = {
  decodes: (bytes, encoding, complete) => invalidUnitOffset(bytes, encoding, complete) < 0,
  decode: decodeUnits,
};

/**
 * What encoding the bytes are in, or "unsure" with the fix to suggest: the shared rules of
 * src/encoding-detection.ts (`--lenient` as options.lenient). `complete` says the sample is the whole input (else a
 * sequence cut at its end is no error).
 */
export function detectEncoding(sample: Uint8Array, complete: boolean, options: DetectOptions = {}): Detection {
  const utf32 = utf32Mark(sample);
  if (utf32) {
    return { kind: 'unsure', why: `it starts with a ${utf32} byte-order mark, and fanjian does not read UTF-32`,
      fix: `Convert it to UTF-8 first (iconv -f ${utf32} -t UTF-8)` };
  }
  // Most inputs: valid UTF-8 with characters of three bytes or more (no chance reading of GBK or Big5), told by the
  // native validator — per file, a tenth of the time of the shared rules' byte-by-byte count, whose answer it is.
  if (isPlainUtf8(sample, complete)) return { kind: 'text', encoding: 'utf8', bom: false, how: 'valid UTF-8' };
  const detection = detectWith(sample, complete, iconvCodec, options);
  if (detection.kind !== 'unsure') return detection;
  const fix = detection.foreign
    ? `Convert it to UTF-8 first (iconv -f ${detection.foreign.toUpperCase()} -t UTF-8), or pass --encoding gb18030 or big5 if it is Chinese`
    : detection.cutOff
      ? `Restore the file's end, or pass --encoding ${detection.cutOff} --lenient to convert it with the cut-off bytes replaced by U+FFFD`
      : ASK_ENCODING;
  return { kind: 'unsure', why: detection.why, fix };
}

/**
 * UTF-32's byte-order mark, named, or null. Its little-endian form starts with UTF-16LE's (FF FE) followed by a NUL
 * character: read as UTF-16 the text would be rewritten with a NUL between every two characters.
 */
function utf32Mark(sample: Uint8Array): string | null {
  if (sample[0] === 0xff && sample[1] === 0xfe && sample[2] === 0 && sample[3] === 0) return 'UTF-32LE';
  if (sample[0] === 0 && sample[1] === 0 && sample[2] === 0xfe && sample[3] === 0xff) return 'UTF-32BE';
  return null;
}

/** Characters of three bytes or more that make a sample UTF-8 beyond doubt (see contradictedEncoding). */
const SURE_UTF8_CHARACTERS = 4;

/**
 * Why the input is not in `encoding` although --encoding says so, or null: a byte-order mark of another encoding,
 * or UTF-8 beyond doubt (valid, with at least four characters of three bytes or more, which GBK, GB18030, Big5 or
 * UTF-16 text all but never is). This is what a second run of `-e gbk --in-place` meets in the files the first run
 * converted to UTF-8: read as GBK they would become mojibake, which the conversion then changes for good.
 */
export function contradictedEncoding(encoding: TextEncoding, sample: Uint8Array, complete: boolean): string | null {
  const marked = utf32Mark(sample) ?? BOMS.find(([, bom]) => bom.every((b, i) => sample[i] === b))?.[0];
  if (marked !== undefined && marked !== encoding) {
    return `it starts with a byte-order mark of ${isTextEncoding(marked) ? encodingLabel(marked) : marked}, not of ${encodingLabel(encoding)}`;
  }
  if (encoding === 'utf8' || marked !== undefined) return null; // invalid UTF-8 is the decoder's to report, at its offset
  let long = 0;
  for (let i = 0; i < sample.length && long < SURE_UTF8_CHARACTERS; i++) if (sample[i]! >= 0xe0) long++;
  return long >= SURE_UTF8_CHARACTERS && isPlainUtf8(sample, complete) ? 'it is valid UTF-8 (converted already?)' : null;
}

/**
 * Whether the sample is plainly UTF-8 (valid, with characters of three bytes or more, no byte-order mark or NUL):
 * detection then needs no legacy codec.
 */
export function isPlainUtf8(sample: Uint8Array, complete: boolean): boolean {
  const mark = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf; // the shared rules report it
  return !mark && !sample.includes(0) && hasLongSequence(sample) && isUtf8(completeSequences(sample, complete));
}

/** Whether the bytes hold a lead byte of a UTF-8 sequence of three or four bytes. */
function hasLongSequence(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0xe0) return true;
  return false;
}

/** A sample cut off inside a UTF-8 sequence (when more follows), without that sequence's first bytes. */
function completeSequences(bytes: Uint8Array, complete: boolean): Uint8Array {
  if (complete) return bytes;
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) break;
    if (b >= 0xc0) return (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

/**
 * Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. With `complete` false, a
 * sequence cut off by the end of the bytes is not an error.
 */
export function invalidUtf8Offset(bytes: Uint8Array, complete = true, from = 0): number {
  if (from === 0 && isUtf8(bytes)) return -1; // native check first; the loop below only locates an error
  const n = bytes.length;
  for (let i = from; i < n; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number, min: number, max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1, min = 0x80;
    else if (b === 0xe0) need = 2, min = 0xa0;
    else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) need = 2, min = 0x80;
    else if (b === 0xed) need = 2, min = 0x80, max = 0x9f; // no surrogates
    else if (b === 0xf0) need = 3, min = 0x90;
    else if (b >= 0xf1 && b <= 0xf3) need = 3, min = 0x80;
    else if (b === 0xf4) need = 3, min = 0x80, max = 0x8f;
    else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return complete ? i : -1;
      const c = bytes[i + k]!;
      if (c < (k === 1 ? min : 0x80) || c > (k === 1 ? max : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}


const REPLACEMENT = '\ufffd';

/**
 * Offset of the first byte sequence that is malformed or has no Unicode mapping in the encoding, or -1. With
 * `complete` false, a character cut off by the end of the bytes is not an error. For the legacy encodings every
 * well-formed unit decodes to exactly one code point, so decoded text and units are walked side by side.
 */
export function invalidUnitOffset(bytes: Uint8Array, encoding: TextEncoding, complete = true): number {
  if (encoding === 'utf8') return invalidUtf8Offset(bytes, complete);
  if (encoding === 'utf16le' || encoding === 'utf16be') return complete && bytes.length % 2 ? bytes.length - 1 : -1;
  const units: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const length = unitAt(bytes, i, encoding);
    if (length < 0) return i;
    if (length === 0) {
      if (complete) return i;
      break;
    }
    units.push(i);
    i += length;
  }
  const decoded = legacy().decode(toBuffer(bytes), encoding);
  if (!decoded.includes(REPLACEMENT)) return -1;
  const replacementBytes = legacy().encode(REPLACEMENT, encoding);
  let at = 0;
  for (let u = 0; u < units.length; u++) {
    const cp = decoded.codePointAt(at)!;
    if (cp === 0xfffd) {
      const end = u + 1 < units.length ? units[u + 1]! : bytes.length;
      if (!replacementBytes.equals(toBuffer(bytes.subarray(units[u]!, end)))) return units[u]!;
    }
    at += cp > 0xffff ? 2 : 1;
  }
  return -1;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** How many leading bytes form complete units (the rest waits for the next chunk). */
function completePrefix(bytes: Uint8Array, encoding: TextEncoding): number {
  const n = bytes.length;
  if (encoding === 'utf16le' || encoding === 'utf16be') return n - (n % 2);
  if (encoding === 'utf8') {
    for (let back = 1; back <= Math.min(3, n); back++) {
      if ((bytes[n - back]! & 0xc0) === 0x80) continue; // continuation byte: keep looking for its lead
      // Held back only when it is the well-formed start of a sequence; anything else is for the decoder to report.
      return utf8SequenceAt(bytes, n - back) === 0 ? n - back : n;
    }
    return n;
  }
  let i = 0;
  while (i < n) {
    const length = unitAt(bytes, i, encoding);
    if (length === 0) break;
    i += Math.max(length, 1); // a malformed unit is left for the decoder to report
  }
  return i;
}

function decodeUnits(bytes: Uint8Array, encoding: TextEncoding): string {
  const buffer = toBuffer(bytes);
  switch (encoding) {
    case 'utf8':
      return buffer.toString('utf8');
    case 'utf16le':
      return buffer.toString('utf16le');
    case 'utf16be':
      return Buffer.from(buffer).swap16().toString('utf16le');
    default:
      return legacy().decode(buffer, encoding);
  }
}

/**
 * Incremental decoder: feed byte chunks, get text. A character split between chunks waits for its remaining
 * bytes; offsets in errors count from the first byte of the input (BOM included).
 */
export class StreamDecoder {
  private pending: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private first = true;

  /** `offset`: the bytes before these were read elsewhere (messages count from the start; no byte-order mark here). */
  constructor(readonly encoding: TextEncoding, private readonly lenient: boolean, offset = 0) {
    this.offset = offset;
    this.first = offset === 0;
  }

  write(chunk: Uint8Array): string {
    let bytes = this.pending.length ? concat(this.pending, chunk) : chunk;
    if (this.first && bytes.length >= 3) {
      const bom = bomLength(bytes, this.encoding);
      bytes = bytes.subarray(bom);
      this.offset += bom;
      this.first = false;
    }
    const cut = this.first ? 0 : completePrefix(bytes, this.encoding);
    this.pending = bytes.slice(cut);
    return this.decode(bytes.subarray(0, cut), false);
  }

  end(): string {
    if (this.first) {
      const bom = bomLength(this.pending, this.encoding);
      this.offset += bom;
      this.pending = this.pending.subarray(bom);
    }
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    return this.decode(rest, true);
  }

  private decode(bytes: Uint8Array, complete: boolean): string {
    if (!this.lenient) {
      const bad = invalidUnitOffset(bytes, this.encoding, complete);
      if (bad >= 0) {
        const cut = complete && cutOffAt(bytes, bad, this.encoding);
        const detail = describeBytes(bytes, bad) + (cut ? ' at the very end: the input is cut off inside its last character' : '');
        throw new DecodeError(this.encoding, this.offset + bad, detail);
      }
    }
    this.offset += bytes.length;
    // A character cut off by the end is one U+FFFD, as Node's UTF-8 decoder makes it: iconv-lite reads a cut
    // four-byte GB18030 sequence (95 32 82) as U+FFFD, the digit "2", U+FFFD, which added a "2" to the text, and
    // Node's UTF-16 decoder drops an odd last byte without a trace.
    if (complete && this.encoding !== 'utf8') {
      const whole = completePrefix(bytes, this.encoding);
      if (whole < bytes.length && cutOffAt(bytes, whole, this.encoding)) return decodeUnits(bytes.subarray(0, whole), this.encoding) + REPLACEMENT;
    }
    return decodeUnits(bytes, this.encoding);
  }
}

/** Whether the bytes from `at` are the start of one character that the end of the input cut off. */
function cutOffAt(bytes: Uint8Array, at: number, encoding: TextEncoding): boolean {
  if (encoding === 'utf8') return utf8SequenceAt(bytes, at) === 0;
  if (encoding === 'utf16le' || encoding === 'utf16be') return at === bytes.length - 1;
  return unitAt(bytes, at, encoding) === 0;
}

function describeBytes(bytes: Uint8Array, at: number): string {
  const shown = Array.from(bytes.subarray(at, at + 4), (b) => b.toString(16).padStart(2, '0'));
  return `bytes ${shown.join(' ')}`;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Decode a whole input (BOM removed); DecodeError on invalid bytes unless lenient. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding, lenient: boolean): string {
  const decoder = new StreamDecoder(encoding, lenient);
  return decoder.write(bytes) + decoder.end();
}

/**
 * Incremental encoder with exact checks: a character the encoding cannot represent is an UnrepresentableError
 * (or "?" when lenient). `bom` writes a byte-order mark first (UTF-8 and UTF-16 only).
 */
export class StreamEncoder {
  private index = 0;
  private started = false;

  constructor(readonly encoding: TextEncoding, private readonly bom: boolean, private readonly lenient: boolean) {}

  write(text: string): Uint8Array {
    const prefix = this.start();
    const bytes = this.encode(text);
    this.index += text.length;
    return prefix ? concat(prefix, bytes) : bytes;
  }

  /**
   * `units` code units of text were encoded elsewhere (the fast path of UTF-8 text): counted, so that a later
   * error names the right character; returns the byte-order mark to write before them, if it is due.
   */
  skip(units: number): Uint8Array | null {
    const prefix = this.start();
    this.index += units;
    return prefix;
  }

  /** The byte-order mark due before the first output, if any. */
  private start(): Uint8Array | null {
    if (this.started) return null;
    this.started = true;
    const mark = this.bom ? BOMS.find(([name]) => name === this.encoding)?.[1] : undefined;
    return mark ? Uint8Array.from(mark) : null;
  }

  private encode(text: string): Uint8Array {
    if (!this.lenient) {
      const bad = unrepresentable(text, this.encoding);
      if (bad >= 0) {
        const cp = text.codePointAt(bad)!;
        throw new UnrepresentableError(this.encoding, String.fromCodePoint(cp), this.index + bad);
      }
    }
    switch (this.encoding) {
      case 'utf8': {
        // Streamed chunks: encodeInto a buffer of the largest possible size takes half the time of Buffer.from on
        // CJK text; a whole large text is encoded to its exact size, not to three bytes per unit.
        if (text.length > ENCODE_INTO_LIMIT) return Buffer.from(text, 'utf8');
        const out = Buffer.allocUnsafe(text.length * 3);
        return out.subarray(0, utf8Encoder.encodeInto(text, out).written);
      }
      case 'utf16le':
        return Buffer.from(text, 'utf16le');
      case 'utf16be':
        return Buffer.from(text, 'utf16le').swap16();
      default:
        return legacy().encode(text, this.encoding);
    }
  }
}

/** Index of the first character the encoding cannot represent, or -1. */
function unrepresentable(text: string, encoding: TextEncoding): number {
  if (encoding === 'utf16le' || encoding === 'utf16be') return -1; // lone surrogates survive UTF-16 as they are
  if (encoding === 'utf8' || encoding === 'gb18030') {
    if (text.isWellFormed()) return -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
      else if (c >= 0xd800 && c <= 0xdfff) return i;
    }
    return -1;
  }
  if (/^[\x00-\x7f]*$/.test(text)) return -1;
  const roundTrip = legacy().decode(legacy().encode(text, encoding), encoding);
  if (roundTrip === text) return -1;
  let i = 0;
  while (i < text.length && text[i] === roundTrip[i]) i++;
  // A mismatch inside a surrogate pair points at its first half.
  if (i > 0 && (text.charCodeAt(i) & 0xfc00) === 0xdc00) i--;
  return i;
}

export function encodeText(text: string, encoding: TextEncoding, bom: boolean, lenient: boolean): Uint8Array {
  return new StreamEncoder(encoding, bom, lenient).write(text);
}
