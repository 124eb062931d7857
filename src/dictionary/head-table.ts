/**
 * The head table: one Int32 per UTF-16 unit saying what to write for the unit alone and whether it may start a
 * longer key, so that most characters never touch the trie. Derived from the entries when a group is compiled;
 * stored sparsely and rebuilt on load (see dictionary-binary.ts).
 */

/**
 * head[u] bits 0–15: the unit to write for u when no longer key applies, XOR u — so 0 means "u itself", and the
 * table of a unit without entries is all zeros (cheap to rebuild at load). Read it as (head[u] ^ u) & HEAD_UNIT.
 */
export const HEAD_UNIT = 0xffff;
/** head[u]: some key of two or more units starts with u. */
export const HEAD_STARTS_LONGER = 0x10000;
/** head[u]: u cannot be written directly (its value is not one unit, u begins an IDS or a surrogate pair, or the
 * build marked it for another dictionary, e.g. a normalization key). */
export const HEAD_SLOW = 0x20000;
/** head[u] bits 19–24: membership bits (which dictionaries of the group) of the key u, when u alone is a key. */
export const HEAD_MEMBERSHIP_SHIFT = 19;
/** Membership bits 0–5 of an entry's flags: the key is in dictionary i of the group. */
export const MEMBERSHIP_BITS = 0x3f;
/** head[u]: u alone is a key (of any dictionary of the group). */
export const HEAD_HAS_ENTRY = MEMBERSHIP_BITS << HEAD_MEMBERSHIP_SHIFT;
/**
 * head[u]: u alone writes a character a context rule may rewrite (context-rules.ts). Never stored: a chain with
 * rules sets it on load from the group's `writersOf` (DictionaryMeta), and only such a chain's first pass reads it.
 */
export const HEAD_RULE = 0x2000000;

interface HeadEntry {
  readonly key: string;
  readonly value: string;
  readonly flags: number;
}

/** The head table of a group without keys: every unit writes itself; IDS operators and high surrogates are slow. */
export function emptyHead(): Int32Array {
  return fillEmptyHead(new Int32Array(0x10000));
}

/** emptyHead() written into a zeroed table (a decoder's memory). */
export function fillEmptyHead(head: Int32Array): Int32Array {
  head.fill(HEAD_SLOW, 0x2ff0, 0x3000);
  head.fill(HEAD_SLOW, 0xd800, 0xdc00);
  return head;
}

export function buildHead(entries: readonly HeadEntry[], slowUnits: Iterable<number> = []): Int32Array {
  const head = emptyHead();
  for (const { key, value, flags } of entries) {
    const first = key.charCodeAt(0);
    if (key.length === 1) {
      const output = value.length === 1 ? value.charCodeAt(0) ^ first : HEAD_SLOW;
      head[first] = (head[first]! & (HEAD_STARTS_LONGER | HEAD_SLOW)) | output |
        ((flags & MEMBERSHIP_BITS) << HEAD_MEMBERSHIP_SHIFT);
    } else {
      head[first] = head[first]! | HEAD_STARTS_LONGER;
    }
  }
  for (const unit of slowUnits) head[unit] = head[unit]! | HEAD_SLOW;
  return head;
}
