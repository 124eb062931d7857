/**
 * The fast path for long UTF-8 plain text under a conversion that never reads a line break: the bytes are cut after
 * their last line break (a 0x0A byte is never inside a character), checked by the native UTF-8 validator, decoded
 * straight into UTF-16 code units (no intermediate string) and converted as whole blocks, whose output units are
 * encoded straight back into UTF-8 bytes for a UTF-8 output. That skips what the general stream pays per unit (the
 * search for safe cuts, the string decode and the copy into units, the string of the output and its encoding), and
 * each complete line is written as soon as it is read. Both transcodings are native (ICU's, `buffer.transcode`):
 * 3–5 times as fast as a JavaScript loop on CJK text; a JavaScript decoder stands in on a Node built without ICU.
 *
 * It hands over to the general path (`fallback`, which gets the bytes not yet converted and the rest of the input)
 * as soon as something needs it: invalid UTF-8 (for the exact error, or --lenient), an ideographic description
 * character (U+2FF0–U+2FFF, whose sequences may span a line break), or a line longer than LONG_LINE.
 */
import { isUtf8, transcode } from 'node:buffer';

/** Longest stretch without a line break held here before the general stream (which cuts inside lines) takes over. */
const LONG_LINE = 1 << 20;

/** Code units of text: units[0, length). */
export interface Units {
  readonly units: Uint16Array;
  readonly length: number;
}

/**
 * Converts units[0, length) (valid UTF-16, no lone surrogate); the output's memory may be the converter's own,
 * valid until its next call.
 */
export type UnitConverter = (units: Uint16Array, length: number) => Units;

/** Converted text as UTF-8 bytes (encoded where it was converted), with its length in code units. */
export interface EncodedText {
  readonly bytes: Uint8Array;
  readonly units: number;
}

/** Whether Node's ICU transcoder is there (Node's own builds have it; a build without Intl has not). */
let nativeTranscoder: boolean | null = null;
function hasTranscoder(): boolean {
  if (nativeTranscoder === null) {
    try {
      nativeTranscoder = transcode(Buffer.from('\u4e2d'), 'utf8', 'utf16le').length === 2;
    } catch {
      nativeTranscoder = false;
    }
  }
  return nativeTranscoder;
}

let scratch = new Uint16Array(1 << 16);

/**
 * The code units of valid UTF-8 (in memory of their own, or of a scratch buffer reused by the next call), or null
 * when the text holds an ideographic description character.
 */
function unitsOf(bytes: Uint8Array): Units | null {
  if (hasDescriptionCharacter(bytes)) return null;
  if (hasTranscoder()) {
    const out = transcode(bytes, 'utf8', 'utf16le');
    if (out.byteOffset % 2 === 0) return { units: new Uint16Array(out.buffer, out.byteOffset, out.length >> 1), length: out.length >> 1 };
    const units = new Uint16Array(out.length >> 1);
    new Uint8Array(units.buffer).set(out);
    return { units, length: units.length };
  }
  if (scratch.length < bytes.length) scratch = new Uint16Array(Math.max(bytes.length, scratch.length * 2));
  const length = decodeUtf8(bytes, scratch);
  return length < 0 ? null : { units: scratch, length };
}

const encoder = new TextEncoder();

/**
 * Converted units as UTF-8 bytes in memory of their own (they may be transferred to another thread), or null when
 * they hold a lone surrogate (from a user's dictionary value): the caller then hands the text to the output
 * encoder, which names it (or replaces it under --lenient).
 */
function utf8Of(text: Units): Uint8Array | null {
  const view = Buffer.from(text.units.buffer, text.units.byteOffset, text.length * 2);
  if (hasTranscoder()) {
    try {
      return transcode(view, 'utf16le', 'utf8');
    } catch {
      return null; // ICU refuses a lone surrogate
    }
  }
  const string = view.toString('utf16le');
  if (!string.isWellFormed()) return null;
  const out = Buffer.allocUnsafeSlow(string.length * 3); // never the shared pool: it may be transferred
  return out.subarray(0, encoder.encodeInto(string, out).written);
}

function stringOf(text: Units): string {
  return Buffer.from(text.units.buffer, text.units.byteOffset, text.length * 2).toString('utf16le');
}

/** The output of converted units: UTF-8 bytes when `utf8` (unless they cannot be: see utf8Of), else a string. */
function outputOf(text: Units, utf8: boolean): string | EncodedText {
  const bytes = utf8 ? utf8Of(text) : null;
  return bytes ? { bytes, units: text.length } : stringOf(text);
}

/**
 * Decode valid UTF-8 into `out` (at least bytes.length units long); returns the unit count, or -1 when the text holds
 * an ideographic description character. For a Node without ICU (see hasTranscoder).
 */
