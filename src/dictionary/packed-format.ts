/**
 * The compact form of a compiled dictionary, shipped to browsers (and read by Node for the files it does not ship
 * compiled): binary sections that gzip compresses well and that decode in two linear passes into exactly the tables
 * of the binary form (dictionary-binary.ts), with no trie construction (which takes a second for the largest
 * group). Bulk sections are typed arrays viewed straight over the bytes; what stays compact is only what is cheap to
 * undo in those passes (HTTP compression does the rest). It stores:
 *  - the alphabet (the units of the keys in symbol order);
 *  - the keys in the trie's symbol order (see sortForPacking), front-coded: per key the units it shares with the
 *    previous key and the number of its own units, and those units as alphabet symbols (frequent units have small
 *    symbols, which compress better than the units);
 *  - the trie's layout: for each state with children, the slot of its first child, as the difference from the
 *    previous such slot at the same depth (varints). The builder places states breadth-first in this same order,
 *    each at the first free slots, so these differences are small; `check` and `terminal` follow from the walk;
 *  - the values of one-character keys; for longer keys, values only where they differ from the key converted unit by
 *    unit with the group's one-unit entries (most phrases: 头发 → 頭髮 needs nothing stored), and then only the
 *    differing units;
 *  - membership flags as runs; the head table is rebuilt from the entries (head-table.ts), with the units the build
 *    marked slow for another dictionary.
 * Entries must be numbered in symbol order (the build sorts them with sortForPacking), so that the decoded tables
 * equal the binary ones; the build checks that they do.
 */
import { ALL_DICTIONARIES, CompiledDictionary, FLAG_AMBIGUOUS, FLAG_FANJIAN, type DictionaryMeta } from './compiled-dictionary.js';
import { FanjianError } from '../errors.js';
import { PACKED_DECODER_WASM } from '#packed-decoder-wasm';
import { joinSections } from './dictionary-binary.js';
import {
  buildHead, emptyHead, fillEmptyHead, HEAD_MEMBERSHIP_SHIFT, HEAD_SLOW, HEAD_STARTS_LONGER, MEMBERSHIP_BITS,
} from './head-table.js';

export const PACKED_FORMAT = 2;
const MAGIC = 0x4b504a46; // "FJPK" read as a little-endian word

/** What the META section holds (JSON). */
interface PackedInfo {
  readonly meta: DictionaryMeta;
  /** Length of the base/check/terminal arrays. */
  readonly size: number;
  readonly entries: number;
  /** Units of all keys together. */
  readonly keyUnits: number;
}

/** The sections, in file order: [name, element size in bytes]. */
const SECTIONS = [
  ['meta', 1],
  ['alphabet', 2],          // the units of the keys, in symbol order (symbol i + 1)
  ['lengths', 1],           // per key: units shared with the previous key (S) and units after them (O): one byte
                            // 16·S + O when every key has at most 15 units, else two bytes S, O
  ['suffixHigh', 1],        // the symbols of those units, key after key: symbol >> 7,
  ['suffixLow', 1],         // and symbol & 0x7f (two planes of 7-bit bytes: they compress better than interleaved
                            // UTF-16, and stay ASCII in a data module's text)
  ['slots', 1],             // VARINTS: the root's base, then per state with children its first child's slot, signed,
                            // as the difference from the previous one at the same depth
  ['singleValues', 2],      // the value of each one-character key, in entry order, each followed by SEPARATOR
  ['valueEntries', 1],      // VARINTS: entry index gaps of the longer keys whose values are not predicted
  ['values', 2],            // for each of those, VALUE_EDITS
  ['flags', 1],             // VARINTS: runs of membership flags, as pairs (flags, run length)
  ['fanjian', 1],           // VARINTS: entry index gaps of entries from fanjian's layer (FLAG_FANJIAN)
  ['slowUnits', 1],         // VARINTS: gaps between the units the head marks slow for another dictionary
  ['candidateEntries', 1],  // VARINTS: entry index gaps of ambiguous entries
  ['candidates', 2],        // their candidates, space-separated, each list followed by SEPARATOR
] as const;
type SectionName = (typeof SECTIONS)[number][0];
type Sections = { -readonly [K in SectionName]: K extends 'alphabet' | 'singleValues' | 'values' | 'candidates' ? Uint16Array :
  Uint8Array };
const HEADER_WORDS = 3 + SECTIONS.length;

const SEPARATOR = '\n';
const SEPARATOR_UNIT = 10;

/*
 * VARINTS: non-negative integers (signed ones zigzag-coded), 6 bits per byte, least significant first, bit 6 set on
 * every byte but a number's last: every byte is ASCII, which a data module carries as one character.
 */
