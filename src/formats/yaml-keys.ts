/**
 * The keys of a YAML document's top-level mapping, kept while the document is read entry by entry (yaml.ts) to
 * check them unique as the yaml package's caller does. A document of millions of entries has millions of keys: as
 * strings in a Set they cost about 60 bytes each of the garbage-collected heap, which the collector then sizes
 * several times over (200 MB of YAML: 560 MB resident). Here string keys are copied into one growing array of
 * UTF-16 units and found by an open-addressing table of typed arrays: exact, about 30 bytes a key, outside the
 * collected heap. Keys of other values (numbers, booleans, null, from entries the package reads) are few: a Set.
 */

/** What a set of keys must do (a Set<unknown> does it too). */
export interface KeySet {
  has(key: unknown): boolean;
  add(key: unknown): unknown;
  delete(key: unknown): unknown;
}

const EMPTY = -1, DELETED = -2;

export class TopLevelKeys implements KeySet {
  private units = new Uint16Array(1 << 12);
  private used = 0;
  private hashes = new Int32Array(1 << 10);
  private starts = new Int32Array(1 << 10);
  private lengths = new Int32Array(1 << 10).fill(EMPTY);
  /** Slots taken, deleted ones included (they lengthen searches until the table grows). */
  private taken = 0;
  private readonly others = new Set<unknown>();

  has(key: unknown): boolean {
    return typeof key === 'string' ? this.slotOf(key, hash(key)) >= 0 : this.others.has(key);
  }

  add(key: unknown): this {
    if (typeof key !== 'string') {
      this.others.add(key);
      return this;
    }
    const h = hash(key);
    if (this.slotOf(key, h) >= 0) return this;
    if ((this.taken + 1) * 2 > this.lengths.length) this.grow();
    while (this.used + key.length > this.units.length) {
      const units = new Uint16Array(this.units.length * 2);
      units.set(this.units.subarray(0, this.used));
      this.units = units;
    }
    for (let i = 0; i < key.length; i++) this.units[this.used + i] = key.charCodeAt(i);
    const mask = this.lengths.length - 1;
    let slot = h & mask;
    while (this.lengths[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.hashes[slot] = h;
    this.starts[slot] = this.used;
    this.lengths[slot] = key.length;
    this.used += key.length;
    this.taken++;
    return this;
  }

  delete(key: unknown): boolean {
    if (typeof key !== 'string') return this.others.delete(key);
    const slot = this.slotOf(key, hash(key));
    if (slot < 0) return false;
    this.lengths[slot] = DELETED;
    return true;
  }

  private slotOf(key: string, h: number): number {
    const { hashes, starts, lengths, units } = this;
    const mask = lengths.length - 1;
    for (let slot = h & mask; lengths[slot] !== EMPTY; slot = (slot + 1) & mask) {
      if (lengths[slot] !== key.length || hashes[slot] !== h) continue;
      const start = starts[slot]!;
      let i = 0;
      while (i < key.length && units[start + i] === key.charCodeAt(i)) i++;
      if (i === key.length) return slot;
    }
    return -1;
  }

  /** Twice the slots, deleted ones dropped. */
  private grow(): void {
    const { hashes, starts, lengths } = this;
    const size = lengths.length * 2;
    this.hashes = new Int32Array(size);
    this.starts = new Int32Array(size);
    this.lengths = new Int32Array(size).fill(EMPTY);
    this.taken = 0;
    const mask = size - 1;
    for (let old = 0; old < lengths.length; old++) {
      if (lengths[old]! < 0) continue;
      let slot = hashes[old]! & mask;
      while (this.lengths[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.hashes[slot] = hashes[old]!;
      this.starts[slot] = starts[old]!;
      this.lengths[slot] = lengths[old]!;
      this.taken++;
    }
  }
}

/** FNV-1a over UTF-16 units. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0; // as an Int32Array holds it
}
