/**
 * Bloom filters over the first units of keys, so the hot loop can rule out a trie walk with one or two cached
 * loads. A filter is an Int32Array of 2^k words; a hash sets two bits in one word (blocked Bloom filter): its top
 * bits pick the word, its low ten bits the two bits. Signed shifts only: V8 keeps the arithmetic in int32
 * where `>>>` would turn it into doubles.
 */

/** No key contains U+FFFF (a noncharacter): it stands for "the text ends here". */
export const END_OF_TEXT = 0xffff;

export function pairHash(first: number, second: number): number {
  return Math.imul((first << 16) | second, 0x9e3779b1);
}

export function tripleHash(first: number, second: number, third: number): number {
  const h = Math.imul(pairHash(first, second) ^ Math.imul(third, 0x85ebca6b), 0xc2b2ae35);
  return h ^ (h >> 15);
}

export function filterBits(hash: number): number {
  return (1 << (hash & 31)) | (1 << ((hash >> 5) & 31));
}

/** 32 − log2(words): the shift that turns a hash into a word index (mask with words − 1). */
export function filterShift(filter: Int32Array): number {
  return 32 - Math.log2(filter.length);
}

/** About eight bits an element, which leaves some 5% false positives. */
export function buildFilter(hashes: ReadonlySet<number>): Int32Array {
  let words = 2;
  while (words * 32 < hashes.size * 8) words <<= 1;
  const filter = new Int32Array(words);
  const shift = 32 - Math.log2(words);
  for (const hash of hashes) {
    const word = (hash >> shift) & (words - 1);
    filter[word] = filter[word]! | filterBits(hash);
  }
  return filter;
}

export function filterHas(filter: Int32Array, shift: number, hash: number): boolean {
  const bits = filterBits(hash);
  return (filter[(hash >> shift) & (filter.length - 1)]! & bits) === bits;
}
