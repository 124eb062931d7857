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
 * Converts blocks of whole lines elsewhere (a worker thread, see jobs.ts): valid UTF-8 without ideographic
 * description characters in, the converted text in UTF-8 out.
 */
export interface BlockHelper {
  /** Whether it takes another block now. */
  ready(): boolean;
  /** The block's bytes are handed over (transferred): the caller must not use them again. */
  convert(block: Uint8Array): Promise<Uint8Array>;
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

let blockUnits = new Uint16Array(0);
const encoder = new TextEncoder();

/** A helper's work: a block of valid UTF-8 lines without description characters, converted, in UTF-8. */
export function convertUtf8Block(bytes: Uint8Array, convert: UnitConverter): Uint8Array {
  if (blockUnits.length < bytes.length) blockUnits = new Uint16Array(bytes.length);
  const length = decodeUtf8(bytes, blockUnits);
  if (length < 0) throw new Error('a block sent to a helper holds an ideographic description character');
  const text = convert(blockUnits, length);
  const out = Buffer.allocUnsafeSlow(text.length * 3); // its own memory, never the shared pool: it is transferred
  return out.subarray(0, encoder.encodeInto(text, out).written);
}

/** Outputs held in order at most (converted here, or at a helper). */
const HELD_OUTPUTS = 8;

/**
 * Converted text of UTF-8 `chunks` block by block of whole lines; hands the rest to `fallback` when the fast path
 * cannot go on (see above). A UTF-8 byte-order mark at the start is dropped. With a `helper`, blocks go to it
 * whenever it is free and come back as UTF-8 bytes (for a UTF-8 output), the others are converted here: the
 * output is yielded in input order.
 */
export async function* convertUtf8Lines(chunks: AsyncIterable<Uint8Array>, convert: UnitConverter,
  fallback: (rest: AsyncIterable<Uint8Array>, offset: number) => AsyncIterable<string>,
  helper: BlockHelper | null = null): AsyncGenerator<string | Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  let pending: Uint8Array = new Uint8Array(0);
  let units = new Uint16Array(1 << 16);
  let offset = 0; // bytes converted so far (for the messages of the general path)
  let first = true;
  const handOver = async function* (): AsyncGenerator<Uint8Array> {
    if (pending.length) yield pending;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  };
  // Outputs in input order: text converted here, or a helper's bytes to come.
  const held: { readonly output: string | Promise<Uint8Array>; settled: boolean }[] = [];
  let local = 0; // blocks converted here (the first one always is: the encoder writes a byte-order mark before it)
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
      if (helper && local > 0 && helper.ready() && isUtf8(head) && isUtf8(body) &&
        !hasDescriptionCharacter(head) && !hasDescriptionCharacter(body)) {
        const block = new Uint8Array(size);
        block.set(head);
        block.set(body, head.length);
        const entry: { output: Promise<Uint8Array>; settled: boolean } = { output: helper.convert(block), settled: false };
        entry.output.then(() => (entry.settled = true), () => (entry.settled = true));
        held.push(entry);
      } else {
        if (units.length < size) units = new Uint16Array(Math.max(size, units.length * 2));
        let length = isUtf8(head) ? decodeUtf8(head, units) : -1;
        const rest = length < 0 ? -1 : isUtf8(body) ? decodeUtf8(body, units, length) : -1;
        if (rest < 0) {
          while (held.length) yield await held.shift()!.output;
          pending = concat(pending, chunk);
          yield* fallback(handOver(), offset);
          return;
        }
        length += rest;
        held.push({ output: convert(units, length), settled: true });
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
    if (units.length < pending.length) units = new Uint16Array(pending.length);
    const length = isUtf8(pending) ? decodeUtf8(pending, units) : -1;
    if (length < 0) {
      yield* fallback(handOver(), offset);
      return;
    }
    yield convert(units, length);
  }
}
