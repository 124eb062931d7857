/**
 * A compiled dictionary group: one double-array trie over the keys of every dictionary in the group, with each
 * key's winning value (first dictionary in the group wins) and flags saying which dictionaries hold the key.
 * Acceleration tables, built with the trie, serve the hot loop: `head` answers most positions with one load (the
 * output unit of a character when no longer key starts there), and two small Bloom filters over the first two
 * and three units of the longer keys rule out most trie walks without leaving the CPU cache.
 * Stored as one binary blob whose sections are typed-array views, so loading does no parsing.
 */
import { FanjianError } from '../errors.js';
import { buildDoubleArray } from './double-array.js';
import { buildFilter, END_OF_TEXT, filterHas, filterShift, pairHash, tripleHash } from './filters.js';

/** Entry flag bits 0–5: the key is in dictionary i of the group. */
export const MAX_GROUP_SIZE = 6;
/** Entry flag: the value comes from fanjian's own dictionary layer (dictionaries/). */
export const FLAG_FANJIAN = 0x40;
/** Entry flag: a one-character key converted by its default although other candidates exist. */
export const FLAG_AMBIGUOUS = 0x80;
export const ALL_DICTIONARIES = (1 << MAX_GROUP_SIZE) - 1;

/** head[u] bits 0–15: the unit to write for u when no longer key applies (u itself when u has no entry). */
export const HEAD_UNIT = 0xffff;
/** head[u]: some key of two or more units starts with u. */
export const HEAD_STARTS_LONGER = 0x10000;
/** head[u]: u cannot be written directly (its value is not one unit, or u begins an IDS or surrogate pair). */
export const HEAD_SLOW = 0x20000;
/** head[u] bits 19–24: membership bits of the key u, when u alone is a key (0 otherwise). */
export const HEAD_MEMBERSHIP_SHIFT = 19;
/** head[u]: u alone is a key (of any dictionary of the group). */
export const HEAD_HAS_ENTRY = ALL_DICTIONARIES << HEAD_MEMBERSHIP_SHIFT;

export interface GroupEntry {
  readonly key: string;
  readonly value: string;
  /** Bits 0–5 membership, plus FLAG_FANJIAN / FLAG_AMBIGUOUS. */
  readonly flags: number;
  /** For ambiguous entries, every candidate target (the value first). */
  readonly candidates?: readonly string[];
}

/** The typed arrays of a compiled group, in their order in the binary form. */
export interface DictionaryTables {
  readonly alphabet: Uint16Array;
  readonly base: Int32Array;
  readonly check: Int32Array;
  /** Entry index of each trie state, or -1. */
  readonly terminal: Int32Array;
  readonly head: Int32Array;
  /** Bloom filter (filters.ts) of pairHash(first two units) of every key longer than one unit. */
  readonly pairFilter: Int32Array;
  /** Bloom filter of tripleHash(first three units) of every key longer than two units, and of
   * tripleHash(u1, u2, END_OF_TEXT) of every two-unit key. */
  readonly tripleFilter: Int32Array;
  readonly valueStart: Uint32Array;
  readonly valueUnits: Uint16Array;
  readonly entryFlags: Uint8Array;
  /** Candidates of entry e: the space-separated text candidateUnits[candidateStart[e], candidateStart[e+1]). */
  readonly candidateStart: Uint32Array;
  readonly candidateUnits: Uint16Array;
}

type TableName = keyof DictionaryTables;
type TableType = Uint8Array | Uint16Array | Int32Array | Uint32Array;
const SECTIONS: readonly [TableName, new (buffer: ArrayBuffer, offset: number, length: number) => TableType][] = [
  ['alphabet', Uint16Array], ['base', Int32Array], ['check', Int32Array], ['terminal', Int32Array],
  ['head', Int32Array], ['pairFilter', Int32Array], ['tripleFilter', Int32Array], ['valueStart', Uint32Array], ['valueUnits', Uint16Array],
  ['entryFlags', Uint8Array], ['candidateStart', Uint32Array], ['candidateUnits', Uint16Array],
];