function decodeUtf8(bytes: Uint8Array, out: Uint16Array, at = 0): number {
  let j = at;
  const n = bytes.length;
  for (let i = 0; i < n;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out[j++] = b;
      i++;
    } else if (b < 0xe0) {
      out[j++] = ((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
      i += 2;
    } else if (b < 0xf0) {
      const unit = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
      if (unit >= 0x2ff0 && unit <= 0x2fff) return -1;
      out[j++] = unit;
      i += 3;
    } else {
      const cp = (((b & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) | ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f)) - 0x10000;
      out[j++] = 0xd800 + (cp >> 10);
      out[j++] = 0xdc00 + (cp & 0x3ff);
      i += 4;
    }
  }
  return j - at;
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/**
 * Converts blocks of whole lines elsewhere (a worker thread, see jobs.ts): valid UTF-8 without ideographic
 * description characters in, the converted text in UTF-8 out.
 */
export interface BlockHelper {
  /** Whether it takes another block now. */
  ready(): boolean;
  /**
   * The block's bytes are handed over (transferred): the caller must not use them again. Its output comes back in
   * UTF-8, or as a string when it holds a lone surrogate (see utf8Of).
   */
  convert(block: Uint8Array): Promise<string | EncodedText>;
}

const DESCRIPTION_LEAD = Buffer.from([0xe2, 0xbf]);

/** Whether valid UTF-8 holds an ideographic description character (U+2FF0–U+2FFF: E2 BF B0–BF), found natively. */
function hasDescriptionCharacter(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let at = buffer.indexOf(DESCRIPTION_LEAD); at >= 0; at = buffer.indexOf(DESCRIPTION_LEAD, at + 2)) {
    if (buffer[at + 2]! >= 0xb0) return true;
  }
  return false;
}

/** A helper's work: a block of valid UTF-8 lines without description characters, converted, in UTF-8. */
export function convertUtf8Block(bytes: Uint8Array, convert: UnitConverter): string | EncodedText {
  const text = unitsOf(bytes);
  if (!text) throw new Error('a block sent to a helper holds an ideographic description character');
  return outputOf(convert(text.units, text.length), true);
}

/** Outputs held in order at most (converted here, or at a helper). */
const HELD_OUTPUTS = 8;

/**
 * Converted text of UTF-8 `chunks` block by block of whole lines; hands the rest to `fallback` when the fast path
 * cannot go on (see above). A UTF-8 byte-order mark at the start is dropped. With `utf8`, the output is UTF-8 bytes
 * (see outputOf), else strings. With a `helper` (for a UTF-8 output), blocks go to it whenever it is free and come
 * back as UTF-8 bytes, the others are converted here: the output is yielded in input order.
 */
export async function* convertUtf8Lines(chunks: AsyncIterable<Uint8Array>, convert: UnitConverter,
  fallback: (rest: AsyncIterable<Uint8Array>, offset: number) => AsyncIterable<string>,
  utf8: boolean, helper: BlockHelper | null = null): AsyncGenerator<string | EncodedText> {
  const iterator = chunks[Symbol.asyncIterator]();
  let pending: Uint8Array = new Uint8Array(0);
  let offset = 0; // bytes converted so far (for the messages of the general path)
  let first = true;
  const handOver = async function* (): AsyncGenerator<Uint8Array> {
    if (pending.length) yield pending;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  };
  // Outputs in input order: text converted here, or a helper's to come.
  type Output = string | EncodedText;
  const held: { readonly output: Output | Promise<Output>; settled: boolean }[] = [];
  let local = 0; // blocks converted here (the first one always is)
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    let chunk = next.value;
    if (first) {
      chunk = concat(pending, chunk);
      pending = new Uint8Array(0);
      if (chunk.length < 3) {
        pending = chunk;
        continue;
      }
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        offset = 3;
      }
    }
    const last = chunk.lastIndexOf(0x0a);
    if (last >= 0) {
      // The block is the pending start of a line, completed up to the chunk's first line break (a small copy),
      // then the chunk's whole lines where they are (no copy of the chunk).
      const split = pending.length ? chunk.indexOf(0x0a) + 1 : 0;
      const head = pending.length ? concat(pending, chunk.subarray(0, split)) : pending;
      const body = chunk.subarray(split, last + 1);
      const size = head.length + body.length;
      const valid = isUtf8(head) && isUtf8(body);
      if (valid && helper && local > 0 && helper.ready() && !hasDescriptionCharacter(head) && !hasDescriptionCharacter(body)) {
        const block = new Uint8Array(size); // transferred: never the chunk the rest of the input is cut from
        block.set(head);
        block.set(body, head.length);
        const entry: { output: Promise<Output>; settled: boolean } = { output: helper.convert(block), settled: false };
        entry.output.then(() => (entry.settled = true), () => (entry.settled = true));
        held.push(entry);
      } else {
        // Converted as two texts, the completed line and the rest (conversion never reads across a line break).
        const headText = valid && head.length ? unitsOf(head) : null;
        const headOutput = headText ? outputOf(convert(headText.units, headText.length), utf8) : null;
        const bodyText = valid && (headText || !head.length) ? unitsOf(body) : null;
        if (!bodyText) {
          while (held.length) yield await held.shift()!.output;
          pending = concat(pending, chunk);
          yield* fallback(handOver(), offset);
          return;
        }
        if (headOutput !== null) held.push({ output: headOutput, settled: true });
        held.push({ output: outputOf(convert(bodyText.units, bodyText.length), utf8), settled: true });
        local++;
      }
      offset += size;
      pending = chunk.subarray(last + 1);
    } else {
      pending = concat(pending, chunk);
    }
    while (held.length && (held[0]!.settled || held.length > HELD_OUTPUTS)) yield await held.shift()!.output;
    if (pending.length > LONG_LINE) {
      while (held.length) yield await held.shift()!.output;
      yield* fallback(handOver(), offset);
      return;
    }
  }
  while (held.length) yield await held.shift()!.output;
  if (first) {
    yield* fallback(handOver(), 0); // under 3 bytes: a byte-order mark cut short is the general path's to judge
    return;
  }
  if (pending.length) {
    // The last line, without a line break; a character cut off at the end is the general path's error to report.
    const text = isUtf8(pending) ? unitsOf(pending) : null;
    if (!text) {
      yield* fallback(handOver(), offset);
      return;
    }
    yield outputOf(convert(text.units, text.length), utf8);
  }
}
