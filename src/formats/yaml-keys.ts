/**
 * The keys of a YAML document's top-level mapping, kept while the document is read entry by entry (yaml.ts) to
 * check them unique as the yaml package's caller does. A document of millions of entries has millions of keys: as
 * strings in a Set they cost about 60 bytes each of the garbage-collected heap, which the collector then sizes
 * several times over (200 MB of YAML: 560 MB resident). Here string keys are copied into one growing array of
 * UTF-16 units and found by an open-addressing table of typed arrays: exact, about 20–40 bytes a key (10
 * characters), outside the collected heap. Keys of other values (numbers, booleans, null, from entries the package reads) are few: a Set.
 */

/** What a set of keys must do (a Set<unknown> does it too). */
export interface KeySet {
  has(key: unknown): boolean;
  add(key: unknown): unknown;
  delete(key: unknown): unknown;
}

/** In `refs`: a free slot, and one whose key was deleted; otherwise the key's place in `units`, plus one. */
const EMPTY = 0, DELETED = -1;
/** Longer string keys (only from entries the package reads) go to the Set: a key's length takes one unit. */
const LONGEST = 0xffff;

export class TopLevelKeys implements KeySet {
  /** Each key as its length and then its UTF-16 units. */
  private units = new Uint16Array(1 << 12);
  private used = 0;
  private hashes = new Int32Array(1 << 10);
  private refs = new Int32Array(1 << 10);
  /** Slots taken, deleted ones included (they lengthen searches until the table grows). */
  private taken = 0;
  private readonly others = new Set<unknown>();

  has(key: unknown): boolean {
    return typeof key === 'string' && key.length <= LONGEST ? this.slotOf(key, hash(key)) >= 0 : this.others.has(key);
  }

  add(key: unknown): this {
    if (typeof key !== 'string' || key.length > LONGEST) {
      this.others.add(key);
      return this;
    }
    const h = hash(key);
    if (this.slotOf(key, h) >= 0) return this;
    if ((this.taken + 1) * 4 > this.refs.length * 3) this.grow();
    while (this.used + 1 + key.length > this.units.length) {
      const units = new Uint16Array(this.units.length * 2);
      units.set(this.units.subarray(0, this.used));
      this.units = units;
    }
    const at = this.used;
    this.units[at] = key.length;
    for (let i = 0; i < key.length; i++) this.units[at + 1 + i] = key.charCodeAt(i);
    this.used += 1 + key.length;
    const mask = this.refs.length - 1;
    let slot = h & mask;
    while (this.refs[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.hashes[slot] = h;
    this.refs[slot] = at + 1;
    this.taken++;
    return this;
  }

  delete(key: unknown): boolean {
    if (typeof key !== 'string' || key.length > LONGEST) return this.others.delete(key);
    const slot = this.slotOf(key, hash(key));
    if (slot < 0) return false;
    this.refs[slot] = DELETED;
    return true;
  }

  private slotOf(key: string, h: number): number {
    const { hashes, refs, units } = this;
    const mask = refs.length - 1;
    for (let slot = h & mask; refs[slot] !== EMPTY; slot = (slot + 1) & mask) {
      const ref = refs[slot]!;
      if (ref === DELETED || hashes[slot] !== h || units[ref - 1] !== key.length) continue;
      let i = 0;
      while (i < key.length && units[ref + i] === key.charCodeAt(i)) i++;
      if (i === key.length) return slot;
    }
    return -1;
  }

  /** Twice the slots, deleted ones dropped. */
  private grow(): void {
    const { hashes, refs } = this;
    const size = refs.length * 2;
    this.hashes = new Int32Array(size);
    this.refs = new Int32Array(size);
    this.taken = 0;
    const mask = size - 1;
    for (let old = 0; old < refs.length; old++) {
      if (refs[old]! <= 0) continue;
      let slot = hashes[old]! & mask;
      while (this.refs[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.hashes[slot] = hashes[old]!;
      this.refs[slot] = refs[old]!;
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