class VarintWriter {
  private readonly bytes: number[] = [];
  push(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0 || value > 0x7fffffff) throw new RangeError(`cannot pack ${value}`);
    let v = value;
    while (v >= 0x40) {
      this.bytes.push((v & 0x3f) | 0x40);
      v >>>= 6;
    }
    this.bytes.push(v);
  }
  pushSigned(value: number): void {
    this.push(value < 0 ? -2 * value - 1 : 2 * value);
  }
  toBytes(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

class VarintReader {
  at = 0;
  constructor(private readonly bytes: Uint8Array, private readonly field: string) {}
  get done(): boolean {
    return this.at >= this.bytes.length;
  }
  next(): number {
    const bytes = this.bytes;
    let value = 0;
    for (let shift = 0; shift <= 30; shift += 6) {
      if (this.at >= bytes.length) throw invalid(`${this.field}: unexpected end`);
      const byte = bytes[this.at++]!;
      if (byte >= 0x80) throw invalid(`${this.field}: not a number`);
      value += (byte & 0x3f) * 2 ** shift;
      if (byte < 0x40) return value;
    }
    throw invalid(`${this.field}: number too large`);
  }
  nextSigned(): number {
    const v = this.next();
    return v % 2 === 1 ? -(v + 1) / 2 : v / 2;
  }
}

function invalid(why: string): FanjianError {
  return new FanjianError('INVALID_DATA', `Invalid packed dictionary (${why}); run "npm run build" to regenerate it.`);
}
/**
 * The trie builder's alphabet (double-array.ts): units numbered by how often they occur in the keys, most frequent
 * first, ties by unit. Returns unit → symbol (0: absent). The build checks that it equals the compiled one.
 */
export function keyAlphabet(keys: Iterable<string>): Uint16Array {
  const counts = new Uint32Array(0x10000);
  for (const key of keys) for (let i = 0; i < key.length; i++) counts[key.charCodeAt(i)]!++;
  return alphabetFromCounts(counts);
}

function alphabetFromCounts(counts: Uint32Array, distinct?: readonly number[]): Uint16Array {
  const units = distinct ?? Array.from({ length: 0x10000 }, (_, u) => u).filter((u) => counts[u]! > 0);
  // Sort (count descending, unit ascending) as one number per unit: a typed-array sort needs no comparator.
  let most = 0;
  for (const u of units) if (counts[u]! > most) most = counts[u]!;
  const order = new Float64Array(units.length);
  units.forEach((u, i) => (order[i] = (most - counts[u]!) * 0x10000 + u));
  order.sort();
  const alphabet = new Uint16Array(0x10000);
  for (let i = 0; i < order.length; i++) alphabet[order[i]! % 0x10000] = i + 1;
  return alphabet;
}

/** Compare two keys in symbol order (unit by unit through `alphabet`; a prefix first). */
function compareSymbols(alphabet: Uint16Array, a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = alphabet[a.charCodeAt(i)]! - alphabet[b.charCodeAt(i)]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Entries in the order the packed form numbers them: the trie's symbol order of their keys. */
export function sortForPacking<T extends { readonly key: string }>(entries: readonly T[]): T[] {
  const alphabet = keyAlphabet(entries.map((e) => e.key));
  return [...entries].sort((a, b) => compareSymbols(alphabet, a.key, b.key));
}

function isSingle(key: string): boolean {
  return key.length === 1 || (key.length === 2 && key.codePointAt(0)! > 0xffff);
}

/** The value predicted for a longer key: each unit replaced by the group's one-unit value for it, if any. */
function predict(key: string, oneUnit: ReadonlyMap<number, number>): string {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    out += String.fromCharCode(oneUnit.get(unit) ?? unit);
  }
  return out;
}

/*
 * VALUE_EDITS: how a value differs from its prediction. When both have as many units, the differing ones: for each,
 * a character GAP_BASE + (its position − the previous one's − 1), then the unit of the value. Otherwise WHOLE and the
 * value. Each entry's edits end with SEPARATOR.
 */
const WHOLE = '!';
const WHOLE_UNIT = 0x21;
const GAP_BASE = 0x30;

function valueEdits(value: string, predicted: string): string {
  if (value.length !== predicted.length) return WHOLE + value;
  let edits = '';
  let last = -1;
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) === predicted.charCodeAt(i)) continue;
    edits += String.fromCharCode(GAP_BASE + i - last - 1) + value[i];
    last = i;
  }
  return edits;
}

/** The key of every entry, read from the trie: each slot's parent is the state whose base is slot − check[slot]. */
function trieKeys(dictionary: CompiledDictionary): string[] {
  const { base, check, terminal, alphabet } = dictionary.tables;
  const units = new Uint16Array(0x10000);
  for (let u = 0; u < 0x10000; u++) if (alphabet[u]) units[alphabet[u]!] = u;
  const owner = new Map<number, number>([[base[0]!, 0]]);
  for (let s = 1; s < base.length; s++) if (check[s] !== 0 && base[s] !== 0) owner.set(base[s]!, s);
  const prefixes = new Map<number, string>([[0, '']]);
  const keyOf = (state: number): string => {
    const known = prefixes.get(state);
    if (known !== undefined) return known;
    const parent = owner.get(state - check[state]!);
    if (parent === undefined) throw new Error(`packDictionary: slot ${state} has no parent`);
    const key = keyOf(parent) + String.fromCharCode(units[check[state]!]!);
    prefixes.set(state, key);
    return key;
  };
  const keys = new Array<string>(dictionary.entryCount);
  for (let s = 1; s < base.length; s++) if (terminal[s]! >= 0) keys[terminal[s]!] = keyOf(s);
  return keys;
}

