/**
 * A compiled dictionary group: one double-array trie over the keys of every dictionary in the group, with each
 * key's winning value (first dictionary in the group wins) and flags saying which dictionaries hold the key.
 * The head table (head-table.ts) built with the trie serves the hot loop. Stored in a binary form
 * (dictionary-binary.ts) that loads as typed-array views, without parsing.
 */
import {
  buildHead, HEAD_HAS_ENTRY, HEAD_MEMBERSHIP_SHIFT, HEAD_SLOW, HEAD_STARTS_LONGER, HEAD_UNIT, MEMBERSHIP_BITS,
} from './head-table.js';
import { fromBinary, toBinary } from './dictionary-binary.js';
import { buildDoubleArray } from './double-array.js';

/** Entry flag bits 0–5: the key is in dictionary i of the group (so a group holds at most six). */
export const MAX_GROUP_SIZE = 6;
export const ALL_DICTIONARIES = MEMBERSHIP_BITS;
/** Entry flag: the value comes from fanjian's own dictionary layer (dictionaries/). */
export const FLAG_FANJIAN = 0x40;
/** Entry flag: a one-character key converted by its default although other candidates exist. */
export const FLAG_AMBIGUOUS = 0x80;

export interface GroupEntry {
  readonly key: string;
  readonly value: string;
  /** Membership bits 0–5, plus FLAG_FANJIAN / FLAG_AMBIGUOUS. */
  readonly flags: number;
  /** For ambiguous entries, every candidate target (the value first). */
  readonly candidates?: readonly string[];
}

/** The typed arrays of a compiled group. */
export interface DictionaryTables {
  /** Code unit → alphabet symbol (1…K) of the double-array trie; 0 means no key contains the unit. */
  readonly alphabet: Uint16Array;
  readonly base: Int32Array;
  readonly check: Uint16Array;
  /**
   * The base of the trie state reached from the root by each alphabet symbol, or 0 when no longer key starts with
   * it: units a b start a key of two or more units exactly when check[symbolBase[alphabet[a]] + alphabet[b]] equals
   * alphabet[b] (non-zero). With base 0 the test fails, because a slot's check is its index minus its parent's
   * base and every parent's base is at least 1.
   */
  readonly symbolBase: Int32Array;
  /** Entry index of each trie state, or -1. */
  readonly terminal: Int32Array;
  /** Per UTF-16 unit: see HEAD_* in head-table.ts. */
  readonly head: Int32Array;
  /** The value of entry e is valueUnits[valueStart[e], valueStart[e + 1]). */
  readonly valueStart: Uint32Array;
  readonly valueUnits: Uint16Array;
  readonly entryFlags: Uint8Array;
  /** Ambiguous entries, ascending; the candidates of candidateEntries[i] are the space-separated text
   * candidateUnits[candidateStart[i], candidateStart[i + 1]). */
  readonly candidateEntries: Int32Array;
  readonly candidateStart: Uint32Array;
  readonly candidateUnits: Uint16Array;
}

/** Metadata stored beside the tables. */
export interface DictionaryMeta {
  readonly names: readonly string[];
  /** Longest key, in code units. */
  readonly maxKeyLength: number;
  /** Each distinct membership (bits 0–5) among keys longer than one code point. */
  readonly longKeyMemberships: readonly number[];
  /** Units marked HEAD_SLOW because they begin keys of another dictionary (see BuildOptions.slowUnits). */
  readonly slowFor?: string;
  /**
   * For each character the build was asked to watch (BuildOptions.watch), every unit whose one-character
   * conversion on the fast path writes it: where a context rule's character can appear without a key of two or
   * more units or the slow path writing it (see ContextRuleStage.markWriters). Found once by the build, as it takes
   * a sweep over every unit.
   */
  readonly writersOf?: Readonly<Record<string, readonly number[]>>;
}

export interface BuildOptions {
  /**
   * Units to keep off the fast path, e.g. the first units of the normalization keys: a first pass over text that
   * skipped normalization then meets every character that needs it on its slow path (see ConversionChain).
   */
  readonly slowUnits?: { readonly name: string; readonly units: Iterable<number> };
  /** Characters whose writers to record in the metadata (DictionaryMeta.writersOf). */
  readonly watch?: string;
}

/**
 * A match found by `match` or `walk`, packed into one small integer so that returning it allocates nothing (it
 * stays a V8 small integer): entry * MATCH_LENGTH_LIMIT + length in units; NO_MATCH (-1) when nothing matched.
 * Read it with matchLength and matchEntry. Keys are shorter than MATCH_LENGTH_LIMIT units and a group holds fewer
 * than MAX_ENTRIES entries (CompiledDictionary.build checks both).
 */
