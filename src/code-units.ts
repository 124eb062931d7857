/**
 * UTF-16 code unit buffers: the engine works on Uint16Array so that every stage reads and writes typed arrays.
 * Also the unit rules every pass shares: a surrogate pair and an ideographic description sequence (IDS, e.g.
 * ⿰木林) are single units that are never split.
 */

/** Moves text between strings and UTF-16 unit arrays. Platforms may install a faster one (Node: Buffer). */
export interface TextCodec {
  /** Write text's units into `into` (which holds at least text.length units). */
  encodeInto(text: string, into: Uint16Array): void;
  /** Decode units[start, end); must keep lone surrogates when `preservesLoneSurrogates` is true. */
  decode(units: Uint16Array, start: number, end: number): string;
  readonly preservesLoneSurrogates: boolean;
}

const CHUNK = 8192;

/** Decode with String.fromCharCode, which keeps lone surrogates. */
function decodeExactly(units: Uint16Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i += CHUNK) {
    out += String.fromCharCode.apply(null, units.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
  }
  return out;
}

const utf16Decoder = new TextDecoder('utf-16le', { ignoreBOM: true });

/** Works everywhere; TextDecoder is fast but turns lone surrogates into U+FFFD, so callers say when it is safe. */
export const portableCodec: TextCodec = {
  encodeInto(text, into) {
    for (let i = 0; i < text.length; i++) into[i] = text.charCodeAt(i);
  },
  decode(units, start, end) {
    return end - start < 64 ? decodeExactly(units, start, end) : utf16Decoder.decode(units.subarray(start, end));
  },
  preservesLoneSurrogates: false,
};

let codec: TextCodec = portableCodec;

export function setTextCodec(next: TextCodec): void {
  codec = next;
}

export function toCodeUnits(text: string, into?: Uint16Array): Uint16Array {
  const units = into && into.length >= text.length ? into : new Uint16Array(text.length);
  codec.encodeInto(text, units);
  return units;
}

/** Decode units[start, end); `wellFormed` says the units hold no lone surrogate (else they are kept exactly). */
export function fromCodeUnits(units: Uint16Array, start: number, end: number, wellFormed: boolean): string {
  if (wellFormed || codec.preservesLoneSurrogates) return codec.decode(units, start, end);
  return decodeExactly(units, start, end);
}

/** Whether decoding needs the lone-surrogate check for this text. */
export function needsWellFormedCheck(): boolean {
  return !codec.preservesLoneSurrogates;
}

export function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

export function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Length of the code point at i (1 or 2 units), reading no further than limit. */
export function codePointLength(units: Uint16Array, i: number, limit: number): number {
  return isHighSurrogate(units[i]!) && i + 1 < limit && isLowSurrogate(units[i + 1]!) ? 2 : 1;
}

/** Number of components an ideographic description character takes (U+2FF0–U+2FFF), or 0. */
export function idsArity(unit: number): number {
  if (unit < 0x2ff0 || unit > 0x2fff) return 0;
  return unit === 0x2ff2 || unit === 0x2ff3 ? 3 : 2;
}

/** Set by idsEnd: whether parsing needed text at or beyond `limit` (so more text could change the answer). */
export let idsReachedLimit = false;

/**
 * End of the IDS starting at i, or 0 when there is none or it is incomplete before `limit`. A component that is
 * itself an incomplete IDS counts as a single character, as in OpenCC. Iterative with memoised nested ends, so
 * deep or adversarial nesting neither overflows the stack nor takes quadratic time.
 */
export function idsEnd(units: Uint16Array, i: number, limit: number): number {
  idsReachedLimit = false;
  if (idsArity(units[i]!) === 0) return 0;
  const memo = new Map<number, number>();
  // Frames of [start, position, remaining components].
  const stack: number[] = [i, i + 1, idsArity(units[i]!)];
  let result = 0;
  while (stack.length > 0) {
    const top = stack.length - 3;
    const start = stack[top]!, remaining = stack[top + 2]!;
    let pos = stack[top + 1]!;
    if (remaining === 0) {
      result = pos;
    } else if (pos >= limit) {
      idsReachedLimit = true;
      result = 0;
    } else {
      const known = memo.get(pos);
      if (known === undefined && idsArity(units[pos]!) > 0) {
        stack.push(pos, pos + 1, idsArity(units[pos]!)); // descend; resume this frame when the child resolves
        continue;
      }
      pos = known || pos + codePointLength(units, pos, limit);
      stack[top + 1] = pos;
      stack[top + 2] = remaining - 1;
      continue;
    }
    // This frame resolved to `result` (0 = incomplete): record it and hand it to the parent as one component.
    memo.set(start, result);
    stack.length = top;
    if (stack.length > 0) {
      const parent = stack.length - 3;
      stack[parent + 1] = result || start + 1;
      stack[parent + 2] = stack[parent + 2]! - 1;
    }
  }
  return result;
}

/** Units an unmatched position advances by: a whole IDS, a whole surrogate pair, or one unit. */
export function unmatchedLength(units: Uint16Array, i: number, limit: number): number {
  const unit = units[i]!;
  if (unit >= 0x2ff0 && unit <= 0x2fff) {
    const end = idsEnd(units, i, limit);
    if (end > i) return end - i;
    return 1;
  }
  return isHighSurrogate(unit) && i + 1 < limit && isLowSurrogate(units[i + 1]!) ? 2 : 1;
}

/** A growable output buffer of code units. */
export class UnitBuffer {
  units: Uint16Array;
  length = 0;

  constructor(capacity = 1024) {
    this.units = new Uint16Array(capacity);
  }

  reset(capacity: number): void {
    if (this.units.length < capacity) this.units = new Uint16Array(capacity);
    this.length = 0;
  }

  ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.units.length) return;
    const grown = new Uint16Array(Math.max(need, this.units.length * 2));
    grown.set(this.units.subarray(0, this.length));
    this.units = grown;
  }

  append(source: Uint16Array, start: number, end: number): void {
    this.ensure(end - start);
    this.units.set(source.subarray(start, end), this.length);
    this.length += end - start;
  }
}