function units16(text: string): Uint16Array {
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** Sections into one buffer: a header (magic, format, section count, each section's byte length), then the sections,
 * each starting at a multiple of 4 bytes so that it can be viewed in place. */
function writeSections(sections: Sections): Uint8Array {
  return joinSections([MAGIC, PACKED_FORMAT, SECTIONS.length], SECTIONS.map(([name]) => sections[name]));
}

function readSections(bytes: Uint8Array): { sections: Sections; data: Uint8Array } {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < HEADER_WORDS * 4) throw invalid('too short');
  // Views need aligned offsets: a file read into a shared pool may not start at a multiple of 4.
  const data = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const header = new Uint32Array(data.buffer, data.byteOffset, HEADER_WORDS);
  if (header[0] !== MAGIC) throw invalid('not a packed dictionary');
  if (header[1] !== PACKED_FORMAT) throw invalid(`format ${header[1]}, expected ${PACKED_FORMAT}`);
  if (header[2] !== SECTIONS.length) throw invalid('section count');
  const sections = {} as Record<SectionName, Uint8Array | Uint16Array>;
  let offset = HEADER_WORDS * 4;
  SECTIONS.forEach(([name, width], i) => {
    const length = header[3 + i]!;
    if (length % width !== 0 || offset + length > data.byteLength) throw invalid(`${name} section`);
    sections[name] = width === 2
      ? new Uint16Array(data.buffer, data.byteOffset + offset, length / 2)
      : new Uint8Array(data.buffer, data.byteOffset + offset, length);
    offset += (length + 3) & ~3;
  });
  if (offset !== data.byteLength) throw invalid('trailing bytes');
  return { sections: sections as Sections, data };
}

/**
 * Pack a compiled dictionary whose entries are numbered in symbol order (sortForPacking). Throws when the
 * dictionary does not satisfy what the packed form assumes.
 */
export function packDictionary(dictionary: CompiledDictionary): Uint8Array {
  const { tables } = dictionary;
  const n = dictionary.entryCount;
  const keys = trieKeys(dictionary);
  const alphabet = tables.alphabet;
  for (let i = 1; i < n; i++) {
    if (compareSymbols(alphabet, keys[i - 1]!, keys[i]!) >= 0) throw new Error('packDictionary: entries must be numbered in symbol order');
  }
  const values = keys.map((_, i) => dictionary.value(i));
  for (const text of [...keys, ...values]) {
    if (text.includes(SEPARATOR)) throw new Error('packDictionary: a key or value contains a line break');
  }
  if (dictionary.maxKeyLength > 0xff) throw new Error('packDictionary: keys are at most 255 units long');
  const symbolUnits: number[] = [];
  for (let u = 0; u < 0x10000; u++) if (alphabet[u]) symbolUnits[alphabet[u]! - 1] = u;

  // Keys and trie layout, walking the keys as the decoder will.
  const nibbles = dictionary.maxKeyLength <= 15;
  const lengths = new Uint8Array(nibbles ? n : 2 * n);
  const suffixes: number[] = [];
  const slots = new VarintWriter();
  const lastSlot: number[] = [];
  const placed = new Uint8Array(tables.base.length);
  slots.push(tables.base[0]!);
  placed[0] = 1;
  const states = [0];
  let previous = '';
  keys.forEach((key, entry) => {
    let common = 0;
    while (common < key.length && common < previous.length && key.charCodeAt(common) === previous.charCodeAt(common)) common++;
    if (nibbles) lengths[entry] = common * 16 + key.length - common;
    else lengths.set([common, key.length - common], 2 * entry);
    for (let j = common; j < key.length; j++) suffixes.push(alphabet[key.charCodeAt(j)]!);
    for (let j = common; j < key.length; j++) {
      const parent = states[j]!;
      const symbol = alphabet[key.charCodeAt(j)]!;
      const child = tables.base[parent]! + symbol;
      if (!placed[parent]) {
        slots.pushSigned(child - (lastSlot[j] ?? 0));
        lastSlot[j] = child;
        placed[parent] = 1;
      }
      if (tables.check[child] !== symbol) throw new Error(`packDictionary: ${key} is not in the trie`);
      states[j + 1] = child;
    }
    if (tables.terminal[states[key.length]!] !== entry) throw new Error(`packDictionary: entry ${entry} is not ${key}`);
    previous = key;
  });

  // Values of one-character keys; those of longer keys where the one-unit entries do not predict them.
  const oneUnit = new Map<number, number>();
  keys.forEach((key, i) => key.length === 1 && values[i]!.length === 1 && oneUnit.set(key.charCodeAt(0), values[i]!.charCodeAt(0)));
  const singleValues: string[] = [];
  const valueEntries = new VarintWriter();
  const valueTexts: string[] = [];
  let last = -1;
  keys.forEach((key, i) => {
    if (isSingle(key)) {
      singleValues.push(values[i]!, SEPARATOR);
      return;
    }
    const predicted = predict(key, oneUnit);
    if (values[i] === predicted) return;
    valueEntries.push(i - last - 1);
    valueTexts.push(valueEdits(values[i]!, predicted), SEPARATOR);
    last = i;
  });

  // Flags: membership runs; fanjian and ambiguous entries as index lists.
  const flags = new VarintWriter();
  const fanjian = new VarintWriter();
  for (let i = 0, lastFanjian = -1; i < n; ) {
    const membership = tables.entryFlags[i]! & ALL_DICTIONARIES;
    let j = i + 1;
    while (j < n && (tables.entryFlags[j]! & ALL_DICTIONARIES) === membership) j++;
    flags.push(membership);
    flags.push(j - i);
    for (let k = i; k < j; k++) {
      if (tables.entryFlags[k]! & FLAG_FANJIAN) {
        fanjian.push(k - lastFanjian - 1);
        lastFanjian = k;
      }
    }
    i = j;
  }
  const candidateEntries = new VarintWriter();
  const candidateTexts: string[] = [];
  let lastCandidate = -1;
  tables.candidateEntries.forEach((entry) => {
    if (!(tables.entryFlags[entry]! & FLAG_AMBIGUOUS)) throw new Error('packDictionary: candidates of an entry not flagged ambiguous');
    candidateEntries.push(entry - lastCandidate - 1);
    candidateTexts.push(dictionary.candidates(entry).join(' '), SEPARATOR);
    lastCandidate = entry;
  });
  const ambiguous = tables.entryFlags.reduce((count, f) => count + (f & FLAG_AMBIGUOUS ? 1 : 0), 0);
  if (ambiguous !== tables.candidateEntries.length) throw new Error('packDictionary: an ambiguous entry without candidates');

  // Units slow only because the build marked them (the head rebuilt from the entries alone has them fast).
  const ownHead = buildHead(keys.map((key, i) => ({ key, value: values[i]!, flags: tables.entryFlags[i]! })));
  const slowUnits = new VarintWriter();
  for (let u = 0, lastSlow = -1; u < 0x10000; u++) {
    if ((tables.head[u]! & HEAD_SLOW) !== 0 && (ownHead[u]! & HEAD_SLOW) === 0) {
      slowUnits.push(u - lastSlow - 1);
      lastSlow = u;
    }
  }

  const info: PackedInfo = { meta: dictionary.meta, size: tables.base.length, entries: n, keyUnits: keys.reduce((t, k) => t + k.length, 0) };
  return writeSections({
    meta: new TextEncoder().encode(JSON.stringify(info)),
    alphabet: Uint16Array.from(symbolUnits),
    lengths,
    suffixHigh: Uint8Array.from(suffixes, (symbol) => symbol >> 7),
    suffixLow: Uint8Array.from(suffixes, (symbol) => symbol & 0x7f),
    slots: slots.toBytes(),
    singleValues: units16(singleValues.join('')),
    valueEntries: valueEntries.toBytes(),
    values: units16(valueTexts.join('')),
    flags: flags.toBytes(),
    fanjian: fanjian.toBytes(),
    slowUnits: slowUnits.toBytes(),
    candidateEntries: candidateEntries.toBytes(),
    candidates: units16(candidateTexts.join('')),
  });
}

/*
 * Decoding runs once per page, on cold code: two passes over the entries (keys and trie; values and head), on typed
 * arrays, allocating nothing per entry.
 */

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

function readInfo(section: Uint8Array): PackedInfo {
  let info: PackedInfo;
  try {
    info = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(section)) as PackedInfo;
  } catch {
    throw invalid('meta');
  }
  const { maxKeyLength } = info?.meta ?? {};
  if (!Number.isInteger(maxKeyLength) || maxKeyLength < 1 || maxKeyLength > 0xff) throw invalid('maxKeyLength');
  if (!Array.isArray(info.meta.names) || !Array.isArray(info.meta.longKeyMemberships)) throw invalid('meta');
  for (const field of ['size', 'entries', 'keyUnits'] as const) {
    if (!Number.isInteger(info[field]) || info[field] < 0 || info[field] > 0x7fffffff) throw invalid(field);
  }
  return info;
}

