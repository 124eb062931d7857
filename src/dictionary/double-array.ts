/**
 * Double-array trie construction. Keys are UTF-16 code unit sequences, relabelled through a dense alphabet
 * (most frequent unit first) so that transitions stay close together and the arrays pack tightly.
 * A transition from state s on alphabet symbol a goes to t = base[s] + a, valid when check[t] === a: every state
 * with children has a base of its own, so the symbol alone identifies the parent, and check fits in 16 bits.
 * States without children keep base 0, which no state with children has.
 * Runs at build time for the bundled dictionaries and at converter creation for user dictionaries.
 */

export interface DoubleArray {
  /** Code unit → alphabet symbol (1…K); 0 means no key contains the unit. */
  readonly alphabet: Uint16Array;
  readonly base: Int32Array;
  /** Symbol of the transition into each slot; 0 for a free slot (and the root). */
  readonly check: Uint16Array;
  /** Entry index of each state, or -1 when no key ends there. */
  readonly terminal: Int32Array;
  /** Longest key, in code units. */
  readonly maxKeyLength: number;
}

const ROOT_CHECK = -2;
const FREE = -1;

function buildAlphabet(keys: readonly string[]): Uint16Array {
  const counts = new Map<number, number>();
  for (const key of keys) {
    for (let i = 0; i < key.length; i++) {
      const u = key.charCodeAt(i);
      counts.set(u, (counts.get(u) ?? 0) + 1);
    }
  }
  const units = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
  if (units.length > 0xfffe) throw new RangeError('alphabet too large');
  const alphabet = new Uint16Array(0x10000);
  units.forEach((u, i) => (alphabet[u] = i + 1));
  return alphabet;
}

/** Growable slot arrays with a free list so that placement only ever visits free slots. */
class SlotArrays {
  base: Int32Array;
  check: Int32Array;
  terminal: Int32Array;
  next: Int32Array; // free list, doubly linked through next/prev; -1 ends it
  prev: Int32Array;
  size = 0;
  head = -1;

  constructor(capacity: number) {
    this.base = new Int32Array(0);
    this.check = new Int32Array(0);
    this.terminal = new Int32Array(0);
    this.next = new Int32Array(0);
    this.prev = new Int32Array(0);
    this.grow(capacity);
  }

  grow(min: number): void {
    const old = this.size;
    if (min <= old) return;
    const size = Math.max(min, Math.ceil(old * 1.5), 1024);
    const copy = (a: Int32Array, fill: number) => {
      const b = new Int32Array(size).fill(fill);
      b.set(a);
      return b;
    };
    this.base = copy(this.base, 0);
    this.check = copy(this.check, FREE);
    this.terminal = copy(this.terminal, -1);
    this.next = copy(this.next, -1);
    this.prev = copy(this.prev, -1);
    // Append the new slots to the free list, keeping it sorted by position.
    let tail = this.head;
    if (tail >= 0) while (this.next[tail]! >= 0) tail = this.next[tail]!;
    for (let i = old; i < size; i++) {
      this.prev[i] = tail;
      if (tail >= 0) this.next[tail] = i;
      else this.head = i;
      tail = i;
    }
    this.size = size;
  }

  take(slot: number, parent: number): void {
    this.grow(slot + 1);
    this.check[slot] = parent;
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
  }

  isFree(slot: number): boolean {
    return slot >= this.size || this.check[slot] === FREE;
  }
}

/**
 * Build a double array for `keys` (any order, no duplicates); `entries[i]` is stored as the terminal value of
 * `keys[i]`. Construction is breadth-first over ranges of the sorted key list, placing each node's children at
 * the first base where every child slot is free.
 */
