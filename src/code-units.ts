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

let utf16Decoder: TextDecoder | null = null; // created on first use: start-up does not pay for it where unused (Node)

/** Works everywhere; TextDecoder is fast but turns lone surrogates into U+FFFD, so callers say when it is safe. */
export const portableCodec: TextCodec = {
  encodeInto(text, into) {
    for (let i = 0; i < text.length; i++) into[i] = text.charCodeAt(i);
  },
  decode(units, start, end) {
    return end - start < 64 ? decodeExactly(units, start, end) : (utf16Decoder ??= new TextDecoder('utf-16le', { ignoreBOM: true })).decode(units.subarray(start, end));
  },
  preservesLoneSurrogates: false,
};

let codec: TextCodec = portableCodec;

export function setTextCodec(next: TextCodec): void {
  codec = next;
}

/**
 * Below this many units a loop in JavaScript is as fast as a platform codec's call, and never pays its first-call
 * cost (Node's Buffer UTF-16 write and read: 0.2 ms together in a fresh process, a tenth of a short first conversion).
 */
const SHORT = 32;

export function toCodeUnits(text: string, into?: Uint16Array): Uint16Array {
  const units = into && into.length >= text.length ? into : new Uint16Array(text.length);
  if (text.length < SHORT) for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  else codec.encodeInto(text, units);
  return units;
}

/** Decode units[start, end); `wellFormed` says the units hold no lone surrogate (else they are kept exactly). */
export function fromCodeUnits(units: Uint16Array, start: number, end: number, wellFormed: boolean): string {
  if (end - start >= SHORT && (wellFormed || codec.preservesLoneSurrogates)) return codec.decode(units, start, end);
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

/**
 * Longest ideographic description sequence recognised, in code units. Real descriptions are a few characters
 * (⿰氵去, ⿱⿰木木木); the bound keeps every decision local, so that a stream can tell when text that follows can no
 * longer change it, and a run of operators costs linear time. A longer sequence is read like an incomplete one.
 */
export const MAX_IDS_LENGTH = 63;
/** idsEnd: the sequence is incomplete before its limit (so its operator counts as one character). */
export const IDS_INCOMPLETE = -1;

/** Work arrays of idsEnd: a sequence within MAX_IDS_LENGTH units has fewer frames and positions than that. */
const idsFrames = new Int32Array(3 * (MAX_IDS_LENGTH + 2));
const idsMemo = new Int32Array(MAX_IDS_LENGTH + 4);

/**
 * End of the IDS starting at i; 0 when units[i] is no IDS operator; IDS_INCOMPLETE when it does not complete
 * before min(limit, i + MAX_IDS_LENGTH) — more text can change that answer only when limit < i + MAX_IDS_LENGTH.
 * A component that is itself an incomplete IDS counts as a single character, as in OpenCC.
 */
export function idsEnd(units: Uint16Array, i: number, limit: number): number {
  const arity = idsArity(units[i]!);
  if (arity === 0) return 0;
  const closed = idsClosingEnd(units, i, limit);
  if (closed !== 0) return closed;
  const textEnd = limit; // a surrogate pair is read whole even where it crosses the length bound
  if (limit > i + MAX_IDS_LENGTH) limit = i + MAX_IDS_LENGTH;
  let operatorsOnly = true; // every unit up to the limit is an operator of the same arity
  for (let pos = i; pos < limit && operatorsOnly; pos++) operatorsOnly = idsArity(units[pos]!) === arity;
  if (!operatorsOnly) return incompleteIdsEnd(units, i, limit, textEnd);
  // A run of operators parses alike wherever it stands (a pure function of arity and length): remembered, so that
  // a long run costs one short count per operator.
  const key = (arity - 2) * (MAX_IDS_LENGTH + 1) + (limit - i);
  if (uniformRunEnds[key] === 0) {
    const end = incompleteIdsEnd(units, i, limit, textEnd);
    uniformRunEnds[key] = end < 0 ? -1 : end - i;
  }
  const length = uniformRunEnds[key]!;
  return length < 0 ? IDS_INCOMPLETE : i + length;
}

/**
 * The end of the IDS at i when it closes before min(limit, i + MAX_IDS_LENGTH) with every component complete — then
 * it read nothing after its end — else 0 (then idsEnd read up to that limit, and a shorter text may parse it
 * otherwise). Counts open components.
 */
export function idsClosingEnd(units: Uint16Array, i: number, limit: number): number {
  const textEnd = limit;
  if (limit > i + MAX_IDS_LENGTH) limit = i + MAX_IDS_LENGTH;
  let open = 1;
  for (let pos = i; pos < limit; ) {
    const a = idsArity(units[pos]!);
    open += a > 0 ? a - 1 : -1;
    pos += a > 0 ? 1 : codePointLength(units, pos, textEnd);
    if (open === 0) return pos;
  }
  return 0;
}

/** idsEnd of a run of operators of arity 2 or 3 cut at length 1…MAX_IDS_LENGTH: its length, -1, or 0 unknown. */
const uniformRunEnds = new Int32Array(2 * (MAX_IDS_LENGTH + 1));

/**
 * idsEnd for a sequence that reaches its limit: parsed component by component, where an incomplete component
 * counts as one character. Iterative over fixed work arrays (frames of [start, position, remaining components];
 * memo[pos - i] is 1 + the end of the sequence at pos once known, 1 when incomplete).
 */
function incompleteIdsEnd(units: Uint16Array, i: number, limit: number, textEnd: number): number {
  const stack = idsFrames, memo = idsMemo;
  memo.fill(0, 0, limit - i + 2);
  let depth = 0;
  stack[0] = i;
  stack[1] = i + 1;
  stack[2] = idsArity(units[i]!);
  let result = 0;
  for (;;) {
    const top = depth * 3;
    const start = stack[top]!, remaining = stack[top + 2]!;
    let pos = stack[top + 1]!;
    if (remaining === 0) {
      result = pos;
    } else if (pos >= limit) {
      result = 0;
    } else {
      const known = memo[pos - i]!;
      if (known === 0 && idsArity(units[pos]!) > 0) {
        depth++; // descend; resume this frame when the child resolves
        stack[top + 3] = pos;
        stack[top + 4] = pos + 1;
        stack[top + 5] = idsArity(units[pos]!);
        continue;
      }
      pos = known > 1 ? known - 1 : pos + codePointLength(units, pos, textEnd);
      stack[top + 1] = pos;
      stack[top + 2] = remaining - 1;
      continue;
    }
    // This frame resolved to `result` (0 = incomplete): record it and hand it to the parent as one component.
    memo[start - i] = result + 1;
    if (depth === 0) break;
    depth--;
    const parent = depth * 3;
    stack[parent + 1] = result || start + 1;
    stack[parent + 2] = stack[parent + 2]! - 1;
  }
  return result === 0 ? IDS_INCOMPLETE : result;
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