/** The alphabet: unit → symbol (1…K), from the units in symbol order. */
function readAlphabet(units: Uint16Array): Uint16Array {
  const alphabet = new Uint16Array(0x10000);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (alphabet[unit] !== 0) throw invalid('alphabet');
    alphabet[unit] = i + 1;
  }
  return alphabet;
}

interface KeysAndTrie {
  /** Key e is units[starts[e], starts[e + 1]). */
  readonly units: Uint16Array;
  readonly starts: Int32Array;
  readonly base: Int32Array;
  readonly check: Uint16Array;
  readonly terminal: Int32Array;
  /** The one-character keys (one unit, or a surrogate pair), ascending. */
  readonly singles: Int32Array;
}

/** First pass: each key from the previous one and its own units, and its states placed in the trie as it goes. */
function readKeysAndTrie(info: PackedInfo, s: Sections): KeysAndTrie {
  const n = info.entries, size = info.size, maxKeyLength = info.meta.maxKeyLength;
  const { lengths, suffixHigh, suffixLow } = s;
  const symbolUnits = s.alphabet;
  const symbols = symbolUnits.length;
  const nibbles = maxKeyLength <= 15;
  if (lengths.length !== (nibbles ? n : 2 * n) || suffixHigh.length !== suffixLow.length) throw invalid('key lengths');
  const suffixCount = suffixLow.length;
  const units = new Uint16Array(info.keyUnits);
  const starts = new Int32Array(n + 1);
  const base = new Int32Array(size);
  const check = new Uint16Array(size);
  const terminal = new Int32Array(size).fill(-1);
  const lastSlot = new Int32Array(maxKeyLength + 1);
  const states = new Int32Array(maxKeyLength + 1);
  const singles = new Int32Array(n);
  let singleCount = 0;
  const slotBytes = s.slots;
  const root = new VarintReader(slotBytes, 'slots');
  base[0] = root.next();
  let at = root.at;
  let o = 0, k = 0, previous = 0, previousLength = 0;
  for (let e = 0; e < n; e++) {
    let common, length;
    if (nibbles) {
      const byte = lengths[e]!;
      common = byte >> 4;
      length = common + (byte & 15);
    } else {
      common = lengths[2 * e]!;
      length = common + lengths[2 * e + 1]!;
    }
    if (length === 0 || length > maxKeyLength || common > previousLength || (common === length && e > 0) ||
      o + length > units.length || k + length - common > suffixCount) {
      throw invalid('keys');
    }
    starts[e] = o;
    for (let j = 0; j < common; j++) units[o + j] = units[previous + j]!;
    for (let j = common; j < length; j++) {
      const symbol = (suffixHigh[k]! << 7) | suffixLow[k]!;
      k++;
      if (symbol === 0 || symbol > symbols) throw invalid('keys: symbol');
      units[o + j] = symbolUnits[symbol - 1]!;
      const parent = states[j]!;
      // A state gets its children's slot when the walk first goes below it: a state new in this key, or the previous
      // key's last (keys come prefix first, and a key's last state is always new), never the root (read above).
      if (j > common || (previousLength === common && j !== 0)) {
        // A signed VARINT, read inline (this loop is the decoder's hottest).
        let v = 0, scale = 1, byte;
        do {
          byte = slotBytes[at++];
          if (byte === undefined || byte >= 0x80 || scale > 2 ** 30) throw invalid('slots');
          v += (byte & 0x3f) * scale;
          scale *= 64;
        } while (byte >= 0x40);
        const first = lastSlot[j]! + (v % 2 === 1 ? -(v + 1) / 2 : v / 2);
        lastSlot[j] = first;
        base[parent] = first - symbol;
      }
      const child = base[parent]! + symbol;
      if (child <= 0 || child >= size || check[child] !== 0) throw invalid('trie layout');
      check[child] = symbol;
      states[j + 1] = child;
    }
    const state = states[length]!;
    if (terminal[state] !== -1) throw invalid('keys');
    terminal[state] = e;
    if (length === 1 || (length === 2 && isHighSurrogate(units[o]!) && isLowSurrogate(units[o + 1]!))) singles[singleCount++] = e;
    previous = o;
    previousLength = length;
    o += length;
  }
  starts[n] = o;
  if (o !== units.length || k !== suffixCount || at !== slotBytes.length) throw invalid('keys left over');
  return { units, starts, base, check, terminal, singles: singles.subarray(0, singleCount) };
}

