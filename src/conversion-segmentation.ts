/**
 * Segmentation beyond maximum forward match (fanjian's corrections only). Forward maximum match takes the longest
 * key at each position, so a key that overlaps a word starting inside it wins: 秀发|布 for 秀|发布 ("show | release"),
 * 码表|示 for 码|表示, 能干|政 for 能|干政. Where the key taken at `at` overlaps a key that starts inside it and ends
 * beyond it, the two paths are followed (each by forward match) until they meet at a common boundary, and the
 * path with fewer segments wins; on a tie, the one with the longer longest word (秀|发布会, not 秀发|布会), then the
 * one with fewer single characters; a full tie keeps forward match (秀发|布 stays: words alone cannot tell). Only
 * where the two paths convert differently does the segmentation change, so wherever the choice makes no
 * difference to the output, segments stay OpenCC's; and two phrases that both convert as their characters do are
 * not compared at all (most overlaps: the comparison there cost 10% of s2t's time for one character in 3 MB).
 * (Measured variants: README, "How conversion decides".)
 *
 * The test on the hot path is one trie transition per unit of a matched key (does a longer key start inside it?);
 * the comparison runs only at overlaps, with fixed scratch arrays (nothing allocated).
 */
import { ALL_DICTIONARIES, matchEntry, matchLength, type CompiledDictionary } from './dictionary/compiled-dictionary.js';
import { HEAD_UNIT } from './dictionary/head-table.js';

/** Steps each path may take before the comparison gives up (and forward match stands). */
const MAX_STEPS = 8;
/** Scratch output of each path; longer outputs keep forward match. */
const SCRATCH = 1024;
const fmmOut = new Uint16Array(SCRATCH);
const altOut = new Uint16Array(SCRATCH);

/** How many units past `at` a refinement may read, for a dictionary whose longest key is `maxKeyLength`. */
export function refinementReach(maxKeyLength: number): number {
  return (MAX_STEPS + 2) * Math.max(1, maxKeyLength);
}

/**
 * The hot path's test before refinedCut: whether a key of two or more units starts inside units[at, end) (its
 * first two units before `limit`). Most matched phrases have none; the tables are passed in so that the test
 * stays a few array reads where the pass inlines it.
 */
export function mayOverlap(alphabet: Uint16Array, symbolBase: Int32Array, check: Uint16Array, units: Uint16Array,
  at: number, end: number, limit: number): boolean {
  for (let j = at + 1; j < end && j + 1 < limit; j++) {
    const second = alphabet[units[j + 1]!]!;
    if (second !== 0 && check[symbolBase[alphabet[units[j]!]!]! + second] === second) return true;
  }
  return false;
}

/** Whether a key of two or more units starts at units[j] (j + 1 < limit). */
function startsLonger(dictionary: CompiledDictionary, units: Uint16Array, j: number): boolean {
  const second = dictionary.alphabet[units[j + 1]!]!;
  return second !== 0 && dictionary.check[dictionary.symbolBase[dictionary.alphabet[units[j]!]!]! + second] === second;
}

/** Set by step(): the segment was a key (not a single unmatched unit), and its length in units. */
let stepMatched = false;
let stepLength = 0;

/**
 * One forward-match step at units[p] within `limit`, as the segmenting pass takes it: the longest segmentation key
 * (mask), else one unit converted as a single character. Writes its output at out[o] (when it fits) and returns
 * the output length (-1 when it does not fit); the step's end is p + stepLength.
 */
function step(dictionary: CompiledDictionary, mask: number, units: Uint16Array, p: number, limit: number,
  out: Uint16Array, o: number): number {
  let found = dictionary.match(units, p, limit, mask);
  stepMatched = found >= 0;
  if (found < 0) found = dictionary.match(units, p, p + 1, ALL_DICTIONARIES);
  if (found < 0) {
    stepLength = 1;
    if (o >= out.length) return -1;
    const unit = units[p]!;
    out[o] = (dictionary.head[unit]! ^ unit) & HEAD_UNIT;
    return 1;
  }
  stepLength = matchLength(found);
  const entry = matchEntry(found);
  const vs = dictionary.valueStart[entry]!, ve = dictionary.valueStart[entry + 1]!;
  if (o + (ve - vs) > out.length) return -1;
  for (let v = vs; v < ve; v++) out[o++] = dictionary.valueUnits[v]!;
  return ve - vs;
}

/** Set by refinedCut: the furthest unit the comparison read (exclusive), for the stream's cut search. */
export let refinementRead = 0;

/**
 * The key at units[at] found by forward match ends at `end` (end - at ≥ 2). Returns the position inside it where
 * the segment should end instead (a shorter key, or single characters, up to there; the overlapping key begins
 * there), or 0 to keep forward match. Reads no further than `limit`.
 */