const MAGIC = 0x314a4446; // "FDJ1" little-endian
const FORMAT_VERSION = 3;
/** Metadata stored beside the tables. */
interface DictionaryMeta {
  readonly names: readonly string[];
  /** Longest key, in code units. */
  readonly maxKeyLength: number;
  /** Each distinct membership (bits 0–5) among keys longer than one code point. */
  readonly longKeyMemberships: readonly number[];
  /** Units marked HEAD_SLOW because they begin keys of another dictionary (see BuildOptions.slowUnits). */
  readonly slowFor?: string;
}

export interface BuildOptions {
  /**
   * Units to keep off the fast path, e.g. the first units of the normalization keys: a first pass over text that
   * skipped normalization then meets every character that needs it on its slow path (see ConversionChain).
   */
  readonly slowUnits?: { readonly name: string; readonly units: Iterable<number> };
}

export class CompiledDictionary {
  /** Entry index of the last successful `match`. */
  matchedEntry = -1;
  readonly alphabet: Uint16Array;
  readonly base: Int32Array;
  readonly check: Int32Array;
  readonly terminal: Int32Array;
  readonly head: Int32Array;
  readonly pairFilter: Int32Array;
  readonly pairShift: number;
  readonly tripleFilter: Int32Array;
  readonly tripleShift: number;
  readonly valueStart: Uint32Array;
  readonly valueUnits: Uint16Array;
  readonly entryFlags: Uint8Array;
  readonly tables: DictionaryTables;

  /** Dictionary names of the group, in priority order; bit i of an entry's flags refers to names[i]. */
  readonly names: readonly string[];
  readonly maxKeyLength: number;

  constructor(readonly meta: DictionaryMeta, tables: DictionaryTables) {
    this.names = meta.names;
    this.maxKeyLength = meta.maxKeyLength;
    this.tables = tables;
    ({ alphabet: this.alphabet, base: this.base, check: this.check, terminal: this.terminal, head: this.head,
      pairFilter: this.pairFilter, tripleFilter: this.tripleFilter, valueStart: this.valueStart,
      valueUnits: this.valueUnits, entryFlags: this.entryFlags } = tables);
    this.pairShift = filterShift(this.pairFilter);
    this.tripleShift = filterShift(this.tripleFilter);
  }

  static build(names: readonly string[], entries: readonly GroupEntry[], options: BuildOptions = {}): CompiledDictionary {
    if (names.length > MAX_GROUP_SIZE) throw new RangeError(`a group holds at most ${MAX_GROUP_SIZE} dictionaries`);
    const keys = entries.map((e) => e.key);
    const trie = buildDoubleArray(keys, entries.map((_, i) => i));
    const [valueStart, valueUnits] = packStrings(entries.map((e) => e.value));
    const [candidateStart, candidateUnits] = packStrings(entries.map((e) => (e.candidates ?? []).join(' ')));
    const { head, pairFilter, tripleFilter } = buildAcceleration(entries);
    for (const unit of options.slowUnits?.units ?? []) head[unit] = head[unit]! | HEAD_SLOW;
    const tables: DictionaryTables = {
      alphabet: trie.alphabet, base: trie.base, check: trie.check, terminal: trie.terminal, head, pairFilter, tripleFilter,
      valueStart, valueUnits, entryFlags: Uint8Array.from(entries, (e) => e.flags), candidateStart, candidateUnits,
    };
    const longKeyMemberships = new Set<number>();
    for (const e of entries) {
      if (e.key.length > (e.key.codePointAt(0)! > 0xffff ? 2 : 1)) longKeyMemberships.add(e.flags & ALL_DICTIONARIES);
    }
    const meta: DictionaryMeta = {
      names,
      maxKeyLength: trie.maxKeyLength,
      longKeyMemberships: [...longKeyMemberships].sort((a, b) => a - b),
      ...(options.slowUnits ? { slowFor: options.slowUnits.name } : {}),
    };
    return new CompiledDictionary(meta, tables);
  }

  /** Whether every key longer than one code point belongs to one of the dictionaries in `mask`. */
  longKeysWithin(mask: number): boolean {
    return this.meta.longKeyMemberships.every((membership) => (membership & mask) !== 0);
  }

  /** The units that begin some key (HEAD_STARTS_LONGER or a one-unit key). */
  firstUnits(): number[] {
    const units: number[] = [];
    for (let u = 0; u < 0x10000; u++) if ((this.head[u]! & (HEAD_STARTS_LONGER | HEAD_HAS_ENTRY)) !== 0) units.push(u);
    return units;
  }