/** Copy units of `text` from `at` up to SEPARATOR into out[o…]; returns the new o. */
function copyLine(text: Uint16Array, at: number, out: Uint16Array, o: number): number {
  for (let unit = text[at]; unit !== SEPARATOR_UNIT; unit = text[++at]) {
    if (unit === undefined || o >= out.length) throw invalid('unterminated value');
    out[o++] = unit;
  }
  return o;
}

/**
 * Second pass: values (one-character keys' from singleValues, which also give the one-unit map; longer keys'
 * predicted or edited), and the head table as head-table.ts's buildHead makes it (a one-unit key sets its unit's
 * output and membership, a longer key marks its first unit). Flags come first: the head needs the memberships.
 */
function readValuesAndHead(s: Sections, keys: KeysAndTrie, entryFlags: Uint8Array):
  { valueStart: Uint32Array; valueUnits: Uint16Array; head: Int32Array } {
  const { units, starts } = keys;
  const n = starts.length - 1;
  const singleText = s.singleValues;
  const edits = s.values;
  // unit → its one-unit value (0: the unit itself), and where each one-character key's value starts.
  const map = new Uint16Array(0x10000);
  const singleAt = new Int32Array(n).fill(-1);
  let at = 0;
  for (let i = 0; i < keys.singles.length; i++) {
    const e = keys.singles[i]!;
    const start = starts[e]!, length = starts[e + 1]! - start;
    let end = at;
    while (end < singleText.length && singleText[end] !== SEPARATOR_UNIT) end++;
    if (end >= singleText.length) throw invalid('singleValues');
    if (length === 1 && end - at === 1) map[units[start]!] = singleText[at]!;
    singleAt[e] = at;
    at = end + 1;
  }
  if (at !== singleText.length) throw invalid('singleValues left over');
  const listed = new VarintReader(s.valueEntries, 'valueEntries');
  let nextListed = listed.done ? n : listed.next();
  let i = 0;
  const valueStart = new Uint32Array(n + 1);
  const out = new Uint16Array(units.length + singleText.length + edits.length);
  const head = emptyHead();
  let o = 0;
  for (let e = 0; e < n; e++) {
    valueStart[e] = o;
    const start = starts[e]!, end = starts[e + 1]!;
    if (singleAt[e]! >= 0) {
      o = copyLine(singleText, singleAt[e]!, out, o);
    } else if (e !== nextListed) {
      for (let j = start; j < end; j++) {
        const unit = units[j]!;
        out[o++] = map[unit] || unit;
      }
    } else {
      if (i >= edits.length) throw invalid('values');
      if (edits[i] === WHOLE_UNIT) {
        o = copyLine(edits, i + 1, out, o);
        i = edits.indexOf(SEPARATOR_UNIT, i + 1) + 1;
      } else {
        // Edits: copy the prediction, replacing the listed units.
        let j = start;
        for (let c = edits[i]!; c !== SEPARATOR_UNIT; c = edits[i]!) {
          const to = j + c - GAP_BASE;
          if (!(c >= GAP_BASE) || to >= end || i + 1 >= edits.length) throw invalid('value edits');
          for (; j < to; j++) out[o++] = map[units[j]!] || units[j]!;
          out[o++] = edits[i + 1]!;
          j++;
          i += 2;
          if (i >= edits.length) throw invalid('value edits');
        }
        for (; j < end; j++) out[o++] = map[units[j]!] || units[j]!;
        i++;
      }
      nextListed = listed.done ? n : e + 1 + listed.next();
      if (nextListed > n) throw invalid('valueEntries');
    }
    const first = units[start]!;
    if (end - start === 1) {
      const output = valueStart[e]! + 1 === o ? out[o - 1]! ^ first : HEAD_SLOW;
      head[first] = (head[first]! & (HEAD_STARTS_LONGER | HEAD_SLOW)) | output |
        ((entryFlags[e]! & MEMBERSHIP_BITS) << HEAD_MEMBERSHIP_SHIFT);
    } else {
      head[first] = head[first]! | HEAD_STARTS_LONGER;
    }
  }
  if (nextListed !== n || i !== edits.length) throw invalid('values left over');
  valueStart[n] = o;
  return { valueStart, valueUnits: out.subarray(0, o), head };
}

