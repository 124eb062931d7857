/**
 * The tables that let the hot loop skip the trie: `head` (one Int32 per UTF-16 unit) and two Bloom filters over
 * the first two and three units of the longer keys (see filters.ts). Derived from the entries when a group is
 * compiled; `head` is stored sparsely and rebuilt on load (see dictionary-binary.ts).
 */
import { buildFilter, END_OF_TEXT, pairHash, tripleHash } from './filters.js';

/**
 * head[u] bits 0–15: the unit to write for u when no longer key applies, XOR u — so 0 means "u itself", and the
 * table of a unit without entries is all zeros (cheap to rebuild at load). Read it as (head[u] ^ u) & HEAD_UNIT.
 */
export const HEAD_UNIT = 0xffff;
/** head[u]: some key of two or more units starts with u. */
export const HEAD_STARTS_LONGER = 0x10000;
/** head[u]: u cannot be written directly (its value is not one unit, u begins an IDS or a surrogate pair, or the
 * build marked it for another dictionary, e.g. a normalization key). */
export const HEAD_SLOW_SHIFT = 17;
export const HEAD_SLOW = 1 << HEAD_SLOW_SHIFT;
/** head[u] bits 19–24: membership bits (which dictionaries of the group) of the key u, when u alone is a key. */
export const HEAD_MEMBERSHIP_SHIFT = 19;
/** Membership bits 0–5 of an entry's flags: the key is in dictionary i of the group. */
export const MEMBERSHIP_BITS = 0x3f;
/** head[u]: u alone is a key (of any dictionary of the group). */
export const HEAD_HAS_ENTRY = MEMBERSHIP_BITS << HEAD_MEMBERSHIP_SHIFT;

interface AcceleratedEntry {
  readonly key: string;
  readonly value: string;
  readonly flags: number;
}

/** The head table of a group without keys: every unit writes itself; IDS operators and high surrogates are slow. */
export function emptyHead(): Int32Array {
  const head = new Int32Array(0x10000);
  head.fill(HEAD_SLOW, 0x2ff0, 0x3000);
  head.fill(HEAD_SLOW, 0xd800, 0xdc00);
  return head;
}

export function buildAcceleration(
  entries: readonly AcceleratedEntry[],
  slowUnits: Iterable<number> = [],
): { head: Int32Array; pairFilter: Int32Array; tripleFilter: Int32Array } {
  const head = emptyHead();
  const pairs = new Set<number>();
  const triples = new Set<number>();
  for (const { key, value, flags } of entries) {
    if (key.includes(String.fromCharCode(END_OF_TEXT))) throw new RangeError('dictionary keys may not contain U+FFFF');
    const first = key.charCodeAt(0);
    if (key.length === 1) {
      const output = value.length === 1 ? value.charCodeAt(0) ^ first : HEAD_SLOW;
      head[first] = (head[first]! & (HEAD_STARTS_LONGER | HEAD_SLOW)) | output |
        ((flags & MEMBERSHIP_BITS) << HEAD_MEMBERSHIP_SHIFT);
    } else {
      head[first] = head[first]! | HEAD_STARTS_LONGER;
      pairs.add(pairHash(first, key.charCodeAt(1)));
      triples.add(tripleHash(first, key.charCodeAt(1), key.length > 2 ? key.charCodeAt(2) : END_OF_TEXT));
    }
  }
  for (const unit of slowUnits) head[unit] = head[unit]! | HEAD_SLOW;
  return { head, pairFilter: buildFilter(pairs), tripleFilter: buildFilter(triples) };
}