export function refinedCut(dictionary: CompiledDictionary, mask: number, units: Uint16Array, at: number, end: number,
  entry: number, limit: number): number {
  refinementRead = end;
  let plain = -1; // whether the key at `at` converts as its characters do one by one (computed when needed)
  for (let j = at + 1; j < end && j + 1 < limit; j++) {
    if (!startsLonger(dictionary, units, j)) continue;
    const found = dictionary.walk(units, j, limit, mask);
    if (found < 0) continue;
    const altEnd = j + matchLength(found);
    if (altEnd <= end) continue;
    if (altEnd > refinementRead) refinementRead = altEnd;
    // Two phrases that both convert as their characters do rarely make a difference: not worth following.
    if (plain < 0) plain = convertsAsCharacters(dictionary, units, at, end, entry) ? 1 : 0;
    if (plain === 1 && convertsAsCharacters(dictionary, units, j, altEnd, matchEntry(found))) continue;
    if (alternativeWins(dictionary, mask, units, at, end, j, found, limit)) return j;
  }
  return 0;
}

/** Whether entry's value (the key units[from, to)) is the one-character conversions of its units. */
function convertsAsCharacters(dictionary: CompiledDictionary, units: Uint16Array, from: number, to: number,
  entry: number): boolean {
  const vs = dictionary.valueStart[entry]!, ve = dictionary.valueStart[entry + 1]!;
  if (ve - vs !== to - from) return false;
  const head = dictionary.head, values = dictionary.valueUnits;
  for (let k = 0; k < to - from; k++) {
    const unit = units[from + k]!;
    if (((head[unit]! ^ unit) & HEAD_UNIT) !== values[vs + k]) return false;
  }
  return true;
}

/** Forward match from `at` (first segment [at, end)) against [at, j) by forward match, then the key `found` at j. */
function alternativeWins(dictionary: CompiledDictionary, mask: number, units: Uint16Array, at: number, end: number,
  j: number, found: number, limit: number): boolean {
  // The alternative's first part, forward match within [at, j).
  let p2 = at, n2 = 0, s2 = 0, o2 = 0, l1 = 0, l2 = 0;
  while (p2 < j) {
    const written = step(dictionary, mask, units, p2, j, altOut, o2);
    if (written < 0) return false;
    o2 += written;
    p2 += stepLength;
    n2++;
    if (stepLength > l2) l2 = stepLength;
    if (!stepMatched || stepLength === 1) s2++;
  }
  {
    const entry = matchEntry(found);
    const vs = dictionary.valueStart[entry]!, ve = dictionary.valueStart[entry + 1]!;
    if (o2 + (ve - vs) > SCRATCH) return false;
    for (let v = vs; v < ve; v++) altOut[o2++] = dictionary.valueUnits[v]!;
    p2 = j + matchLength(found);
    if (matchLength(found) > l2) l2 = matchLength(found);
    n2++;
  }
  // Forward match's first segment.
  let p1 = at, n1 = 0, s1 = 0, o1 = 0;
  {
    const written = step(dictionary, mask, units, p1, limit, fmmOut, o1);
    if (written < 0) return false;
    o1 += written;
    p1 += stepLength;
    if (stepLength > l1) l1 = stepLength;
    n1++;
  }
  // Follow both paths until they meet.
  for (let steps = 0; p1 !== p2; steps++) {
    if (steps >= MAX_STEPS) return false;
    const behind = p1 < p2;
    const p = behind ? p1 : p2;
    if (p >= limit) return false;
    const written = step(dictionary, mask, units, p, limit, behind ? fmmOut : altOut, behind ? o1 : o2);
    if (written < 0) return false;
    const single = !stepMatched || stepLength === 1;
    if (behind) {
      o1 += written; p1 += stepLength; n1++; if (single) s1++; if (stepLength > l1) l1 = stepLength;
    } else {
      o2 += written; p2 += stepLength; n2++; if (single) s2++; if (stepLength > l2) l2 = stepLength;
    }
    if (p1 > refinementRead) refinementRead = p1;
    if (p2 > refinementRead) refinementRead = p2;
  }
  // Fewer segments; then fewer single characters; then the longer longest word; then forward match.
  if (n2 !== n1) { if (n2 > n1) return false; }
  else if (s2 !== s1) { if (s2 > s1) return false; }
  else if (l2 <= l1) return false;
  // Only a different output is worth another segmentation.
  if (o1 !== o2) return true;
  for (let k = 0; k < o1; k++) if (fmmOut[k] !== altOut[k]) return true;
  return false;
}