/** Entry index gaps (or unit gaps), as a list. */
function indexList(bytes: Uint8Array, field: string, limit: number): number[] {
  const reader = new VarintReader(bytes, field);
  const list: number[] = [];
  for (let i = -1; !reader.done; ) {
    i += reader.next() + 1;
    if (i >= limit) throw invalid(field);
    list.push(i);
  }
  return list;
}

function readFlags(s: Sections, n: number): { entryFlags: Uint8Array; ambiguous: number[] } {
  const entryFlags = new Uint8Array(n);
  const runs = new VarintReader(s.flags, 'flags');
  for (let i = 0; i < n; ) {
    const membership = runs.next();
    const run = runs.next();
    if (run <= 0 || i + run > n || membership > ALL_DICTIONARIES) throw invalid('flags');
    entryFlags.fill(membership, i, i + run);
    i += run;
  }
  if (!runs.done) throw invalid('flags left over');
  for (const e of indexList(s.fanjian, 'fanjian', n)) entryFlags[e] = entryFlags[e]! | FLAG_FANJIAN;
  const ambiguous = indexList(s.candidateEntries, 'candidateEntries', n);
  for (const e of ambiguous) entryFlags[e] = entryFlags[e]! | FLAG_AMBIGUOUS;
  return { entryFlags, ambiguous };
}

/** The candidate lists, concatenated without their separators. */
function readCandidates(text: Uint16Array, count: number): { candidateStart: Uint32Array; candidateUnits: Uint16Array } {
  const candidateStart = new Uint32Array(count + 1);
  const candidateUnits = new Uint16Array(Math.max(0, text.length - count));
  let c = 0, item = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === SEPARATOR_UNIT) {
      if (++item > count) throw invalid('candidates');
      candidateStart[item] = c;
    } else {
      if (c >= candidateUnits.length) throw invalid('candidates');
      candidateUnits[c++] = text[i]!;
    }
  }
  if (item !== count || (count > 0 && text[text.length - 1] !== SEPARATOR_UNIT)) throw invalid('candidates');
  return { candidateStart, candidateUnits };
}

/** DictionaryTables.symbolBase (as compiled-dictionary.ts's rootBases), knowing the number of symbols. */
function symbolBases(symbols: number, base: Int32Array, check: Uint16Array): Int32Array {
  const bases = new Int32Array(symbols + 1);
  const root = base[0]!;
  for (let s = 1; s <= symbols; s++) if (check[root + s] === s) bases[s] = base[root + s]!;
  return bases;
}

