/**
 * The fast path for long UTF-8 plain text under a conversion that never reads a line break: the bytes are cut after
 * their last line break (a 0x0A byte is never inside a character), checked by the native UTF-8 validator, decoded
 * straight into UTF-16 code units (no intermediate string) and converted as whole blocks. That skips what the
 * general stream pays per unit (the search for safe cuts, the string decode and the copy into units), and each
 * complete line is written as soon as it is read.
 *
 * It hands over to the general path (`fallback`, which gets the bytes not yet converted and the rest of the input)
 * as soon as something needs it: invalid UTF-8 (for the exact error, or --lenient), an ideographic description
 * character (U+2FF0–U+2FFF, whose sequences may span a line break), or a line longer than LONG_LINE.
 */
import { isUtf8 } from 'node:buffer';

/** Longest stretch without a line break held here before the general stream (which cuts inside lines) takes over. */
const LONG_LINE = 1 << 20;

/** Converts units[0, length) (valid UTF-16, no lone surrogate) to the output text. */
export type UnitConverter = (units: Uint16Array, length: number) => string;

/**
 * Decode valid UTF-8 into `out` (at least bytes.length units long); returns the unit count, or -1 when the text holds
 * an ideographic description character.
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
 * Converted text of UTF-8 `chunks` block by block of whole lines; hands the rest to `fallback` when the fast path
 * cannot go on (see above). A UTF-8 byte-order mark at the start is dropped.
 */
export async function* convertUtf8Lines(chunks: AsyncIterable<Uint8Array>, convert: UnitConverter,
  fallback: (rest: AsyncIterable<Uint8Array>, offset: number) => AsyncIterable<string>): AsyncGenerator<string> {
  const iterator = chunks[Symbol.asyncIterator]();
  let pending: Uint8Array = new Uint8Array(0);
  let units = new Uint16Array(1 << 16);
  let offset = 0; // bytes converted so far (for the messages of the general path)
  let first = true;
  const handOver = async function* (): AsyncGenerator<Uint8Array> {
    if (pending.length) yield pending;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  };
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
      if (units.length < head.length + body.length) units = new Uint16Array(Math.max(head.length + body.length, units.length * 2));
      let length = isUtf8(head) ? decodeUtf8(head, units) : -1;
      const rest = length < 0 ? -1 : isUtf8(body) ? decodeUtf8(body, units, length) : -1;
      if (rest < 0) {
        pending = concat(pending, chunk);
        yield* fallback(handOver(), offset);
        return;
      }
      length += rest;
      yield convert(units, length);
      offset += head.length + body.length;
      pending = chunk.subarray(last + 1);
    } else {
      pending = concat(pending, chunk);
    }
    if (pending.length > LONG_LINE) {
      yield* fallback(handOver(), offset);
      return;
    }
  }
  if (first) {
    yield* fallback(handOver(), 0); // under 3 bytes: a byte-order mark cut short is the general path's to judge
    return;
  }
  if (pending.length) {
    // The last line, without a line break; a character cut off at the end is the general path's error to report.
    if (units.length < pending.length) units = new Uint16Array(pending.length);
    const length = isUtf8(pending) ? decodeUtf8(pending, units) : -1;
    if (length < 0) {
      yield* fallback(handOver(), offset);
      return;
    }
    yield convert(units, length);
  }
}