export const NO_MATCH = -1;
export const MATCH_LENGTH_LIMIT = 512;
const LENGTH_BITS = 9;
export const MAX_ENTRIES = 1 << (30 - LENGTH_BITS);

export function matchLength(match: number): number {
  return match & (MATCH_LENGTH_LIMIT - 1);
}

export function matchEntry(match: number): number {
  return match >>> LENGTH_BITS;
}

export class CompiledDictionary {
  /** Dictionary names of the group, in priority order; bit i of an entry's flags refers to names[i]. */
  readonly names: readonly string[];
  readonly maxKeyLength: number;
  readonly alphabet: Uint16Array;
  readonly base: Int32Array;
  readonly check: Uint16Array;
  readonly terminal: Int32Array;
  readonly head: Int32Array;
  /** See DictionaryTables.symbolBase. */
  readonly symbolBase: Int32Array;
  readonly valueStart: Uint32Array;
  readonly valueUnits: Uint16Array;
  readonly entryFlags: Uint8Array;

  constructor(readonly meta: DictionaryMeta, readonly tables: DictionaryTables) {
    this.names = meta.names;
    this.maxKeyLength = meta.maxKeyLength;
    this.alphabet = tables.alphabet;
    this.base = tables.base;
    this.check = tables.check;
    this.terminal = tables.terminal;
    this.head = tables.head;
    this.symbolBase = tables.symbolBase;
    this.valueStart = tables.valueStart;
    this.valueUnits = tables.valueUnits;
    this.entryFlags = tables.entryFlags;
  }

  static build(names: readonly string[], entries: readonly GroupEntry[], options: BuildOptions = {}): CompiledDictionary {
    if (names.length > MAX_GROUP_SIZE) throw new RangeError(`a group holds at most ${MAX_GROUP_SIZE} dictionaries`);
    if (entries.length >= MAX_ENTRIES) throw new RangeError(`a group holds fewer than ${MAX_ENTRIES} entries`);
    const long = entries.find((e) => e.key.length >= MATCH_LENGTH_LIMIT);
    if (long) throw new RangeError(`dictionary keys must be shorter than ${MATCH_LENGTH_LIMIT} units: ${long.key.slice(0, 20)}…`);
    const trie = buildDoubleArray(entries.map((e) => e.key), entries.map((_, i) => i));
    const [valueStart, valueUnits] = packStrings(entries.map((e) => e.value));
    const ambiguous = entries.flatMap((e, i) => (e.candidates?.length ? [i] : []));
    const [candidateStart, candidateUnits] = packStrings(ambiguous.map((i) => entries[i]!.candidates!.join(' ')));
    const head = buildHead(entries, options.slowUnits?.units);
    const tables: DictionaryTables = {
      alphabet: trie.alphabet, base: trie.base, check: trie.check, terminal: trie.terminal, head,
      symbolBase: rootBases(trie.alphabet, trie.base, trie.check),
      valueStart, valueUnits, entryFlags: Uint8Array.from(entries, (e) => e.flags),
      candidateEntries: Int32Array.from(ambiguous), candidateStart, candidateUnits,
    };
    const longKeyMemberships = new Set<number>();
    for (const e of entries) {
      if (e.key.length > (e.key.codePointAt(0)! > 0xffff ? 2 : 1)) longKeyMemberships.add(e.flags & MEMBERSHIP_BITS);
    }
    const meta: DictionaryMeta = {
      names,
      maxKeyLength: trie.maxKeyLength,
      longKeyMemberships: [...longKeyMemberships].sort((a, b) => a - b),
      ...(options.slowUnits ? { slowFor: options.slowUnits.name } : {}),
      ...(options.watch !== undefined ? { writersOf: writersOf(head, options.watch) } : {}),
    };
    return new CompiledDictionary(meta, tables);
  }

  toBinary(): Uint8Array {
    return toBinary(this.meta, this.tables);
  }

  /** Load a blob written by toBinary. */
  static fromBinary(bytes: Uint8Array, source = 'compiled dictionary'): CompiledDictionary {
    const { meta, tables } = fromBinary(bytes, source);
    return new CompiledDictionary(meta, tables);
  }

  get entryCount(): number {
    return this.entryFlags.length;
  }

  /** Whether every key longer than one code point belongs to one of the dictionaries in `mask`. */
  longKeysWithin(mask: number): boolean {
    return this.meta.longKeyMemberships.every((membership) => (membership & mask) !== 0);
  }