/** Whether bytes are a packed dictionary (rather than a compiled file or other data). */
export function isPackedDictionary(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) === MAGIC;
}

/*
 * The same two passes in WebAssembly (packed-format.wat, assembled by the build): compiled from the first call, where
 * the JavaScript passes spend most of a page's first decoding in V8's interpreter. The sections are copied into the
 * module's memory once, the passes write the tables there, and the tables are views of that memory (each dictionary
 * has a memory of its own, never grown). Copying them out cost about 3 ms of the s2t group's first decoding in
 * Chromium (24 against 20 ms, medians of 16 cold pages each); the views keep the memory's 1.6 MB of scratch regions
 * alive beside its 2.0 MB of tables.
 */

/** How unpackDictionary decodes: WebAssembly where the platform runs it (else JavaScript), or one of the two. */
export type PackedDecoder = 'auto' | 'wasm' | 'js';

let wasmModule: WebAssembly.Module | null | undefined;

/** The compiled decoder module, or null where WebAssembly is missing or refuses it (compiled once). */
function decoderModule(): WebAssembly.Module | null {
  if (wasmModule === undefined) {
    try {
      wasmModule = new WebAssembly.Module(decoderBytes());
    } catch {
      wasmModule = null;
    }
  }
  return wasmModule;
}

let compiling: Promise<void> | undefined;

/**
 * Compile the decoder module asynchronously (once), for platforms whose data arrives asynchronously: started with
 * the first fetch, it compiles while the data is on its way (browsers also refuse synchronous compilation of larger
 * modules on the main thread). Never rejects: without it, decoding compiles synchronously or runs in JavaScript.
 */
export function preparePackedDecoder(): Promise<void> {
  if (wasmModule !== undefined || typeof WebAssembly !== 'object') return Promise.resolve();
  compiling ??= WebAssembly.compile(decoderBytes()).then(
    (module) => {
      // Also where a synchronous compilation (decoding before this finished) was refused: later files use it.
      wasmModule ||= module;
    },
    () => undefined,
  );
  return compiling;
}

function decoderBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(PACKED_DECODER_WASM);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Whether unpackDictionary's 'auto' decodes with WebAssembly here. */
export function packedDecoderIsWasm(): boolean {
  return typeof WebAssembly === 'object' && decoderModule() !== null;
}

/** What the module's negative results mean. */
const WASM_ERRORS: Readonly<Record<number, string>> = {
  [-1]: 'keys', [-2]: 'keys: symbol', [-3]: 'slots', [-4]: 'trie layout', [-5]: 'keys left over', [-6]: 'singleValues',
  [-7]: 'valueEntries', [-8]: 'values', [-9]: 'value edits', [-10]: 'values left over', [-11]: 'unterminated value',
  [-12]: 'flags', [-13]: 'fanjian', [-14]: 'candidateEntries', [-15]: 'alphabet', [-16]: 'slowUnits',
};

interface DecoderExports {
  alphabet(...args: number[]): number;
  slow(...args: number[]): number;
  symbolBases(...args: number[]): void;
  flags(...args: number[]): number;
  keys(...args: number[]): number;
  values(...args: number[]): number;
}

interface DecodedTables {
  readonly alphabet: Uint16Array;
  readonly symbolBase: Int32Array;
  readonly base: Int32Array;
  readonly check: Uint16Array;
  readonly terminal: Int32Array;
  readonly valueStart: Uint32Array;
  readonly valueUnits: Uint16Array;
  readonly head: Int32Array;
  readonly entryFlags: Uint8Array;
  readonly ambiguous: ArrayLike<number>;
}