  /**
   * Whether a key longer than one unit may begin with these units (`third` is END_OF_TEXT past the end);
   * false is certain.
   */
  mayContinue(first: number, second: number, third: number): boolean {
    return filterHas(this.pairFilter, this.pairShift, pairHash(first, second)) &&
      (filterHas(this.tripleFilter, this.tripleShift, tripleHash(first, second, END_OF_TEXT)) ||
        filterHas(this.tripleFilter, this.tripleShift, tripleHash(first, second, third)));
  }

  get entryCount(): number {
    return this.entryFlags.length;
  }

  /**
   * Longest key matching `input` at `start` without passing `limit`, counting only entries whose membership
   * intersects `mask`. Returns the end of the match (and sets `matchedEntry`), or -1.
   */
  match(input: Uint16Array, start: number, limit: number, mask: number): number {
    const first = input[start]!;
    const head = this.head[first]!;
    let end = -1;
    if (((head >> HEAD_MEMBERSHIP_SHIFT) & mask) !== 0) {
      end = start + 1;
      this.matchedEntry = this.terminal[this.base[0]! + this.alphabet[first]!]!;
    }
    if ((head & HEAD_STARTS_LONGER) !== 0 && start + 1 < limit &&
        this.mayContinue(first, input[start + 1]!, start + 2 < limit ? input[start + 2]! : END_OF_TEXT)) {
      const longer = this.walk(input, start, limit, mask);
      if (longer > 0) end = longer;
    }
    return end;
  }

  /**
   * Longest key of two or more units at `start` (whose unit must start such keys), within `mask`; returns its
   * end and sets `matchedEntry`, or returns -1 and leaves `matchedEntry` alone.
   */
  walk(input: Uint16Array, start: number, limit: number, mask: number): number {
    const alphabet = this.alphabet, base = this.base, check = this.check, terminal = this.terminal;
    let state = base[0]! + alphabet[input[start]!]!;
    let end = -1;
    for (let i = start + 1; i < limit; ) {
      const symbol = alphabet[input[i]!]!;
      if (symbol === 0) break;
      const next = base[state]! + symbol;
      if (check[next] !== state) break;
      state = next;
      i++;
      const entry = terminal[state]!;
      if (entry >= 0 && (mask === ALL_DICTIONARIES || (this.entryFlags[entry]! & mask) !== 0)) {
        end = i;
        this.matchedEntry = entry;
      }
    }
    return end;
  }

  /** Exact lookup of one key; returns the entry index or -1. */
  lookup(key: string): number {
    let state = 0;
    for (let i = 0; i < key.length; i++) {
      const symbol = this.alphabet[key.charCodeAt(i)]!;
      if (symbol === 0) return -1;
      const next = this.base[state]! + symbol;
      if (this.check[next] !== state) return -1;
      state = next;
    }
    return key.length === 0 ? -1 : this.terminal[state]!;
  }

  value(entry: number): string {
    return unpackString(this.valueStart, this.valueUnits, entry);
  }

  /** Every candidate of an ambiguous entry, its value first; empty for other entries. */
  candidates(entry: number): string[] {
    const text = unpackString(this.tables.candidateStart, this.tables.candidateUnits, entry);
    return text === '' ? [] : text.split(' ');
  }

  /** Name of the dictionary that supplied an entry's value (the first member of the group holding the key). */
  provider(entry: number): string {
    const flags = this.entryFlags[entry]!;
    for (let i = 0; i < this.names.length; i++) if (flags & (1 << i)) return this.names[i]!;
    return this.names[0] ?? '';
  }