  /** The units that begin some key. */
  firstUnits(): number[] {
    const units: number[] = [];
    for (let u = 0; u < 0x10000; u++) if ((this.head[u]! & (HEAD_STARTS_LONGER | HEAD_HAS_ENTRY)) !== 0) units.push(u);
    return units;
  }

  /**
   * Longest key matching `input` at `start` without passing `limit`, counting only entries whose membership
   * intersects `mask`: the packed match (see matchLength, matchEntry), or NO_MATCH.
   */
  match(input: Uint16Array, start: number, limit: number, mask: number): number {
    const first = input[start]!;
    const head = this.head[first]!;
    if ((head & HEAD_STARTS_LONGER) !== 0 && start + 1 < limit) {
      const longer = this.walk(input, start, limit, mask);
      if (longer >= 0) return longer;
    }
    if (((head >> HEAD_MEMBERSHIP_SHIFT) & mask) !== 0) {
      return this.terminal[this.base[0]! + this.alphabet[first]!]! * MATCH_LENGTH_LIMIT + 1;
    }
    return NO_MATCH;
  }

  /**
   * Longest key of two or more units at `start` (whose unit must start such keys), within `mask`: the packed match
   * or NO_MATCH.
   */
  walk(input: Uint16Array, start: number, limit: number, mask: number): number {
    const alphabet = this.alphabet, base = this.base, check = this.check, terminal = this.terminal;
    let state = base[0]! + alphabet[input[start]!]!;
    let end = -1;
    let found = -1;
    for (let i = start + 1; i < limit; ) {
      const symbol = alphabet[input[i]!]!;
      if (symbol === 0) break;
      const next = base[state]! + symbol;
      if (check[next] !== symbol) break;
      state = next;
      i++;
      const entry = terminal[state]!;
      if (entry >= 0 && (mask === ALL_DICTIONARIES || (this.entryFlags[entry]! & mask) !== 0)) {
        end = i;
        found = entry;
      }
    }
    return found < 0 ? NO_MATCH : found * MATCH_LENGTH_LIMIT + (end - start);
  }

  /** Exact lookup of one key; returns the entry index or -1. */
  lookup(key: string): number {
    let state = 0;
    for (let i = 0; i < key.length; i++) {
      const symbol = this.alphabet[key.charCodeAt(i)]!;
      if (symbol === 0) return -1;
      const next = this.base[state]! + symbol;
      if (this.check[next] !== symbol) return -1;
      state = next;
    }
    return key.length === 0 ? -1 : this.terminal[state]!;
  }

  value(entry: number): string {
    return unpackString(this.valueStart, this.valueUnits, entry);
  }

  /** Every candidate of an ambiguous entry, its value first; empty for other entries. */
  candidates(entry: number): string[] {
    const { candidateEntries, candidateStart, candidateUnits } = this.tables;
    let low = 0, high = candidateEntries.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (candidateEntries[mid]! < entry) low = mid + 1;
      else if (candidateEntries[mid]! > entry) high = mid - 1;
      else return unpackString(candidateStart, candidateUnits, mid).split(' ');
    }
    return [];
  }

  /** Name of the dictionary that supplied an entry's value (the first member of the group holding the key). */
  provider(entry: number): string {
    const flags = this.entryFlags[entry]!;
    for (let i = 0; i < this.names.length; i++) if (flags & (1 << i)) return this.names[i]!;
    return this.names[0] ?? '';
  }
}

/** Per watched character, the units whose fast one-character conversion writes it (see DictionaryMeta.writersOf). */
function writersOf(head: Int32Array, watch: string): Record<string, number[]> {
  const writers: Record<string, number[]> = {};
  for (const character of watch) writers[character] = [];
  for (let u = 0; u < 0x10000; u++) {
    if ((head[u]! & HEAD_SLOW) !== 0) continue;
    const written = String.fromCharCode((head[u]! ^ u) & HEAD_UNIT);
    writers[written]?.push(u);
  }
  return writers;
}

function rootBases(alphabet: Uint16Array, base: Int32Array, check: Uint16Array): Int32Array {
  let symbols = 0;
  for (let u = 0; u < 0x10000; u++) if (alphabet[u]! > symbols) symbols = alphabet[u]!;
  const bases = new Int32Array(symbols + 1);
  const root = base[0]!;
  for (let s = 1; s <= symbols; s++) if (check[root + s] === s) bases[s] = base[root + s]!;
  return bases;
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