function decodeWasm(module: WebAssembly.Module, info: PackedInfo, s: Sections, data: Uint8Array): DecodedTables {
  const n = info.entries, size = info.size, keyUnits = info.keyUnits, maxKeyLength = info.meta.maxKeyLength;
  const nibbles = maxKeyLength <= 15;
  if (s.suffixHigh.length !== s.suffixLow.length) throw invalid('key lengths');
  // Regions of memory after the packed bytes, each 8-byte aligned.
  let top = (data.byteLength + 7) & ~7;
  const region = (bytes: number) => {
    const at = top;
    top = (top + bytes + 7) & ~7;
    return at;
  };
  const at = (view: ArrayBufferView) => view.byteOffset - data.byteOffset;
  const outLength = keyUnits + s.singleValues.length + s.values.length;
  const units = region(2 * keyUnits), starts = region(4 * (n + 1)), base = region(4 * size), check = region(2 * size);
  const terminal = region(4 * size), lastSlot = region(4 * (maxKeyLength + 1));
  const states = region(4 * (maxKeyLength + 1)), singles = region(4 * n), map = region(2 * 0x10000);
  const valueStart = region(4 * (n + 1)), out = region(2 * outLength);
  const head = region(4 * 0x10000), flags = region(n), ambiguous = region(4 * s.candidateEntries.length);
  const symbols = s.alphabet.length, alphabet = region(2 * 0x10000), symbolBase = region(4 * (symbols + 1));
  if (top > 0x7fff0000) throw invalid('size');
  const memory = new WebAssembly.Memory({ initial: Math.ceil(top / 0x10000) });
  const buffer = memory.buffer;
  new Uint8Array(buffer).set(data);
  new Int32Array(buffer, terminal, size).fill(-1);
  fillEmptyHead(new Int32Array(buffer, head, 0x10000));
  const root = new VarintReader(s.slots, 'slots');
  new Int32Array(buffer, base, 1)[0] = root.next();
  const decoder = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as DecoderExports;
  const check32 = (result: number) => {
    if (result < 0) throw invalid(WASM_ERRORS[result] ?? 'keys');
    return result;
  };
  check32(decoder.alphabet(at(s.alphabet), symbols, alphabet));
  const ambiguousCount = check32(decoder.flags(n, at(s.flags), at(s.flags) + s.flags.length, at(s.fanjian),
    at(s.fanjian) + s.fanjian.length, at(s.candidateEntries), at(s.candidateEntries) + s.candidateEntries.length, flags,
    ambiguous));
  const singleCount = check32(decoder.keys(
    n, size, maxKeyLength, nibbles ? 1 : 0, at(s.lengths), at(s.suffixHigh), at(s.suffixLow), s.suffixLow.length,
    at(s.alphabet), s.alphabet.length, at(s.slots) + root.at, at(s.slots) + s.slots.length,
    units, keyUnits, starts, base, check, terminal, lastSlot, states, singles));
  const valueUnits = check32(decoder.values(
    n, units, starts, singles, singleCount, at(s.singleValues), s.singleValues.length, at(s.values), s.values.length,
    at(s.valueEntries), at(s.valueEntries) + s.valueEntries.length, map, valueStart, out, outLength, head, flags));
  check32(decoder.slow(at(s.slowUnits), at(s.slowUnits) + s.slowUnits.length, head));
  decoder.symbolBases(symbols, base, check, size, symbolBase);
  return {
    alphabet: new Uint16Array(buffer, alphabet, 0x10000),
    symbolBase: new Int32Array(buffer, symbolBase, symbols + 1),
    base: new Int32Array(buffer, base, size),
    check: new Uint16Array(buffer, check, size),
    terminal: new Int32Array(buffer, terminal, size),
    valueStart: new Uint32Array(buffer, valueStart, n + 1),
    valueUnits: new Uint16Array(buffer, out, valueUnits),
    head: new Int32Array(buffer, head, 0x10000),
    entryFlags: new Uint8Array(buffer, flags, n),
    ambiguous: new Int32Array(buffer, ambiguous, ambiguousCount),
  };
}

/** The passes in JavaScript: the reference, and the fallback where WebAssembly is unavailable. */
function decodeJs(info: PackedInfo, s: Sections): DecodedTables {
  const alphabet = readAlphabet(s.alphabet);
  const { entryFlags, ambiguous } = readFlags(s, info.entries);
  const keys = readKeysAndTrie(info, s);
  const { valueStart, valueUnits, head } = readValuesAndHead(s, keys, entryFlags);
  for (const unit of indexList(s.slowUnits, 'slowUnits', 0x10000)) head[unit] = head[unit]! | HEAD_SLOW;
  const { base, check, terminal } = keys;
  return {
    alphabet, symbolBase: symbolBases(s.alphabet.length, base, check), base, check, terminal, valueStart, valueUnits, head,
    entryFlags, ambiguous,
  };
}

/**
 * Decode a packed dictionary (the bytes packDictionary wrote) into the tables the binary form holds. `decoder`
 * chooses the implementation of the two passes (both give the same tables, and refuse the same damage); 'wasm'
 * throws where WebAssembly is unavailable.
 */
export function unpackDictionary(bytes: Uint8Array, decoder: PackedDecoder = 'auto'): CompiledDictionary {
  const { sections: s, data } = readSections(bytes);
  const info = readInfo(s.meta);
  // A trie has at most one state per key unit, plus room for the largest symbol past the last base.
  if (info.size < 1 || info.size > info.keyUnits + 0x20000 || info.keyUnits > info.entries * info.meta.maxKeyLength) {
    throw invalid('size');
  }
  if (s.lengths.length !== (info.meta.maxKeyLength <= 15 ? 1 : 2) * info.entries) throw invalid('key lengths');
  const module = decoder === 'js' || typeof WebAssembly !== 'object' ? null : decoderModule();
  if (decoder === 'wasm' && !module) throw new FanjianError('INVALID_OPTION', 'WebAssembly is not available here');
  const tables = module ? decodeWasm(module, info, s, data) : decodeJs(info, s);
  const { candidateStart, candidateUnits } = readCandidates(s.candidates, tables.ambiguous.length);
  const { alphabet, symbolBase, base, check, terminal, valueStart, valueUnits, head, entryFlags } = tables;
  return new CompiledDictionary(info.meta, {
    alphabet, base, check, terminal, head, symbolBase, valueStart, valueUnits, entryFlags,
    candidateEntries: Int32Array.from(tables.ambiguous), candidateStart, candidateUnits,
  });
}