  toBinary(): Uint8Array {
    const names = new TextEncoder().encode(JSON.stringify(this.meta));
    const pad4 = (n: number) => (n + 3) & ~3;
    const views: ArrayBufferView[] = [names, ...SECTIONS.map(([name]) => this.tables[name])];
    const headerWords = 2 + views.length;
    let size = headerWords * 4;
    for (const v of views) size += pad4(v.byteLength);
    const out = new Uint8Array(size);
    const header = new Uint32Array(out.buffer, 0, headerWords);
    header[0] = MAGIC;
    header[1] = FORMAT_VERSION;
    let offset = headerWords * 4;
    views.forEach((v, i) => {
      header[2 + i] = v.byteLength;
      out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), offset);
      offset += pad4(v.byteLength);
    });
    return out;
  }

  /** View a blob written by toBinary. The bytes are used in place (copied once only if misaligned). */
  static fromBinary(bytes: Uint8Array, source = 'compiled dictionary'): CompiledDictionary {
    if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
    const bad = (why: string) => new FanjianError('INVALID_DATA',
      `${source} is not a fanjian dictionary of format ${FORMAT_VERSION} (${why}); run "npm run build" to regenerate it.`);
    const headerWords = 3 + SECTIONS.length;
    if (bytes.byteLength < headerWords * 4) throw bad('too short');
    const header = new Uint32Array(bytes.buffer, bytes.byteOffset, headerWords);
    if (header[0] !== MAGIC) throw bad('bad magic number or byte order');
    if (header[1] !== FORMAT_VERSION) throw bad(`format ${header[1]}`);
    let offset = bytes.byteOffset + headerWords * 4;
    const end = bytes.byteOffset + bytes.byteLength;
    const section = (index: number, make: (offset: number, byteLength: number) => TableType) => {
      const byteLength = header[2 + index]!;
      if (offset + byteLength > end) throw bad('truncated');
      const view = make(offset, byteLength);
      offset += (byteLength + 3) & ~3;
      return view;
    };
    const meta = section(0, (o, n) => new Uint8Array(bytes.buffer, o, n)) as Uint8Array;
    const parsedMeta = JSON.parse(new TextDecoder().decode(meta)) as DictionaryMeta;
    const tables: Record<string, TableType> = {};
    SECTIONS.forEach(([name, Type], i) => {
      const size = (Type as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      tables[name] = section(i + 1, (o, n) => new Type(bytes.buffer as ArrayBuffer, o, n / size));
    });
    return new CompiledDictionary(parsedMeta, tables as unknown as DictionaryTables);
  }
}

/** head[] and the filters (see DictionaryTables), derived from the entries. */
function buildAcceleration(entries: readonly GroupEntry[]): { head: Int32Array; pairFilter: Int32Array; tripleFilter: Int32Array } {
  const head = new Int32Array(0x10000);
  for (let u = 0; u < 0x10000; u++) {
    const special = (u >= 0x2ff0 && u <= 0x2fff) || (u >= 0xd800 && u <= 0xdbff);
    head[u] = u | (special ? HEAD_SLOW : 0);
  }
  const pairs = new Set<number>();
  const triples = new Set<number>();
  for (const { key, value, flags } of entries) {
    if (key.includes(String.fromCharCode(END_OF_TEXT))) throw new RangeError('dictionary keys may not contain U+FFFF');
    const first = key.charCodeAt(0);
    if (key.length === 1) {
      const output = value.length === 1 ? value.charCodeAt(0) : HEAD_SLOW | first;
      head[first] = (head[first]! & (HEAD_STARTS_LONGER | HEAD_SLOW)) | output |
        ((flags & ALL_DICTIONARIES) << HEAD_MEMBERSHIP_SHIFT);
    } else {
      head[first] = head[first]! | HEAD_STARTS_LONGER;
      pairs.add(pairHash(first, key.charCodeAt(1)));
      triples.add(tripleHash(first, key.charCodeAt(1), key.length > 2 ? key.charCodeAt(2) : END_OF_TEXT));
    }
  }
  return { head, pairFilter: buildFilter(pairs), tripleFilter: buildFilter(triples) };
}

/** Concatenate strings into one unit array with start offsets (offsets[i]..offsets[i+1] is string i). */
function packStrings(strings: readonly string[]): [Uint32Array, Uint16Array] {
  const starts = new Uint32Array(strings.length + 1);
  let total = 0;
  strings.forEach((s, i) => {
    starts[i] = total;
    total += s.length;
  });
  starts[strings.length] = total;
  const units = new Uint16Array(total);
  strings.forEach((s, i) => {
    for (let j = 0; j < s.length; j++) units[starts[i]! + j] = s.charCodeAt(j);
  });
  return [starts, units];
}

function unpackString(starts: Uint32Array, units: Uint16Array, index: number): string {
  return String.fromCharCode(...units.subarray(starts[index]!, starts[index + 1]!));
}