export function buildDoubleArray(keys: readonly string[], entries: readonly number[]): DoubleArray {
  const alphabet = buildAlphabet(keys);
  const order = keys.map((_, i) => i);
  const symbols = keys.map((k) => Array.from({ length: k.length }, (_, j) => alphabet[k.charCodeAt(j)]!));
  order.sort((a, b) => {
    const x = symbols[a]!, y = symbols[b]!;
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  });
  const sorted = order.map((i) => symbols[i]!);
  const sortedEntries = order.map((i) => entries[i]!);

  const slots = new SlotArrays(Math.max(1024, keys.length * 2));
  const usedBases = new Set<number>();
  slots.take(0, ROOT_CHECK);
  let maxKeyLength = 0;
  for (const k of keys) maxKeyLength = Math.max(maxKeyLength, k.length);

  // Queue of nodes: [state, lo, hi, depth] where keys sorted[lo..hi) share the node's prefix of length depth.
  const queue: number[] = [0, 0, sorted.length, 0];
  const children: number[] = [];
  const ranges: number[] = [];
  for (let q = 0; q < queue.length; q += 4) {
    const state = queue[q]!, hi = queue[q + 2]!, depth = queue[q + 3]!;
    let lo = queue[q + 1]!;
    if (lo < hi && sorted[lo]!.length === depth) {
      slots.terminal[state] = sortedEntries[lo]!;
      lo++;
    }
    if (lo >= hi) continue;
    children.length = 0;
    ranges.length = 0;
    for (let i = lo; i < hi; ) {
      const symbol = sorted[i]![depth]!;
      let j = i + 1;
      while (j < hi && sorted[j]![depth] === symbol) j++;
      children.push(symbol);
      ranges.push(i, j);
      i = j;
    }
    const base = findBase(slots, children, usedBases);
    usedBases.add(base);
    slots.base[state] = base;
    for (let c = 0; c < children.length; c++) {
      const child = base + children[c]!;
      slots.take(child, state);
      queue.push(child, ranges[2 * c]!, ranges[2 * c + 1]!, depth + 1);
    }
  }

  let used = 0;
  for (let i = slots.size - 1; i >= 0; i--) {
    if (slots.check[i] !== FREE) {
      used = i + 1;
      break;
    }
  }
  // Trailing room so that base[s] + symbol never runs past the arrays for any symbol.
  let maxBase = 0;
  for (let i = 0; i < used; i++) if (slots.check[i] !== FREE) maxBase = Math.max(maxBase, slots.base[i]!);
  let maxSymbol = 0;
  for (let u = 0; u < 0x10000; u++) maxSymbol = Math.max(maxSymbol, alphabet[u]!);
  const length = Math.max(used, maxBase + maxSymbol + 1);
  // Construction tracked parents; the stored check is the symbol of the transition into each slot.
  const check = new Uint16Array(length);
  for (let i = 1; i < used; i++) {
    const parent = slots.check[i]!;
    if (parent >= 0) check[i] = i - slots.base[parent]!;
  }
  const terminal = new Int32Array(length).fill(-1);
  terminal.set(slots.terminal.subarray(0, used));
  const base = new Int32Array(length);
  base.set(slots.base.subarray(0, used));
  return { alphabet, base, check, terminal, maxKeyLength };
}

/** First unused base ≥ 1 at which every child slot (base + symbol) is free, scanning the free list. */
function findBase(slots: SlotArrays, symbols: readonly number[], usedBases: ReadonlySet<number>): number {
  const first = symbols[0]!;
  for (let slot = slots.head; ; ) {
    if (slot < 0) {
      // Every listed slot was tried: grow and continue from the new free slots.
      const from = slots.size;
      slots.grow(slots.size + first + 1);
      slot = from;
    }
    const base = slot - first;
    if (base >= 1 && !usedBases.has(base)) {
      let fits = true;
      for (let i = 1; i < symbols.length; i++) {
        if (!slots.isFree(base + symbols[i]!)) {
          fits = false;
          break;
        }
      }
      if (fits) return base;
    }
    slot = slots.next[slot]!;
  }
}
