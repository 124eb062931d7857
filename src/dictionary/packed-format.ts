/**
 * The compact form of a compiled dictionary, for shipping to browsers: text that gzip compresses well and that
 * decodes in one linear pass into exactly the tables of the binary form (dictionary-binary.ts), with no trie
 * construction (which takes a second for the largest group). It stores:
 *  - the keys in the trie's symbol order (see symbolOrder), front-coded: the length each shares with the previous
 *    key (a stream of its own), then the rest of the key; the alphabet is recomputed from the keys;
 *  - the trie's layout: for each state with children, the slot of its first child, as the difference from the
 *    previous such slot at the same depth. The builder places states breadth-first in this same order, each at the
 *    first free slots, so these differences are small; `check` and `terminal` follow from the walk;
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
import {
  buildHead, emptyHead, HEAD_MEMBERSHIP_SHIFT, HEAD_SLOW, HEAD_STARTS_LONGER, MEMBERSHIP_BITS,
} from './head-table.js';

export const PACKED_FORMAT = 1;

/** A packed dictionary: JSON-compatible, every bulk field a string. */
export interface PackedDictionary {
  readonly format: number;
  readonly meta: DictionaryMeta;
  /** Length of the base/check/terminal arrays. */
  readonly size: number;
  /** NUMBERS: for each key, the number of units it shares with the previous key. */
  readonly shared: string;
  /** The rest of each key, each followed by SEPARATOR. */
  readonly keys: string;
  /** NUMBERS: the root's base, then for each state with children the slot of its first child, signed, as the
   * difference from the previous one at the same depth. */
  readonly slots: string;
  /** The value of each one-character key (one unit, or a surrogate pair), in entry order, each followed by SEPARATOR. */
  readonly singleValues: string;
  /** NUMBERS: entry index gaps of the longer keys whose values are not predicted; `values` holds, for each,
   * VALUE_EDITS. */
  readonly valueEntries: string;
  readonly values: string;
  /** NUMBERS: runs of membership flags, as pairs (flags, run length). */
  readonly flags: string;
  /** NUMBERS: entry index gaps of entries from fanjian's layer (FLAG_FANJIAN). */
  readonly fanjian: string;
  /** NUMBERS: gaps between the units the head table marks slow for another dictionary (BuildOptions.slowUnits). */
  readonly slowUnits: string;
  /** NUMBERS: entry index gaps of ambiguous entries, whose candidates are `candidates` joined by SEPARATOR. */
  readonly candidateEntries: string;
  readonly candidates: string;
}

const SEPARATOR = '\n';
const SEPARATOR_UNIT = 10;

/*
 * NUMBERS: non-negative integers (signed ones zigzag-coded) as base-32 digits, least significant first, each digit a
 * printable ASCII character: the 32 characters of FINAL end a number, those of MORE continue it. One number per run
 * of characters keeps gzip's matches aligned, unlike base64 of binary varints.
 */
const FINAL = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
const MORE = 'WXYZabcdefghijklmnopqrstuvwxyz-_';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 32; i++) {
  DIGIT[FINAL.charCodeAt(i)] = i;
  DIGIT[MORE.charCodeAt(i)] = i + 32;
}

class NumberWriter {
  private readonly parts: string[] = [];
  push(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot pack ${value}`);
    let v = value;
    let text = '';
    while (v >= 32) {
      text += MORE[v % 32];
      v = Math.floor(v / 32);
    }
    this.parts.push(text + FINAL[v]);
  }
  pushSigned(value: number): void {
    this.push(value < 0 ? -2 * value - 1 : 2 * value);
  }
  toString(): string {
    return this.parts.join('');
  }
}

class NumberReader {
  private at = 0;
  constructor(private readonly text: string, private readonly field: string) {}
  get done(): boolean {
    return this.at >= this.text.length;
  }
  next(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const code = this.text.charCodeAt(this.at++);
      const digit = code < 128 ? DIGIT[code]! : -1;
      if (digit < 0) throw invalid(`${this.field}: unexpected ${Number.isNaN(code) ? 'end' : 'character'}`);
      if (digit < 32) return value + digit * scale;
      value += (digit - 32) * scale;
      scale *= 32;
    }
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

/**
 * Pack a compiled dictionary whose entries are numbered in symbol order (sortForPacking). Throws when the
 * dictionary does not satisfy what the packed form assumes.
 */
export function packDictionary(dictionary: CompiledDictionary): PackedDictionary {
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

  // Keys and trie layout, walking the keys as the decoder will.
  const shared = new NumberWriter();
  const keyText: string[] = [];
  const slots = new NumberWriter();
  const lastSlot: number[] = [];
  const placed = new Uint8Array(tables.base.length);
  slots.push(tables.base[0]!);
  placed[0] = 1;
  const states = [0];
  let previous = '';
  keys.forEach((key, entry) => {
    let common = 0;
    while (common < key.length && common < previous.length && key.charCodeAt(common) === previous.charCodeAt(common)) common++;
    shared.push(common);
    keyText.push(key.slice(common), SEPARATOR);
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
  const valueEntries = new NumberWriter();
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
  const flags = new NumberWriter();
  const fanjian = new NumberWriter();
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
  const candidateEntries = new NumberWriter();
  const candidateTexts: string[] = [];
  let lastCandidate = -1;
  tables.candidateEntries.forEach((entry) => {
    if (!(tables.entryFlags[entry]! & FLAG_AMBIGUOUS)) throw new Error('packDictionary: candidates of an entry not flagged ambiguous');
    candidateEntries.push(entry - lastCandidate - 1);
    candidateTexts.push(dictionary.candidates(entry).join(' '));
    lastCandidate = entry;
  });
  const ambiguous = tables.entryFlags.reduce((count, f) => count + (f & FLAG_AMBIGUOUS ? 1 : 0), 0);
  if (ambiguous !== tables.candidateEntries.length) throw new Error('packDictionary: an ambiguous entry without candidates');

  // Units slow only because the build marked them (the head rebuilt from the entries alone has them fast).
  const ownHead = buildHead(keys.map((key, i) => ({ key, value: values[i]!, flags: tables.entryFlags[i]! })));
  const slowUnits = new NumberWriter();
  for (let u = 0, lastSlow = -1; u < 0x10000; u++) {
    if ((tables.head[u]! & HEAD_SLOW) !== 0 && (ownHead[u]! & HEAD_SLOW) === 0) {
      slowUnits.push(u - lastSlow - 1);
      lastSlow = u;
    }
  }

  return {
    format: PACKED_FORMAT,
    meta: dictionary.meta,
    size: tables.base.length,
    shared: shared.toString(),
    keys: keyText.join(''),
    slots: slots.toString(),
    singleValues: singleValues.join(''),
    valueEntries: valueEntries.toString(),
    values: valueTexts.join(''),
    flags: flags.toString(),
    fanjian: fanjian.toString(),
    slowUnits: slowUnits.toString(),
    candidateEntries: candidateEntries.toString(),
    candidates: candidateTexts.join(SEPARATOR),
  };
}

/*
 * Decoding runs once per page, on cold code: it is split into small functions with typed-array loops, so that the
 * engine compiles each hot loop early, and it allocates nothing per entry.
 */

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Number of SEPARATOR-terminated items in a text. */
function countItems(text: string): number {
  let n = 0;
  for (let at = text.indexOf(SEPARATOR); at >= 0; at = text.indexOf(SEPARATOR, at + 1)) n++;
  return n;
}

interface Keys {
  readonly count: number;
  /** Key e is units[starts[e], starts[e + 1]). */
  readonly units: Uint16Array;
  readonly starts: Int32Array;
  /** Units key e shares with key e − 1. */
  readonly shared: Int32Array;
  /** Occurrences of each unit in the keys (the alphabet's order). */
  readonly counts: Uint32Array;
  /** The distinct units of the keys. */
  readonly distinct: readonly number[];
  /** Indexes of the one-character keys (one unit, or a surrogate pair). */
  readonly singles: Int32Array;
}

function readKeys(packed: PackedDictionary): Keys {
  const text = packed.keys;
  const count = countItems(text);
  const shared = new Int32Array(count);
  const reader = new NumberReader(packed.shared, 'shared');
  const maxKeyLength = packed.meta.maxKeyLength;
  let total = text.length - count;
  for (let e = 0; e < count; e++) {
    total += shared[e] = reader.next();
    if (shared[e]! > maxKeyLength) throw invalid('shared');
  }
  if (!reader.done) throw invalid('shared');
  const units = new Uint16Array(total);
  const starts = new Int32Array(count + 1);
  const counts = new Uint32Array(0x10000);
  const distinct: number[] = [];
  let at = 0;
  let o = 0;
  for (let e = 0; e < count; e++) {
    const start = o;
    const common = shared[e]!;
    if (e === 0 ? common !== 0 : common > start - starts[e - 1]!) throw invalid('keys');
    for (let j = e > 0 ? starts[e - 1]! : 0, end = j + common; j < end; j++) {
      const unit = units[j]!;
      units[o++] = unit;
      counts[unit]!++;
    }
    for (let unit = text.charCodeAt(at++); unit !== SEPARATOR_UNIT; unit = text.charCodeAt(at++)) {
      if (Number.isNaN(unit)) throw invalid('keys: unterminated');
      units[o++] = unit;
      if (counts[unit]!++ === 0) distinct.push(unit);
    }
    starts[e] = start;
  }
  starts[count] = o;
  const singles: number[] = [];
  for (let e = 0; e < count; e++) {
    const length = starts[e + 1]! - starts[e]!;
    if (length === 1 || (length === 2 && isHighSurrogate(units[starts[e]!]!) && isLowSurrogate(units[starts[e]! + 1]!))) singles.push(e);
  }
  return { count, units, starts, shared, counts, distinct, singles: Int32Array.from(singles) };
}

interface Trie {
  readonly base: Int32Array;
  readonly check: Uint16Array;
  readonly terminal: Int32Array;
}

/** Walk the keys in order, placing each state's children (base) when its first child appears. */
function buildTrie(packed: PackedDictionary, keys: Keys, alphabet: Uint16Array): Trie {
  const size = packed.size;
  const maxKeyLength = packed.meta.maxKeyLength;
  const base = new Int32Array(size);
  const check = new Uint16Array(size);
  const terminal = new Int32Array(size).fill(-1);
  const slots = new NumberReader(packed.slots, 'slots');
  const lastSlot = new Int32Array(maxKeyLength + 1);
  const placed = new Uint8Array(size);
  const states = new Int32Array(maxKeyLength + 1);
  const { units, starts, shared } = keys;
  base[0] = slots.next();
  placed[0] = 1;
  for (let e = 0; e < keys.count; e++) {
    const start = starts[e]!;
    const length = starts[e + 1]! - start;
    if (length > maxKeyLength || length === 0) throw invalid('key length');
    for (let j = shared[e]!; j < length; j++) {
      const parent = states[j]!;
      const symbol = alphabet[units[start + j]!]!;
      if (placed[parent] === 0) {
        const first = lastSlot[j]! + slots.nextSigned();
        lastSlot[j] = first;
        base[parent] = first - symbol;
        placed[parent] = 1;
      }
      const child = base[parent]! + symbol;
      if (child <= 0 || child >= size) throw invalid('trie layout');
      check[child] = symbol;
      states[j + 1] = child;
    }
    terminal[states[length]!] = e;
  }
  if (!slots.done) throw invalid('slots left over');
  return { base, check, terminal };
}

/** Copy units of `text` from `at` up to SEPARATOR into out[o…]; returns the new o. */
function copyLine(text: string, at: number, out: Uint16Array, o: number): number {
  for (let unit = text.charCodeAt(at); unit !== SEPARATOR_UNIT; unit = text.charCodeAt(++at)) {
    if (Number.isNaN(unit)) throw invalid('unterminated value');
    out[o++] = unit;
  }
  return o;
}

/** Start of each SEPARATOR-terminated item listed by NUMBERS gaps in `field`, per entry (−1: none). */
function listedItems(gaps: string, field: string, text: string, n: number): Int32Array {
  const listed = new Int32Array(n).fill(-1);
  const reader = new NumberReader(gaps, field);
  for (let e = -1, at = 0; !reader.done; ) {
    e += reader.next() + 1;
    if (e >= n || at >= text.length) throw invalid(field);
    listed[e] = at;
    at = text.indexOf(SEPARATOR, at) + 1;
    if (at === 0) throw invalid(field);
  }
  return listed;
}

/** Values: one-character keys' from singleValues (also giving the one-unit map); longer keys' predicted or edited. */
function readValues(packed: PackedDictionary, keys: Keys): { valueStart: Uint32Array; valueUnits: Uint16Array } {
  const n = keys.count;
  const { units, starts } = keys;
  const singleText = packed.singleValues;
  const edits = packed.values;
  const map = new Uint16Array(0x10000);   // unit → its one-unit value; 0: the unit itself
  const singleAt = new Int32Array(n).fill(-1);
  let at = 0;
  for (const e of keys.singles) {
    const end = singleText.indexOf(SEPARATOR, at);
    if (end < 0) throw invalid('singleValues');
    if (starts[e + 1]! - starts[e]! === 1 && end - at === 1) map[units[starts[e]!]!] = singleText.charCodeAt(at);
    singleAt[e] = at;
    at = end + 1;
  }
  if (at !== singleText.length) throw invalid('singleValues left over');
  const listed = listedItems(packed.valueEntries, 'valueEntries', edits, n);
  const valueStart = new Uint32Array(n + 1);
  const out = new Uint16Array(units.length + singleText.length + edits.length);
  let o = 0;
  for (let e = 0; e < n; e++) {
    valueStart[e] = o;
    const start = starts[e]!, end = starts[e + 1]!;
    if (singleAt[e]! >= 0) {
      o = copyLine(singleText, singleAt[e]!, out, o);
      continue;
    }
    let i = listed[e]!;
    if (i < 0) {
      for (let j = start; j < end; j++) {
        const unit = units[j]!;
        out[o++] = map[unit] || unit;
      }
      continue;
    }
    if (edits.charCodeAt(i) === WHOLE_UNIT) {
      o = copyLine(edits, i + 1, out, o);
      continue;
    }
    // Edits: copy the prediction, replacing the listed units.
    let j = start;
    for (let c = edits.charCodeAt(i); c !== SEPARATOR_UNIT; c = edits.charCodeAt(i)) {
      const to = j + c - GAP_BASE;
      if (!(c >= GAP_BASE) || to >= end) throw invalid('value edits');
      for (; j < to; j++) out[o++] = map[units[j]!] || units[j]!;
      out[o++] = edits.charCodeAt(i + 1);
      j++;
      i += 2;
    }
    for (; j < end; j++) out[o++] = map[units[j]!] || units[j]!;
  }
  valueStart[n] = o;
  return { valueStart, valueUnits: out.slice(0, o) };
}

/** Entry index gaps (or unit gaps), as a list. */
function indexList(text: string, field: string, limit: number): number[] {
  const reader = new NumberReader(text, field);
  const list: number[] = [];
  for (let i = -1; !reader.done; ) {
    i += reader.next() + 1;
    if (i >= limit) throw invalid(field);
    list.push(i);
  }
  return list;
}

function readFlags(packed: PackedDictionary, n: number): { entryFlags: Uint8Array; ambiguous: number[] } {
  const entryFlags = new Uint8Array(n);
  const runs = new NumberReader(packed.flags, 'flags');
  for (let i = 0; i < n; ) {
    const membership = runs.next();
    const run = runs.next();
    if (run <= 0 || i + run > n) throw invalid('flags');
    entryFlags.fill(membership, i, i + run);
    i += run;
  }
  for (const e of indexList(packed.fanjian, 'fanjian', n)) entryFlags[e] = entryFlags[e]! | FLAG_FANJIAN;
  const ambiguous = indexList(packed.candidateEntries, 'candidateEntries', n);
  for (const e of ambiguous) entryFlags[e] = entryFlags[e]! | FLAG_AMBIGUOUS;
  return { entryFlags, ambiguous };
}

/**
 * The head table, as head-table.ts's buildHead makes it, written directly from the decoded arrays (no entry objects):
 * a one-unit key sets its unit's output and membership, a longer key marks its first unit; then the slow units.
 * The build checks that the result equals the compiled table.
 */
function readHead(packed: PackedDictionary, keys: Keys, valueStart: Uint32Array, valueUnits: Uint16Array, entryFlags: Uint8Array): Int32Array {
  const head = emptyHead();
  const { units, starts } = keys;
  for (let e = 0; e < keys.count; e++) {
    const start = starts[e]!;
    const first = units[start]!;
    if (starts[e + 1]! - start === 1) {
      const from = valueStart[e]!;
      const output = valueStart[e + 1]! - from === 1 ? valueUnits[from]! ^ first : HEAD_SLOW;
      head[first] = (head[first]! & (HEAD_STARTS_LONGER | HEAD_SLOW)) | output |
        ((entryFlags[e]! & MEMBERSHIP_BITS) << HEAD_MEMBERSHIP_SHIFT);
    } else {
      head[first] = head[first]! | HEAD_STARTS_LONGER;
    }
  }
  for (const unit of indexList(packed.slowUnits, 'slowUnits', 0x10000)) head[unit] = head[unit]! | HEAD_SLOW;
  return head;
}

/** DictionaryTables.symbolBase (as compiled-dictionary.ts's rootBases), knowing the number of symbols. */
function symbolBases(symbols: number, base: Int32Array, check: Uint16Array): Int32Array {
  const bases = new Int32Array(symbols + 1);
  const root = base[0]!;
  for (let s = 1; s <= symbols; s++) if (check[root + s] === s) bases[s] = base[root + s]!;
  return bases;
}

/** Decode a packed dictionary into the tables the binary form holds. */
export function unpackDictionary(packed: PackedDictionary): CompiledDictionary {
  if (!packed || packed.format !== PACKED_FORMAT) throw invalid(`format ${String(packed?.format)}, expected ${PACKED_FORMAT}`);
  const fields = ['shared', 'keys', 'slots', 'singleValues', 'valueEntries', 'values', 'flags', 'fanjian', 'slowUnits',
    'candidateEntries', 'candidates'] as const;
  if (fields.some((field) => typeof packed[field] !== 'string')) throw invalid('missing field');
  const { maxKeyLength } = packed.meta ?? {};
  if (!Number.isInteger(maxKeyLength) || maxKeyLength < 1 || maxKeyLength > 0xffff) throw invalid('maxKeyLength');
  // A trie has at most one state per key unit, plus room for the largest symbol past the last base.
  if (!Number.isInteger(packed.size) || packed.size < 1 || packed.size > packed.keys.length * maxKeyLength + 0x20000) {
    throw invalid('size');
  }
  const keys = readKeys(packed);
  const alphabet = alphabetFromCounts(keys.counts, keys.distinct);
  const { base, check, terminal } = buildTrie(packed, keys, alphabet);
  const { valueStart, valueUnits } = readValues(packed, keys);
  const { entryFlags, ambiguous } = readFlags(packed, keys.count);
  const candidateTexts = packed.candidates === '' ? [] : packed.candidates.split(SEPARATOR);
  if (candidateTexts.length !== ambiguous.length) throw invalid('candidates');
  // The candidate texts, concatenated without their separators.
  const candidateStart = new Uint32Array(candidateTexts.length + 1);
  const candidateUnits = new Uint16Array(packed.candidates.length - Math.max(0, candidateTexts.length - 1));
  let c = 0;
  candidateTexts.forEach((text, i) => {
    candidateStart[i] = c;
    for (let j = 0; j < text.length; j++) candidateUnits[c++] = text.charCodeAt(j);
  });
  candidateStart[candidateTexts.length] = c;
  const head = readHead(packed, keys, valueStart, valueUnits, entryFlags);
  return new CompiledDictionary(packed.meta, {
    alphabet, base, check, terminal, head, symbolBase: symbolBases(keys.distinct.length, base, check),
    valueStart, valueUnits, entryFlags,
    candidateEntries: Int32Array.from(ambiguous), candidateStart, candidateUnits,
  });
}
